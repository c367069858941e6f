import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { Marketplace } from '@stoflow/catalog';
import { BusinessRuleViolation } from '@stoflow/core';
import { MARKETPLACE_DRIVER } from './marketplace-driver.decorator';
import type { MarketplaceDriver } from './marketplace-driver';

/** The marketplace drivers of this process, found at start among the providers marked `@MarketplaceDriverFor`. */
@Injectable()
export class Drivers implements OnModuleInit {
  private readonly byName = new Map<Marketplace, MarketplaceDriver>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const name = this.reflector.get<Marketplace | undefined>(MARKETPLACE_DRIVER, wrapper.metatype);
      if (!name) continue;
      const known = this.byName.get(name);
      if (known && known !== wrapper.instance) throw new Error(`Two drivers for ${name}: one marketplace, one driver`);
      this.byName.set(name, wrapper.instance as MarketplaceDriver);
    }
  }

  find(marketplace: Marketplace): MarketplaceDriver | undefined {
    return this.byName.get(marketplace);
  }

  /** The driver, or 422 MARKETPLACE_NOT_CONNECTED: StoFlow cannot reach that marketplace in this install. */
  get(marketplace: Marketplace): MarketplaceDriver {
    const driver = this.byName.get(marketplace);
    if (!driver) {
      throw new BusinessRuleViolation('MARKETPLACE_NOT_CONNECTED', `${marketplace} is not connected to your account`, [
        { field: 'marketplaces', issue: `${marketplace} is not connected`, marketplace },
      ]);
    }
    return driver;
  }

  all(): MarketplaceDriver[] {
    return [...this.byName.values()];
  }
}
