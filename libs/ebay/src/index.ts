export { EbayModule, EbayModuleOptions } from './ebay.module';
