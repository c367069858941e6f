import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SealedSecret } from '@stoflow/core';

export type EbayAccountStatus = 'connected' | 'needs-reconnect';

export interface EbayLocation {
  country: string;
  postalCode: string;
  city?: string;
}

/** A seller's eBay connection (public.ebay_accounts); tokens stay sealed until the one place that uses them. */
export interface EbayAccountRow {
  user_id: string;
  marketplace_id: string;
  ebay_user_id: string | null;
  ebay_username: string | null;
  access_token: SealedSecret;
  access_expires_at: Date;
  refresh_token: SealedSecret;
  refresh_expires_at: Date;
  status: EbayAccountStatus;
  status_reason: string | null;
  fulfillment_policy_id: string | null;
  payment_policy_id: string | null;
  return_policy_id: string | null;
  merchant_location_key: string | null;
  location: EbayLocation | null;
  held_until: Date | null;
  orders_synced_to: Date | null;
  next_order_sync_at: Date;
  connected_at: Date;
}

export interface NewConnection {
  userId: number;
  marketplaceId: string;
  ebayUserId: string | null;
  ebayUsername: string | null;
  accessToken: SealedSecret;
  accessExpiresAt: Date;
  refreshToken: SealedSecret;
  refreshExpiresAt: Date;
}

export interface EbaySetup {
  fulfillmentPolicyId: string;
  paymentPolicyId: string;
  returnPolicyId: string;
  merchantLocationKey: string;
  location: EbayLocation;
}

/**
 * SQL on public.ebay_accounts and public.ebay_deletion_notices, outside any tenant (a deletion notice and the
 * order schedule do not start from a tenant). Every query of one seller's row names its user id.
 */
@Injectable()
export class EbayAccountsRepository {
  constructor(private readonly orm: MikroORM) {}

  em(): EntityManager {
    return this.orm.em.fork();
  }

  async of(userId: number, em: EntityManager = this.em()): Promise<EbayAccountRow | undefined> {
    const [row] = await em.execute<EbayAccountRow[]>('select * from public.ebay_accounts where user_id = ?', [userId]);
    return row;
  }

  /** The row locked for this transaction: one token refresh at a time per seller, across processes. */
  async lock(em: EntityManager, userId: number): Promise<EbayAccountRow | undefined> {
    const [row] = await em.execute<EbayAccountRow[]>(
      'select * from public.ebay_accounts where user_id = ? for update',
      [userId],
    );
    return row;
  }

  /** A new consent replaces the tokens and the account; the seller's setup stays if the eBay account is the same. */
  async connect(c: NewConnection): Promise<void> {
    await this.em().execute(
      `insert into public.ebay_accounts (user_id, marketplace_id, ebay_user_id, ebay_username, access_token,
         access_expires_at, refresh_token, refresh_expires_at)
       values (?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)
       on conflict (user_id) do update set
         marketplace_id = excluded.marketplace_id, ebay_user_id = excluded.ebay_user_id,
         ebay_username = excluded.ebay_username, access_token = excluded.access_token,
         access_expires_at = excluded.access_expires_at, refresh_token = excluded.refresh_token,
         refresh_expires_at = excluded.refresh_expires_at, status = 'connected', status_reason = null,
         held_until = null, next_order_sync_at = now(), connected_at = now(), updated_at = now(),
         fulfillment_policy_id = case when same then ebay_accounts.fulfillment_policy_id end,
         payment_policy_id = case when same then ebay_accounts.payment_policy_id end,
         return_policy_id = case when same then ebay_accounts.return_policy_id end,
         merchant_location_key = case when same then ebay_accounts.merchant_location_key end,
         location = case when same then ebay_accounts.location end`.replace(
        /\bsame\b/g,
        '(ebay_accounts.ebay_user_id is not distinct from excluded.ebay_user_id and ebay_accounts.marketplace_id = excluded.marketplace_id)',
      ),
      [
        c.userId,
        c.marketplaceId,
        c.ebayUserId,
        c.ebayUsername,
        JSON.stringify(c.accessToken),
        c.accessExpiresAt,
        JSON.stringify(c.refreshToken),
        c.refreshExpiresAt,
      ],
      'run',
    );
  }

  async storeAccess(em: EntityManager, userId: number, token: SealedSecret, expiresAt: Date): Promise<void> {
    await em.execute(
      'update public.ebay_accounts set access_token = ?::jsonb, access_expires_at = ?, updated_at = now() where user_id = ?',
      [JSON.stringify(token), expiresAt, userId],
      'run',
    );
  }

