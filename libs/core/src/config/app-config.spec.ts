import { ConfigError, loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://app@db:5432/stoflow',
  JWT_SECRET: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('applies the defaults and converts numbers', () => {
    const config = loadConfig({ ...valid, PORT: '8080', CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.PORT).toBe(8080);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.JWT_ACCESS_TTL_SECONDS).toBe(3600);
    expect(config.roleNamespace).toBe('stoflow');
    // Two installs on one Redis, each with its own database, never share queues.
    expect(config.QUEUE_PREFIX).toBe('stoflow_stoflow');
    expect(loadConfig({ ...valid, DATABASE_URL: 'postgres://u@h/other_db' }).QUEUE_PREFIX).toBe('stoflow_other_db');
    expect(loadConfig({ ...valid, QUEUE_PREFIX: 'shared' }).QUEUE_PREFIX).toBe('shared');
  });

  it('trusts no proxy unless TRUST_PROXY names them (a hop count or addresses/CIDRs)', () => {
    expect(loadConfig(valid).trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...valid, TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
    ]);
  });

  it('leaves Etsy unconfigured when its credentials are empty', () => {
    const config = loadConfig({ ...valid, ETSY_KEYSTRING: '', ETSY_SHARED_SECRET: '', ETSY_REDIRECT_URI: '' });
    expect([config.ETSY_KEYSTRING, config.ETSY_SHARED_SECRET, config.ETSY_REDIRECT_URI]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(config.ETSY_API_BASE_URL).toBe('https://api.etsy.com');
  });

  it('derives the role namespace from the database name unless one is set', () => {
    expect(loadConfig({ ...valid, DATABASE_URL: 'postgres://h/My-Shop' }).roleNamespace).toBe('my_shop');
    expect(loadConfig({ ...valid, TENANT_ROLE_NAMESPACE: 'prod_eu' }).roleNamespace).toBe('prod_eu');
  });

  it.each([
    [{ PORT: '99999' }, 'Invalid setting PORT: must not be greater than 65535 (got "99999")'],
    [{ PORT: 'abc' }, /^Invalid setting PORT: /],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid setting DATABASE_URL: must be a postgres:// URL'],
    [{ JWT_SECRET: 'short' }, 'Invalid setting JWT_SECRET: must be at least 32 characters'],
    [{ LOG_LEVEL: 'loud' }, /^Invalid setting LOG_LEVEL: must be one of/],
    [
      { ETSY_API_BASE_URL: 'https://api.etsy.com/v3' },
      'Invalid setting ETSY_API_BASE_URL: must be an http(s) origin without a path (got "https://api.etsy.com/v3")',
    ],
    // A secret never reaches the logs, even when it is wrong.
    [
      { ETSY_SHARED_SECRET: 'has space' },
      'Invalid setting ETSY_SHARED_SECRET: must be the letters and digits of the shared secret',
    ],
    [{ TENANT_ROLE_NAMESPACE: 'Bad-NS' }, /^Invalid setting TENANT_ROLE_NAMESPACE/],
    [
      { CREDENTIALS_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') },
      'Invalid setting CREDENTIALS_ENCRYPTION_KEY: must be the base64 of exactly 32 bytes (44 characters)',
    ],
    [
      { CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: 'not base64 at all' },
      'Invalid setting CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: must be the base64 of exactly 32 bytes (44 characters)',
    ],
    [{ TRUST_PROXY: 'true' }, /^Invalid setting TRUST_PROXY: must be a hop count or a comma-separated list/],
    [{ TRUST_PROXY: '10.0.0.0/8; rm' }, /^Invalid setting TRUST_PROXY/],
  ])('names the wrong setting in one line: %j', (change, message) => {
    const attempt = () => loadConfig({ ...valid, ...change });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('says when a required setting is missing, without printing secrets', () => {
    expect(() => loadConfig({ JWT_SECRET: valid.JWT_SECRET })).toThrow(
      'Invalid setting DATABASE_URL: it is required and not set',
    );
    expect(() => loadConfig({ ...valid, JWT_SECRET: 'secret-but-short' })).not.toThrow(/secret-but-short/);
  });

  it('requires the credentials key in production only, and accepts 32 bytes of base64', () => {
    expect(loadConfig(valid).CREDENTIALS_ENCRYPTION_KEY).toBeUndefined();
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow(
      'Invalid setting CREDENTIALS_ENCRYPTION_KEY: it is required and not set',
    );
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({ ...valid, NODE_ENV: 'production', CREDENTIALS_ENCRYPTION_KEY: key }).CREDENTIALS_ENCRYPTION_KEY,
    ).toBe(key);
    expect(() => loadConfig({ ...valid, CREDENTIALS_ENCRYPTION_KEY: `${key.slice(0, -2)}==` })).toThrow(
      /^Invalid setting CREDENTIALS_ENCRYPTION_KEY: must be the base64 of exactly 32 bytes \(44 characters\)$/,
    );
  });
});
