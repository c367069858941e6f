import { CanActivate, Injectable } from '@nestjs/common';
import { EbaySettings } from '../ebay-settings';
import { EbayNotConfigured } from './ebay-not-configured';

/** eBay routes refuse before any work when the operator has not given the app's keyset. */
@Injectable()
export class EbayConfiguredGuard implements CanActivate {
  constructor(private readonly settings: EbaySettings) {}

  canActivate(): boolean {
    if (this.settings.configured) return true;
    throw new EbayNotConfigured();
  }
}
