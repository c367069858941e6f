import { Injectable } from '@nestjs/common';
import { AppConfig } from '@stoflow/core';
import { EbayNotConfigured } from './access/ebay-not-configured';

/** The app's eBay keyset, hosts and notification endpoint, read once per process from the validated settings. */
@Injectable()
export class EbaySettings {
  readonly apiBaseUrl: string;
  readonly authBaseUrl: string;
  readonly ruName: string | undefined;
  readonly verificationToken: string | undefined;
  readonly notificationEndpoint: string | undefined;
  readonly dashboardUrl: string | undefined;
  private readonly clientId: string | undefined;
  private readonly clientSecret: string | undefined;

  constructor(config: AppConfig) {
    this.apiBaseUrl = config.EBAY_API_BASE_URL;
    this.authBaseUrl = config.EBAY_AUTH_BASE_URL;
    this.ruName = config.EBAY_RU_NAME;
    this.clientId = config.EBAY_CLIENT_ID;
    this.clientSecret = config.EBAY_CLIENT_SECRET;
    this.verificationToken = config.EBAY_NOTIFICATION_VERIFICATION_TOKEN;
    this.notificationEndpoint = config.EBAY_NOTIFICATION_ENDPOINT_URL;
    this.dashboardUrl = config.DASHBOARD_URL;
  }

  /** A seller can only be sent to consent, and come back, with the whole keyset and its RuName. */
  get configured(): boolean {
    return Boolean(this.clientId && this.clientSecret && this.ruName);
  }

  /** The app's client id, for the consent page's query. */
  get appId(): string {
    if (!this.clientId || !this.configured) throw new EbayNotConfigured();
    return this.clientId;
  }

  /** `Authorization: Basic base64(client_id:client_secret)`, as eBay's token endpoint wants it. */
  basicAuthorization(): string {
    if (!this.clientId || !this.clientSecret) throw new EbayNotConfigured();
    return `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
  }

  redirectName(): string {
    if (!this.ruName) throw new EbayNotConfigured();
    return this.ruName;
  }
}
