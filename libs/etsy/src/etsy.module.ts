import { DynamicModule, Module } from '@nestjs/common';
import { EtsyConfiguredGuard } from './access/etsy-configured.guard';
import { EtsySettings } from './etsy-settings';

export interface EtsyModuleOptions {
  /** `api` will serve the seller's Etsy routes; every app gets the settings (and, later, the driver). */
  app: 'api' | 'worker' | 'cli';
}

/** Etsy through its Open API v3 with the seller's OAuth token. */
@Module({})
export class EtsyModule {
  static forRoot({ app }: EtsyModuleOptions): DynamicModule {
    return {
      module: EtsyModule,
      providers: app === 'api' ? [EtsySettings, EtsyConfiguredGuard] : [EtsySettings],
    };
  }
}
