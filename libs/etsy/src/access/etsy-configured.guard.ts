import { CanActivate, Injectable } from '@nestjs/common';
import { EtsySettings } from '../etsy-settings';
import { EtsyNotConfigured } from './etsy-not-configured';

/** Etsy routes refuse before any work when the operator has not given the app's credentials. */
@Injectable()
export class EtsyConfiguredGuard implements CanActivate {
  constructor(private readonly settings: EtsySettings) {}

  canActivate(): boolean {
    if (this.settings.configured) return true;
    throw new EtsyNotConfigured();
  }
}
