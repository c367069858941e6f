import { Migration } from '@mikro-orm/migrations';

/**
 * eBay connections and account-deletion notices. Shared, not per tenant: a deletion notice names an eBay user,
 * not a StoFlow tenant, and the order schedule walks every connected seller. Tokens are sealed (SecretBox, bound
 * to the user id). Tenant roles get no grant here.
 */
export class Migration20261206000300_ebay extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists public.ebay_accounts (
      user_id bigint primary key references public.users (id) on delete cascade,
      marketplace_id text not null,
      ebay_user_id text,
      ebay_username text,
      access_token jsonb not null,
      access_expires_at timestamptz not null,
      refresh_token jsonb not null,
      refresh_expires_at timestamptz not null,
      status text not null default 'connected' check (status in ('connected', 'needs-reconnect')),
      status_reason text,
      fulfillment_policy_id text,
      payment_policy_id text,
      return_policy_id text,
      merchant_location_key text,
      location jsonb,
      held_until timestamptz,
      orders_synced_to timestamptz,
      next_order_sync_at timestamptz not null default now(),
      connected_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index if not exists ebay_accounts_ebay_user_idx on public.ebay_accounts (ebay_user_id)');
    this.addSql('create index if not exists ebay_accounts_username_idx on public.ebay_accounts (ebay_username)');
    this.addSql(
      "create index if not exists ebay_accounts_order_sync_idx on public.ebay_accounts (next_order_sync_at) where status = 'connected'",
    );
    this.addSql(`create table if not exists public.ebay_deletion_notices (
      notification_id text primary key,
      ebay_user_id text,
      ebay_username text,
      received_at timestamptz not null default now(),
      processed_at timestamptz
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists public.ebay_deletion_notices');
    this.addSql('drop table if exists public.ebay_accounts');
  }
}
