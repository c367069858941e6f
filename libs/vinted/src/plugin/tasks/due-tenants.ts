import { Injectable } from '@nestjs/common';
import { AppConfig, DueTenants as DueTenantsBase, RedisClient } from '@stoflow/core';
import { PluginSettings } from '../plugin-settings';

/** Tenants with a plugin task deadline or lease to watch (the plugin sweeper's list). */
@Injectable()
export class DueTenants extends DueTenantsBase {
  protected override readonly name = 'plugin:due';

  constructor(
    redis: RedisClient,
    config: AppConfig,
    private readonly settings: PluginSettings,
  ) {
    super(redis, config);
  }

  protected override get batchMs(): number {
    return this.settings.leaseMarkBatchMs;
  }
}
