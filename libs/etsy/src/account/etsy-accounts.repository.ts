import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SealedSecret } from '@stoflow/core';

export interface EtsyAccountRow {
  user_id: string;
  etsy_user_id: string;
  shop_id: string;
  shop_name: string | null;
  currency: string | null;
  country: string | null;
  access_token: SealedSecret;
  access_expires_at: Date;
  refresh_token: SealedSecret;
  refresh_expires_at: Date;
  status: 'connected' | 'needs-reconnect';
  status_reason: string | null;
  shipping_profile_id: string | null;
  return_policy_id: string | null;
  readiness_state_id: string | null;
  held_until: Date | null;
  receipts_synced_to: Date | null;
  next_receipt_sync_at: Date;
  connected_at: Date;
}

export interface NewEtsyConnection {
  userId: number;
  etsyUserId: number;
  shopId: number;
  shopName: string | null;
  currency: string | null;
  country: string | null;
  accessToken: SealedSecret;
  accessExpiresAt: Date;
  refreshToken: SealedSecret;
  refreshExpiresAt: Date;
}

/** SQL on public.etsy_accounts, outside any tenant; every query of one seller names its user id. */
@Injectable()
export class EtsyAccountsRepository {
  constructor(private readonly orm: MikroORM) {}

  em(): EntityManager {
    return this.orm.em.fork();
  }

  async of(userId: number, em: EntityManager = this.em()): Promise<EtsyAccountRow | undefined> {
    const [row] = await em.execute<EtsyAccountRow[]>('select * from public.etsy_accounts where user_id = ?', [userId]);
    return row;
  }

  async lock(em: EntityManager, userId: number): Promise<EtsyAccountRow | undefined> {
    const [row] = await em.execute<EtsyAccountRow[]>(
      'select * from public.etsy_accounts where user_id = ? for update',
      [userId],
    );
    return row;
  }

  /** A new consent replaces the tokens; the settings stay when it is the same shop. */
  async connect(c: NewEtsyConnection): Promise<void> {
    const same = '(etsy_accounts.shop_id = excluded.shop_id)';
    await this.em().execute(
      `insert into public.etsy_accounts (user_id, etsy_user_id, shop_id, shop_name, currency, country, access_token,
         access_expires_at, refresh_token, refresh_expires_at)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)
       on conflict (user_id) do update set
         etsy_user_id = excluded.etsy_user_id, shop_id = excluded.shop_id, shop_name = excluded.shop_name,
         currency = excluded.currency, country = excluded.country, access_token = excluded.access_token,
         access_expires_at = excluded.access_expires_at, refresh_token = excluded.refresh_token,
         refresh_expires_at = excluded.refresh_expires_at, status = 'connected', status_reason = null,
         held_until = null, next_receipt_sync_at = now(), connected_at = now(), updated_at = now(),
         shipping_profile_id = case when ${same} then etsy_accounts.shipping_profile_id end,
         return_policy_id = case when ${same} then etsy_accounts.return_policy_id end,
         readiness_state_id = case when ${same} then etsy_accounts.readiness_state_id end`,
      [
        c.userId,
        c.etsyUserId,
        c.shopId,
        c.shopName,
        c.currency,
        c.country,
        JSON.stringify(c.accessToken),
        c.accessExpiresAt,
        JSON.stringify(c.refreshToken),
        c.refreshExpiresAt,
      ],
      'run',
    );
  }

  /** Both tokens at once: Etsy spent the old refresh token when it gave these. */
  async storeTokens(
    em: EntityManager,
    userId: number,
    tokens: { access: SealedSecret; accessExpiresAt: Date; refresh: SealedSecret; refreshExpiresAt: Date },
  ): Promise<void> {
    await em.execute(
      `update public.etsy_accounts set access_token = ?::jsonb, access_expires_at = ?, refresh_token = ?::jsonb,
         refresh_expires_at = ?, updated_at = now() where user_id = ?`,
      [
        JSON.stringify(tokens.access),
        tokens.accessExpiresAt,
        JSON.stringify(tokens.refresh),
        tokens.refreshExpiresAt,
        userId,
      ],
      'run',
    );
  }

  async needsReconnect(userId: number, reason: string, em: EntityManager = this.em()): Promise<boolean> {
    const rows = await em.execute<{ user_id: string }[]>(
      `update public.etsy_accounts set status = 'needs-reconnect', status_reason = ?, updated_at = now()
        where user_id = ? and status <> 'needs-reconnect' returning user_id`,
      [reason, userId],
    );
    return rows.length > 0;
  }

  async setUp(
    userId: number,
    setup: { shippingProfileId: number; returnPolicyId: number | null; readinessStateId: number },
  ) {
    await this.em().execute(
      `update public.etsy_accounts set shipping_profile_id = ?, return_policy_id = ?, readiness_state_id = ?,
         updated_at = now() where user_id = ?`,
      [setup.shippingProfileId, setup.returnPolicyId, setup.readinessStateId, userId],
      'run',
    );
  }

  async holdBack(userId: number, until: Date): Promise<void> {
    await this.em().execute(
      'update public.etsy_accounts set held_until = greatest(coalesce(held_until, ?), ?) where user_id = ?',
      [until, until, userId],
      'run',
    );
  }

  async ease(userId: number): Promise<void> {
    await this.em().execute(
      'update public.etsy_accounts set held_until = null where user_id = ? and held_until is not null',
      [userId],
      'run',
    );
  }

  async remove(userId: number): Promise<boolean> {
    const rows = await this.em().execute<{ user_id: string }[]>(
      'delete from public.etsy_accounts where user_id = ? returning user_id',
      [userId],
    );
    return rows.length > 0;
  }

  /** The StoFlow seller of an Etsy shop (a webhook names the shop). */
  async userOfShop(shopId: number): Promise<number | undefined> {
    const [row] = await this.em().execute<{ user_id: string }[]>(
      "select user_id from public.etsy_accounts where shop_id = ? and status = 'connected'",
      [shopId],
    );
    return row ? Number(row.user_id) : undefined;
  }

  async dueReceiptSyncs(limit: number): Promise<number[]> {
    const rows = await this.em().execute<{ user_id: string }[]>(
      `select user_id from public.etsy_accounts where status = 'connected' and next_receipt_sync_at <= now()
        order by next_receipt_sync_at limit ?`,
      [limit],
    );
    return rows.map((r) => Number(r.user_id));
  }

  async scheduleReceiptSync(userId: number, at: Date, syncedTo?: Date): Promise<void> {
    await this.em().execute(
      `update public.etsy_accounts set next_receipt_sync_at = ?, receipts_synced_to = coalesce(?, receipts_synced_to)
        where user_id = ?`,
      [at, syncedTo ?? null, userId],
      'run',
    );
  }
}
