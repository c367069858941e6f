import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { AppConfig, ConfigError } from '../config/app-config';

/** A sealed value as stored beside its owner (e.g. a marketplace connection); every field is base64. */
export interface SealedSecret {
  /** Names the key that sealed it, without revealing it: the first 8 hex characters of its SHA-256. */
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** A sealed value that no configured key can open, or that was altered (or bound to other data) since. */
export class SecretUnreadable extends Error {
  override name = 'SecretUnreadable';
}

interface Key {
  id: string;
  key: KeyObject;
}

const ALGORITHM = 'aes-256-gcm';
// 96-bit nonces are GCM's native size; random ones are safe for far more seals than a key will ever see.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals secrets (marketplace OAuth tokens) with AES-256-GCM under CREDENTIALS_ENCRYPTION_KEY, and opens them with
 * that key or CREDENTIALS_ENCRYPTION_KEY_PREVIOUS, so a key can be rotated without losing what the old one sealed.
 * The optional `aad` binds a value to its owner (e.g. "ebay:connection:42"): the same sealed value copied to another
 * row does not open there.
 */
@Injectable()
export class SecretBox {
  private readonly current?: Key;
  private readonly byId = new Map<string, Key>();

  constructor(@Inject(AppConfig) config: AppConfig) {
    const keys = [config.CREDENTIALS_ENCRYPTION_KEY, config.CREDENTIALS_ENCRYPTION_KEY_PREVIOUS]
      .filter((value): value is string => value !== undefined)
      .map(toKey);
    this.current = config.CREDENTIALS_ENCRYPTION_KEY === undefined ? undefined : keys[0];
    for (const key of keys) if (!this.byId.has(key.id)) this.byId.set(key.id, key);
  }

  /** Id of the key new seals use: a stored value with another id is due to be sealed again after a rotation. */
  get currentKeyId(): string {
    return this.requireCurrent().id;
  }

  seal(plaintext: string, aad?: string): SealedSecret {
    const { id, key } = this.requireCurrent();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      keyId: id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  open(sealed: SealedSecret, aad?: string): string {
    this.requireCurrent();
    const entry = this.byId.get(sealed.keyId);
    if (!entry) {
      throw new SecretUnreadable(
        `The secret was sealed with key ${sealed.keyId}, which is neither CREDENTIALS_ENCRYPTION_KEY nor CREDENTIALS_ENCRYPTION_KEY_PREVIOUS`,
      );
    }
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    // Node accepts shorter tags when not told the length; a truncated tag would weaken the check, so refuse it.
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretUnreadable(`The secret sealed with key ${sealed.keyId} is malformed (iv or tag length)`);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, entry.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
      return plaintext.toString('utf8');
    } catch {
      throw new SecretUnreadable(
        `The secret sealed with key ${sealed.keyId} failed its integrity check: it was altered, or is bound to other data`,
      );
    }
  }

  private requireCurrent(): Key {
    // Checked on use rather than at start: outside production, processes that never touch credentials (CLI, bench)
    // run without the key; AppConfig already requires it in production.
    if (!this.current) {
      throw new ConfigError(
        'Invalid setting CREDENTIALS_ENCRYPTION_KEY: it is required to seal or open credentials and not set',
      );
    }
    return this.current;
  }
}

function toKey(base64: string): Key {
  const bytes = Buffer.from(base64, 'base64');
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), key: createSecretKey(bytes) };
}
