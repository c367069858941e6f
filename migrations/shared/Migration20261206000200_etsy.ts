import { Migration } from '@mikro-orm/migrations';

/**
 * Etsy connections: one shop per seller, tokens sealed (SecretBox, bound to the user id; the refresh token rotates
 * at every use and is replaced in the same transaction), the seller's listing settings and the receipts schedule.
 * Shared, not per tenant: the receipts schedule walks every connected shop. Tenant roles get no grant here.
 */
export class Migration20261206000200_etsy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists public.etsy_accounts (
      user_id bigint primary key references public.users (id) on delete cascade,
      etsy_user_id bigint not null,
      shop_id bigint not null,
      shop_name text,
      currency text,
      country text,
      access_token jsonb not null,
      access_expires_at timestamptz not null,
      refresh_token jsonb not null,
      refresh_expires_at timestamptz not null,
      status text not null default 'connected' check (status in ('connected', 'needs-reconnect')),
      status_reason text,
      shipping_profile_id bigint,
      return_policy_id bigint,
      readiness_state_id bigint,
      held_until timestamptz,
      receipts_synced_to timestamptz,
      next_receipt_sync_at timestamptz not null default now(),
      connected_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(
      "create index if not exists etsy_accounts_receipts_idx on public.etsy_accounts (next_receipt_sync_at) where status = 'connected'",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists public.etsy_accounts');
  }
}
