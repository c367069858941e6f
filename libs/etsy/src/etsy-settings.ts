import { Injectable } from '@nestjs/common';
import { AppConfig } from '@stoflow/core';
import { EtsyNotConfigured } from './access/etsy-not-configured';

/** The app's Etsy credentials and hosts, read once per process from the validated settings. */
@Injectable()
export class EtsySettings {
  readonly apiBaseUrl: string;
  readonly authBaseUrl: string;
  readonly redirectUri: string | undefined;
  readonly webhookSecret: string | undefined;
  private readonly keystring: string | undefined;
  private readonly sharedSecret: string | undefined;

  constructor(config: AppConfig) {
    this.apiBaseUrl = config.ETSY_API_BASE_URL;
    this.authBaseUrl = config.ETSY_AUTH_BASE_URL;
    this.redirectUri = config.ETSY_REDIRECT_URI;
    this.webhookSecret = config.ETSY_WEBHOOK_SECRET;
    this.keystring = config.ETSY_KEYSTRING;
    this.sharedSecret = config.ETSY_SHARED_SECRET;
  }

  /** Etsy answers 403 to any call without both halves of the key, so one alone is as good as none. */
  get configured(): boolean {
    return Boolean(this.keystring && this.sharedSecret);
  }

  /** The keystring, as the OAuth client id. */
  keystringValue(): string {
    if (!this.keystring || !this.configured) throw new EtsyNotConfigured();
    return this.keystring;
  }

  redirect(): string {
    if (!this.redirectUri) throw new EtsyNotConfigured();
    return this.redirectUri;
  }

  /** Today's form of the header (ETSY.md): the keystring-only form of the official document is refused. */
  apiKeyHeader(): { 'x-api-key': string } {
    if (!this.keystring || !this.sharedSecret) throw new EtsyNotConfigured();
    return { 'x-api-key': `${this.keystring}:${this.sharedSecret}` };
  }
}
