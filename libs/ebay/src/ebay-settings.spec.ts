import { loadConfig } from '@stoflow/core';
import { EbaySettings } from './ebay-settings';

const base = { DATABASE_URL: 'postgres://app@db:5432/stoflow', JWT_SECRET: 'x'.repeat(32) };

describe('eBay settings', () => {
  it('default to eBay production, and are off without the whole keyset', () => {
    const settings = new EbaySettings(loadConfig(base));
    expect([settings.apiBaseUrl, settings.authBaseUrl]).toEqual(['https://api.ebay.com', 'https://auth.ebay.com']);
    expect(settings.configured).toBe(false);
    expect(() => settings.basicAuthorization()).toThrow(/EBAY_CLIENT_ID/);
    const partial = new EbaySettings(loadConfig({ ...base, EBAY_CLIENT_ID: 'app', EBAY_CLIENT_SECRET: 'secret' }));
    expect(partial.configured).toBe(false);
  });

  it('point at the sandbox by their hosts alone, and send Basic auth of the keyset', () => {
    const settings = new EbaySettings(
      loadConfig({
        ...base,
        EBAY_API_BASE_URL: 'https://api.sandbox.ebay.com',
        EBAY_AUTH_BASE_URL: 'https://auth.sandbox.ebay.com',
        EBAY_CLIENT_ID: 'App-ID-1',
        EBAY_CLIENT_SECRET: 'Cert-ID-1',
        EBAY_RU_NAME: 'Stoflow-RuName',
      }),
    );
    expect(settings.configured).toBe(true);
    expect(settings.basicAuthorization()).toBe(`Basic ${Buffer.from('App-ID-1:Cert-ID-1').toString('base64')}`);
  });

  it('refuse a URL where eBay wants a RuName, and a short verification token, naming the setting', () => {
    expect(() => loadConfig({ ...base, EBAY_RU_NAME: 'https://x.example/cb' })).toThrow(/EBAY_RU_NAME/);
    expect(() => loadConfig({ ...base, EBAY_NOTIFICATION_VERIFICATION_TOKEN: 'short' })).toThrow(
      /EBAY_NOTIFICATION_VERIFICATION_TOKEN/,
    );
  });
});