  /** eBay refused the stored grant: nothing works until the seller consents again. Answers whether it changed. */
  async needsReconnect(userId: number, reason: string, em: EntityManager = this.em()): Promise<boolean> {
    const rows = await em.execute<{ user_id: string }[]>(
      `update public.ebay_accounts set status = 'needs-reconnect', status_reason = ?, updated_at = now()
        where user_id = ? and status <> 'needs-reconnect' returning user_id`,
      [reason, userId],
    );
    return rows.length > 0;
  }

  async setUp(userId: number, setup: EbaySetup): Promise<void> {
    await this.em().execute(
      `update public.ebay_accounts set fulfillment_policy_id = ?, payment_policy_id = ?, return_policy_id = ?,
         merchant_location_key = ?, location = ?::jsonb, updated_at = now() where user_id = ?`,
      [
        setup.fulfillmentPolicyId,
        setup.paymentPolicyId,
        setup.returnPolicyId,
        setup.merchantLocationKey,
        JSON.stringify(setup.location),
        userId,
      ],
      'run',
    );
  }

  async holdBack(userId: number, until: Date): Promise<void> {
    await this.em().execute(
      'update public.ebay_accounts set held_until = greatest(coalesce(held_until, ?), ?) where user_id = ?',
      [until, until, userId],
      'run',
    );
  }

  async ease(userId: number): Promise<void> {
    await this.em().execute(
      'update public.ebay_accounts set held_until = null where user_id = ? and held_until is not null',
      [userId],
      'run',
    );
  }

  async remove(userId: number, em: EntityManager = this.em()): Promise<boolean> {
    const rows = await em.execute<{ user_id: string }[]>(
      'delete from public.ebay_accounts where user_id = ? returning user_id',
      [userId],
    );
    return rows.length > 0;
  }

  /** The sellers a deletion notice names (by eBay's immutable user id, or the username when no id was read). */
  async usersOfEbayUser(ebayUserId: string | null, username: string | null): Promise<number[]> {
    const rows = await this.em().execute<{ user_id: string }[]>(
      `select user_id from public.ebay_accounts
        where (?::text is not null and ebay_user_id = ?) or (?::text is not null and ebay_username = ?)`,
      [ebayUserId, ebayUserId, username, username],
    );
    return rows.map((r) => Number(r.user_id));
  }

  /** The sellers whose order sync is due, most overdue first. */
  async dueOrderSyncs(limit: number): Promise<number[]> {
    const rows = await this.em().execute<{ user_id: string }[]>(
      `select user_id from public.ebay_accounts
        where status = 'connected' and next_order_sync_at <= now()
        order by next_order_sync_at limit ?`,
      [limit],
    );
    return rows.map((r) => Number(r.user_id));
  }

  async scheduleOrderSync(userId: number, at: Date, syncedTo?: Date): Promise<void> {
    await this.em().execute(
      `update public.ebay_accounts set next_order_sync_at = ?,
         orders_synced_to = coalesce(?, orders_synced_to) where user_id = ?`,
      [at, syncedTo ?? null, userId],
      'run',
    );
  }

  async countConnected(): Promise<number> {
    const [row] = await this.em().execute<{ n: string }[]>(
      "select count(*) as n from public.ebay_accounts where status = 'connected'",
    );
    return Number(row?.n ?? 0);
  }

  /** First sight of a notice: true once per notification id (eBay redelivers until acknowledged). */
  async firstNotice(notificationId: string, ebayUserId: string | null, username: string | null): Promise<boolean> {
    const rows = await this.em().execute<{ notification_id: string }[]>(
      `insert into public.ebay_deletion_notices (notification_id, ebay_user_id, ebay_username) values (?, ?, ?)
       on conflict (notification_id) do nothing returning notification_id`,
      [notificationId, ebayUserId, username],
    );
    return rows.length > 0;
  }

  async noticeDone(notificationId: string): Promise<void> {
    await this.em().execute(
      'update public.ebay_deletion_notices set processed_at = now() where notification_id = ?',
      [notificationId],
      'run',
    );
  }

  async notice(
    notificationId: string,
  ): Promise<{ ebay_user_id: string | null; ebay_username: string | null; processed_at: Date | null } | undefined> {
    const [row] = await this.em().execute<
      { ebay_user_id: string | null; ebay_username: string | null; processed_at: Date | null }[]
    >('select ebay_user_id, ebay_username, processed_at from public.ebay_deletion_notices where notification_id = ?', [
      notificationId,
    ]);
    return row;
  }
}
