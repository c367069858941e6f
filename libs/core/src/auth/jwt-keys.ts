import { Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { AppConfig } from '../config/app-config';

/**
 * The HMAC keys of every StoFlow JWT (access, refresh, plugin), built once. Given a string secret, jsonwebtoken
 * first tries to parse it as a public key and builds a key object on every call, which costs more than the rest
 * of an authenticated request; a prepared KeyObject skips both.
 */
@Injectable()
export class JwtKeys {
  /** Signs new tokens. */
  readonly current: KeyObject;
  /** Verifies tokens: the current key, then the previous one during a rotation. */
  readonly all: readonly KeyObject[];

  constructor(config: AppConfig) {
    this.current = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
    this.all = config.JWT_SECRET_PREVIOUS
      ? [this.current, createSecretKey(Buffer.from(config.JWT_SECRET_PREVIOUS, 'utf8'))]
      : [this.current];
  }

  /**
   * The same keys typed as @nestjs/jwt and passport-jwt declare their secrets (`string | Buffer`); both hand
   * them to jsonwebtoken, which takes a KeyObject.
   */
  static asSecret(key: KeyObject): Buffer {
    return key as unknown as Buffer;
  }
}
