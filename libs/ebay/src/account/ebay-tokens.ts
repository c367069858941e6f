import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, OAuthTokenSource, RedisClient, SealedSecret, SecretBox } from '@stoflow/core';
import type Redis from 'ioredis';
import { EbayApi, EbayGrantRefused } from '../api/ebay-api';
import { EbayAccountsRepository } from './ebay-accounts.repository';
import { EbayConnectionNews } from './ebay-connection-news';
import { EbayNotConnected, EbayReconnectNeeded } from './ebay-errors';

/** A token this close to its end is refreshed before use rather than sent to be refused. */
const MARGIN_MS = 60_000;

/**
 * eBay access tokens: the seller's (sealed in public.ebay_accounts) and the app's (client credentials, sealed in
 * Redis and shared by every process). Tokens are refreshed lazily, when a call needs one (eBay's token endpoint
 * allows 50,000 refreshes a day for the whole app), and one refresh at a time per seller across processes: the
 * refresh holds the seller's row locked, and whoever waited on it takes the token the first one stored.
 */
@Injectable()
export class EbayTokens {
  private readonly appTokenKey: string;

  constructor(
    private readonly accounts: EbayAccountsRepository,
    private readonly box: SecretBox,
    private readonly api: EbayApi,
    private readonly news: EbayConnectionNews,
    @Inject(RedisClient) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.appTokenKey = `${config.QUEUE_PREFIX}:ebay:app-token`;
  }

  /** The seller's user token; throws EbayNotConnected or EbayReconnectNeeded when there is none to use. */
  forSeller(userId: number): OAuthTokenSource {
    let used: SealedSecret | undefined;
    return {
      token: async () => {
        const account = await this.accounts.of(userId);
        if (!account) throw new EbayNotConnected();
        if (account.status === 'needs-reconnect') throw new EbayReconnectNeeded(account.status_reason ?? 'refused');
        used = account.access_token;
        if (new Date(account.access_expires_at).getTime() - Date.now() > MARGIN_MS) {
          return this.box.open(account.access_token, accessAad(userId));
        }
        return this.refresh(userId, used);
      },
      refresh: () => this.refresh(userId, used),
    };
  }

  /** The app's token (Taxonomy, Notification public keys), cached until shortly before it ends. */
  forApp(): OAuthTokenSource {
    return {
      token: async () => {
        const cached = await this.redis.get(this.appTokenKey);
        if (cached) return this.box.open(JSON.parse(cached) as SealedSecret, 'ebay:app');
        return this.newAppToken();
      },
      refresh: () => this.newAppToken(),
    };
  }

  private async newAppToken(): Promise<string> {
    const grant = await this.api.applicationAccess();
    const ttlMs = grant.expiresAt.getTime() - Date.now() - MARGIN_MS;
    if (ttlMs > 0) {
      await this.redis.set(this.appTokenKey, JSON.stringify(this.box.seal(grant.accessToken, 'ebay:app')), 'PX', ttlMs);
    }
    return grant.accessToken;
  }

  private async refresh(userId: number, stale: SealedSecret | undefined): Promise<string> {
    const em = this.accounts.em();
    let refused: EbayGrantRefused | undefined;
    const token = await em.transactional(async (tx) => {
      const account = await this.accounts.lock(tx, userId);
      if (!account) throw new EbayNotConnected();
      if (account.status === 'needs-reconnect') throw new EbayReconnectNeeded(account.status_reason ?? 'refused');
      const fresh = new Date(account.access_expires_at).getTime() - Date.now() > MARGIN_MS;
      if (fresh && account.access_token.ciphertext !== stale?.ciphertext) {
        // Another call refreshed it while this one waited for the lock.
        return this.box.open(account.access_token, accessAad(userId));
      }
      try {
        const grant = await this.api.refreshAccess(this.box.open(account.refresh_token, refreshAad(userId)));
        await this.accounts.storeAccess(
          tx,
          userId,
          this.box.seal(grant.accessToken, accessAad(userId)),
          grant.expiresAt,
        );
        return grant.accessToken;
      } catch (error) {
        if (!(error instanceof EbayGrantRefused)) throw error;
        refused = error;
        await this.accounts.needsReconnect(userId, error.reason, tx);
        return undefined;
      }
    });
    if (token !== undefined) return token;
    await this.news.announce(userId);
    throw new EbayReconnectNeeded(refused?.reason ?? 'refused');
  }
}

export function accessAad(userId: number): string {
  return `ebay:access:${userId}`;
}

export function refreshAad(userId: number): string {
  return `ebay:refresh:${userId}`;
}
