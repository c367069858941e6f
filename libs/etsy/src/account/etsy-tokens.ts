import { Injectable } from '@nestjs/common';
import { OAuthTokenSource, SealedSecret, SecretBox } from '@stoflow/core';
import { EtsyApi, EtsyGrantRefused } from '../api/etsy-api';
import { EtsyAccountsRepository } from './etsy-accounts.repository';
import { EtsyConnectionNews } from './etsy-connection-news';
import { EtsyNotConnected, EtsyReconnectNeeded } from './etsy-errors';

const MARGIN_MS = 60_000;

/**
 * The seller's Etsy tokens. A refresh holds the seller's row locked (one at a time per connection, across
 * processes) and stores the new access token and the rotated refresh token in that same transaction: Etsy spends
 * the old refresh token when it answers, so losing the new one would lose the connection.
 */
@Injectable()
export class EtsyTokens {
  constructor(
    private readonly accounts: EtsyAccountsRepository,
    private readonly box: SecretBox,
    private readonly api: EtsyApi,
    private readonly news: EtsyConnectionNews,
  ) {}

  forSeller(userId: number): OAuthTokenSource {
    let used: SealedSecret | undefined;
    return {
      token: async () => {
        const account = await this.accounts.of(userId);
        if (!account) throw new EtsyNotConnected();
        if (account.status === 'needs-reconnect') throw new EtsyReconnectNeeded(account.status_reason ?? 'refused');
        used = account.access_token;
        if (new Date(account.access_expires_at).getTime() - Date.now() > MARGIN_MS) {
          return this.box.open(account.access_token, aad('access', userId));
        }
        return this.refresh(userId, used);
      },
      refresh: () => this.refresh(userId, used),
    };
  }

  private async refresh(userId: number, stale: SealedSecret | undefined): Promise<string> {
    let refused: EtsyGrantRefused | undefined;
    const token = await this.accounts.em().transactional(async (tx) => {
      const account = await this.accounts.lock(tx, userId);
      if (!account) throw new EtsyNotConnected();
      if (account.status === 'needs-reconnect') throw new EtsyReconnectNeeded(account.status_reason ?? 'refused');
      const fresh = new Date(account.access_expires_at).getTime() - Date.now() > MARGIN_MS;
      if (fresh && account.access_token.ciphertext !== stale?.ciphertext) {
        return this.box.open(account.access_token, aad('access', userId));
      }
      try {
        const grant = await this.api.refresh(this.box.open(account.refresh_token, aad('refresh', userId)));
        await this.accounts.storeTokens(tx, userId, {
          access: this.box.seal(grant.accessToken, aad('access', userId)),
          accessExpiresAt: grant.accessExpiresAt,
          refresh: this.box.seal(grant.refreshToken, aad('refresh', userId)),
          refreshExpiresAt: grant.refreshExpiresAt,
        });
        return grant.accessToken;
      } catch (error) {
        if (!(error instanceof EtsyGrantRefused)) throw error;
        refused = error;
        await this.accounts.needsReconnect(userId, error.reason, tx);
        return undefined;
      }
    });
    if (token !== undefined) return token;
    await this.news.announce(userId);
    throw new EtsyReconnectNeeded(refused?.reason ?? 'refused');
  }
}

export function aad(kind: 'access' | 'refresh', userId: number): string {
  return `etsy:${kind}:${userId}`;
}
