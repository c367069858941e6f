export { EtsyModule, EtsyModuleOptions } from './etsy.module';
