import { Migration } from '@mikro-orm/migrations';

/**
 * The browser extension's pairing codes and devices (one device = one plugin token). Shared, not per tenant:
 * the plugin guard finds the device from its token before any tenant is known. Tenant roles get no grant here.
 */
export class Migration20261125000500_plugin extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists public.plugin_pairing_codes (
      code_hash bytea primary key,
      user_id bigint not null references public.users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`);
    this.addSql('create index if not exists plugin_pairing_codes_user_idx on public.plugin_pairing_codes (user_id)');
    this.addSql(`create table if not exists public.plugin_devices (
      id uuid primary key,
      user_id bigint not null references public.users (id) on delete cascade,
      name text not null check (char_length(name) between 1 and 100),
      token_hash bytea not null unique,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz,
      version text,
      vinted_logged_in boolean,
      vinted_user_id bigint,
      vinted_login text,
      revoked_at timestamptz
    )`);
    this.addSql('create index if not exists plugin_devices_user_idx on public.plugin_devices (user_id, created_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists public.plugin_devices');
    this.addSql('drop table if exists public.plugin_pairing_codes');
  }
}
