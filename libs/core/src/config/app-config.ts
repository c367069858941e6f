import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const TRUST_PROXY_FORMAT = /^(?!true$)(\d{1,2}|[\w.:/-]+(\s*,\s*[\w.:/-]+)*)$/;

const toList = ({ value }: { value: unknown }): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : Array.isArray(value)
      ? (value as string[])
      : [];

/** Standard base64 of exactly 32 bytes: 43 characters and one `=` of padding. */
const AES_256_KEY = /^[A-Za-z0-9+/]{43}=$/;
const AES_256_KEY_MESSAGE = 'must be the base64 of exactly 32 bytes (44 characters)';

/**
 * Every setting the processes read, with its default. `.env.example` lists the same names.
 * Values come from the environment only; nothing else reads `process.env`.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Proxies whose `X-Forwarded-For` is believed: unset trusts none (the client IP is the socket's), a number
   * trusts that many hops, or a comma-separated list of addresses / CIDRs (or proxy-addr's `loopback`,
   * `linklocal`, `uniquelocal`). `true` is refused: trusting every hop lets a client choose its own IP.
   */
  @IsOptional()
  @Matches(TRUST_PROXY_FORMAT, { message: 'must be a hop count or a comma-separated list of proxy addresses/CIDRs' })
  TRUST_PROXY?: string;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_MAX = 10;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'must be lower-case letters, digits and _ (at most 40)' })
  TENANT_ROLE_NAMESPACE?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET!: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET_PREVIOUS?: string;

  /**
   * AES-256 key that seals marketplace credentials (SecretBox). Required in production; elsewhere `npm start`
   * generates one, and a process without it fails only when it seals or opens a credential.
   */
  @ValidateIf(
    (config: AppConfig) => config.NODE_ENV === 'production' || config.CREDENTIALS_ENCRYPTION_KEY !== undefined,
  )
  @Matches(AES_256_KEY, { message: AES_256_KEY_MESSAGE })
  CREDENTIALS_ENCRYPTION_KEY?: string;

  /** The key used before the last rotation: credentials it sealed can still be opened. */
  @IsOptional()
  @Matches(AES_256_KEY, { message: AES_256_KEY_MESSAGE })
  CREDENTIALS_ENCRYPTION_KEY_PREVIOUS?: string;

  @IsInt()
  @Min(60)
  @Max(24 * 3600)
  JWT_ACCESS_TTL_SECONDS = 3600;

  @IsInt()
  @Min(3600)
  @Max(90 * 24 * 3600)
  JWT_REFRESH_TTL_SECONDS = 7 * 24 * 3600;

  /**
   * How long an API process may reuse what it loaded about an authenticated user (exists, not disabled, role,
   * tier) before reading it again; changes made through the auth module reach every process at once over Redis,
   * this only bounds changes made behind its back (SQL by hand). 0 reads the user on every request.
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  AUTH_USER_CACHE_MS = 5000;

  /** Login attempts allowed per client IP and per email within the window (counted in Redis). */
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_LIMIT_PER_IP = 30;

  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_LIMIT_PER_EMAIL = 10;

  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_LIMIT_WINDOW_SECONDS = 60;

  /** Registrations per client IP within the window (each creates a schema, a role and an argon2 hash). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  REGISTER_LIMIT_PER_IP = 10;

  @IsInt()
  @Min(1)
  @Max(86_400)
  REGISTER_LIMIT_WINDOW_SECONDS = 3600;

  /** Pairing-code creations and exchanges per client IP within the window. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  PAIRING_LIMIT_PER_IP = 20;

  @IsInt()
  @Min(1)
  @Max(86_400)
  PAIRING_LIMIT_WINDOW_SECONDS = 600;

  /** Password checks per user within the window (`DELETE /api/auth/me`), so a stolen access token cannot guess. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  PASSWORD_CHECK_LIMIT_PER_USER = 5;

  @IsInt()
  @Min(1)
  @Max(86_400)
  PASSWORD_CHECK_LIMIT_WINDOW_SECONDS = 900;

  /**
   * Prefix of every Redis key of this install (Bull queues, wake-ups, due lists). Unset, it is `stoflow_` and the
   * database's name (see `loadConfig`): two installs on one Redis then never take each other's jobs.
   */
  @IsString()
  @MaxLength(60)
  QUEUE_PREFIX = '';

  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS = 250;

  /** Local-disk media storage (product images), relative to the working directory unless absolute. */
  @IsString()
  MEDIA_DIR = '.data/media';

  /** Key of the HMAC that signs media URLs; unset means one derived from JWT_SECRET. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  MEDIA_SIGNING_SECRET?: string;

  /** How long a signed media URL stays valid. */
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  MEDIA_URL_TTL_SECONDS = 7 * 24 * 3600;

  /** Origin put before signed media URLs (marketplaces fetch images from it); empty gives relative URLs. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'must be an http(s) URL' })
  MEDIA_PUBLIC_BASE_URL?: string;

  /** Sent outbox events are kept this many days (for inspection), then deleted by the relay. */
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 7;

  /**
   * Scales the pacing of Vinted calls per account (VINTED.md's gaps: 3–8 s before a read, 5–12 s before a
   * write…), in percent: 100 is the production pace, 0 turns pacing off (tests that do not measure it); a fraction
   * such as 0.2 keeps the paced path at a test's speed.
   */
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1000)
  VINTED_PACING_PERCENT = 100;

  /** Waiting long-polls per plugin token; a new one beyond it answers the oldest with 204. */
  @IsInt()
  @Min(1)
  @Max(1000)
  PLUGIN_POLLS_PER_TOKEN = 2;

  /** TRUST_PROXY as Fastify takes it: false (no proxy), a hop count, or the list of trusted addresses. */
  get trustProxy(): false | number | string[] {
    const value = this.TRUST_PROXY?.trim();
    if (!value) return false;
    if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
    return value.split(',').map((s) => s.trim());
  }

  /** eBay's REST host: every Sell/Commerce call and the token endpoint `{base}/identity/v1/oauth2/token`. */
  @Matches(/^https?:\/\/[^/]+$/, { message: 'must be an http(s) origin without a path' })
  EBAY_API_BASE_URL = 'https://api.ebay.com';

  /** eBay's sign-in host: the seller gives consent at `{base}/oauth2/authorize`. */
  @Matches(/^https?:\/\/[^/]+$/, { message: 'must be an http(s) origin without a path' })
  EBAY_AUTH_BASE_URL = 'https://auth.ebay.com';

  /** The app's client id (App ID) from eBay's developer portal; unset leaves eBay off (its routes answer 422). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be the App ID of the eBay keyset' })
  EBAY_CLIENT_ID?: string;

  /** The app's client secret (Cert ID). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be the Cert ID of the eBay keyset' })
  EBAY_CLIENT_SECRET?: string;

  /** The RuName eBay binds to this API's `/api/ebay/callback`: sent as `redirect_uri` (it is a name, not a URL). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'must be the RuName string of the developer portal, not a URL' })
  EBAY_RU_NAME?: string;

  /** The verification token given to eBay for account-deletion notices (32 to 80 of A-Z a-z 0-9 _ -). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{32,80}$/, { message: 'must be 32 to 80 letters, digits, _ or -' })
  EBAY_NOTIFICATION_VERIFICATION_TOKEN?: string;

  /** The exact public URL registered for account-deletion notices (part of the challenge's hash). */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+\/.*$/, { message: 'must be the http(s) URL registered on eBay' })
  EBAY_NOTIFICATION_ENDPOINT_URL?: string;

  /** The dashboard a seller returns to after a marketplace's consent page (outcome in the query); unset: JSON. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'must be an http(s) URL' })
  DASHBOARD_URL?: string;

  /** Etsy Open API v3 host: calls go under `/v3/application/…`, tokens to `/v3/public/oauth/token`. */
  @Matches(/^https?:\/\/[^/]+$/, { message: 'must be an http(s) origin without a path' })
  ETSY_API_BASE_URL = 'https://api.etsy.com';

  /** Etsy's site: the seller gives consent at `{base}/oauth/connect`. */
  @Matches(/^https?:\/\/[^/]+$/, { message: 'must be an http(s) origin without a path' })
  ETSY_AUTH_BASE_URL = 'https://www.etsy.com';

  /** The app's keystring ("Your Apps" on Etsy); unset leaves Etsy off (its routes answer 422). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9]+$/, { message: 'must be the letters and digits of the keystring' })
  ETSY_KEYSTRING?: string;

  /** The app's shared secret: Etsy refuses since February 2026 any x-api-key without it. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9]+$/, { message: 'must be the letters and digits of the shared secret' })
  ETSY_SHARED_SECRET?: string;

  /** Where Etsy sends the seller back after consent: this API's `/api/etsy/callback`, as registered on Etsy. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+\/.*$/, { message: 'must be an http(s) URL ending in /api/etsy/callback' })
  ETSY_REDIRECT_URI?: string;

  /** The signing secret of Etsy's webhooks (`whsec_…`, from the webhook portal); unset: receipts are polled only. */
  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9+/=]+$/, { message: 'must be the whsec_… signing secret of the Etsy webhook portal' })
  ETSY_WEBHOOK_SECRET?: string;

  /** Role namespace: the configured one, or the database name, so two databases never share roles. */
  get roleNamespace(): string {
    if (this.TENANT_ROLE_NAMESPACE) return this.TENANT_ROLE_NAMESPACE;
    const db = decodeURIComponent(new URL(this.DATABASE_URL).pathname.replace(/^\//, '')) || 'postgres';
    return db
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 40);
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SECRET_KEYS = new Set([
  'DATABASE_URL',
  'JWT_SECRET',
  'JWT_SECRET_PREVIOUS',
  'REDIS_URL',
  'MEDIA_SIGNING_SECRET',
  'CREDENTIALS_ENCRYPTION_KEY',
  'CREDENTIALS_ENCRYPTION_KEY_PREVIOUS',
  'ETSY_SHARED_SECRET',
  'EBAY_CLIENT_SECRET',
  'EBAY_NOTIFICATION_VERIFICATION_TOKEN',
  'ETSY_WEBHOOK_SECRET',
]);
const OPTIONAL_KEYS = [
  'DATABASE_URL',
  'JWT_SECRET',
  'JWT_SECRET_PREVIOUS',
  'CREDENTIALS_ENCRYPTION_KEY',
  'CREDENTIALS_ENCRYPTION_KEY_PREVIOUS',
  'TENANT_ROLE_NAMESPACE',
  'MEDIA_SIGNING_SECRET',
  'MEDIA_PUBLIC_BASE_URL',
  'TRUST_PROXY',
  'ETSY_KEYSTRING',
  'ETSY_SHARED_SECRET',
  'ETSY_REDIRECT_URI',
  'EBAY_CLIENT_ID',
  'EBAY_CLIENT_SECRET',
  'EBAY_RU_NAME',
  'EBAY_NOTIFICATION_VERIFICATION_TOKEN',
  'EBAY_NOTIFICATION_ENDPOINT_URL',
  'DASHBOARD_URL',
  'ETSY_WEBHOOK_SECRET',
];

/** Turns the raw environment into a checked AppConfig; the first bad setting is named in one line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const defaults = new AppConfig() as unknown as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of [...Object.keys(defaults), ...OPTIONAL_KEYS]) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = typeof defaults[key] === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const [first] = validateSync(config);
  if (first) {
    const key = first.property;
    if (raw[key] === undefined) throw new ConfigError(`Invalid setting ${key}: it is required and not set`);
    const why = (Object.values(first.constraints ?? {})[0] ?? 'is invalid').replace(`${key} `, '');
    const shown = SECRET_KEYS.has(key) ? '' : ` (got ${JSON.stringify(env[key])})`;
    throw new ConfigError(`Invalid setting ${key}: ${why}${shown}`);
  }
  if (!config.QUEUE_PREFIX) config.QUEUE_PREFIX = `stoflow_${config.roleNamespace}`;
  return config;
}
