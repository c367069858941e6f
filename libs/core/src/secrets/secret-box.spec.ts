import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../config/app-config';
import { SealedSecret, SecretBox, SecretUnreadable } from './secret-box';

const newKey = (): string => randomBytes(32).toString('base64');

function box(current?: string, previous?: string): SecretBox {
  return new SecretBox(
    loadConfig({
      DATABASE_URL: 'postgres://app@db:5432/stoflow',
      JWT_SECRET: 'x'.repeat(32),
      CREDENTIALS_ENCRYPTION_KEY: current,
      CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: previous,
    }),
  );
}

/** Flips one bit of a base64 field, so the value stays well-formed but is no longer what was sealed. */
function flipped(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
}

describe('SecretBox', () => {
  const key = newKey();

  it('opens what it sealed, with and without associated data', () => {
    const secrets = box(key);
    const token = 'v^1.1#i^1#r^1#p^3#f^0#t^Ul4xMF8zOjE2RkI5QUE1'; // shaped like an eBay refresh token
    expect(secrets.open(secrets.seal(token), undefined)).toBe(token);
    expect(secrets.open(secrets.seal(token, 'ebay:connection:7'), 'ebay:connection:7')).toBe(token);
    expect(secrets.open(secrets.seal(''))).toBe('');
    expect(secrets.open(secrets.seal('é ✓ 🧥'))).toBe('é ✓ 🧥');
  });

  it('names the key by a short hash, and never repeats an iv', () => {
    const secrets = box(key);
    const a = secrets.seal('same');
    const b = secrets.seal('same');
    expect(a.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(a.keyId).toBe(secrets.currentKeyId);
    expect(a.keyId).not.toContain(key);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it.each<[string, (sealed: SealedSecret) => SealedSecret]>([
    ['its iv is changed', (s) => ({ ...s, iv: flipped(s.iv) })],
    ['its tag is changed', (s) => ({ ...s, tag: flipped(s.tag) })],
    ['its ciphertext is changed', (s) => ({ ...s, ciphertext: flipped(s.ciphertext) })],
    ['its tag is truncated', (s) => ({ ...s, tag: Buffer.from(s.tag, 'base64').subarray(0, 4).toString('base64') })],
  ])('refuses a value when %s', (_field, tamper) => {
    const secrets = box(key);
    expect(() => secrets.open(tamper(secrets.seal('refresh-token', 'etsy:shop:3')), 'etsy:shop:3')).toThrow(
      SecretUnreadable,
    );
  });

  it('refuses a value opened with other associated data, or without it', () => {
    const secrets = box(key);
    const sealed = secrets.seal('refresh-token', 'etsy:shop:3');
    expect(() => secrets.open(sealed, 'etsy:shop:4')).toThrow(SecretUnreadable);
    expect(() => secrets.open(sealed)).toThrow(SecretUnreadable);
    expect(() => secrets.open(secrets.seal('refresh-token'), 'etsy:shop:3')).toThrow(SecretUnreadable);
  });

  it('opens values sealed with the previous key after a rotation, and seals with the new one', () => {
    const oldKey = key;
    const sealedBefore = box(oldKey).seal('token-from-before', 'ebay:connection:1');

    const rotated = box(newKey(), oldKey);
    expect(rotated.open(sealedBefore, 'ebay:connection:1')).toBe('token-from-before');
    const sealedAfter = rotated.seal('token-from-after');
    expect(sealedAfter.keyId).not.toBe(sealedBefore.keyId);
    expect(rotated.open(sealedAfter)).toBe('token-from-after');
  });

  it('refuses, with a typed error, a value sealed with a key that is neither current nor previous', () => {
    const sealed = box(newKey()).seal('orphan');
    const attempt = () => box(key, newKey()).open(sealed);
    expect(attempt).toThrow(SecretUnreadable);
    expect(attempt).toThrow(`sealed with key ${sealed.keyId}, which is neither CREDENTIALS_ENCRYPTION_KEY`);
  });

  it('without a key, fails on use with the setting named', () => {
    const secrets = box(undefined);
    expect(() => secrets.seal('x')).toThrow(ConfigError);
    expect(() => secrets.seal('x')).toThrow(/^Invalid setting CREDENTIALS_ENCRYPTION_KEY: /);
    expect(() => secrets.open(box(key).seal('x'))).toThrow(ConfigError);
  });

  it('cannot be built from a key that is not 32 bytes of base64', () => {
    expect(() => box(randomBytes(31).toString('base64'))).toThrow(
      'Invalid setting CREDENTIALS_ENCRYPTION_KEY: must be the base64 of exactly 32 bytes (44 characters)',
    );
    expect(() => box(key, randomBytes(24).toString('base64'))).toThrow(ConfigError);
  });
});
