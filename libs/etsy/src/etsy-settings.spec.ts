import { AppConfig } from '@stoflow/core';
import { EtsyConfiguredGuard } from './access/etsy-configured.guard';
import { EtsySettings } from './etsy-settings';

const config = (over: Partial<AppConfig>): AppConfig => Object.assign(new AppConfig(), over);

describe('EtsySettings', () => {
  it('is configured only with both the keystring and the shared secret', () => {
    expect(new EtsySettings(config({})).configured).toBe(false);
    expect(new EtsySettings(config({ ETSY_KEYSTRING: 'abc' })).configured).toBe(false);
    expect(new EtsySettings(config({ ETSY_SHARED_SECRET: 's3' })).configured).toBe(false);
    expect(new EtsySettings(config({ ETSY_KEYSTRING: 'abc', ETSY_SHARED_SECRET: 's3' })).configured).toBe(true);
  });

  it("sends today's x-api-key form: keystring, colon, shared secret", () => {
    const settings = new EtsySettings(config({ ETSY_KEYSTRING: 'abc', ETSY_SHARED_SECRET: 's3' }));
    expect(settings.apiKeyHeader()).toEqual({ 'x-api-key': 'abc:s3' });
  });

  it('refuses Etsy routes with 422 MARKETPLACE_NOT_CONFIGURED when a credential is missing', () => {
    const guard = new EtsyConfiguredGuard(new EtsySettings(config({ ETSY_KEYSTRING: 'abc' })));
    expect(() => guard.canActivate()).toThrow(
      expect.objectContaining({ code: 'MARKETPLACE_NOT_CONFIGURED', status: 422 }) as Error,
    );
    expect(
      new EtsyConfiguredGuard(new EtsySettings(config({ ETSY_KEYSTRING: 'a', ETSY_SHARED_SECRET: 'b' }))).canActivate(),
    ).toBe(true);
  });
});
