import { Migration } from '@mikro-orm/migrations';

/** The shared schemas, the tenant registry and the outbox. */
export class Migration20261125000100_core extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists product_attributes');
    this.addSql('create schema if not exists template_tenant');
    this.addSql(`create table if not exists public.tenants (
      id bigint primary key,
      schema_name text not null unique,
      role_name text not null unique,
      migration text,
      created_at timestamptz not null default now(),
      migrated_at timestamptz
    )`);
    this.addSql(`create table if not exists public.outbox_events (
      id bigserial primary key,
      event_id uuid not null unique,
      tenant_id bigint,
      aggregate_type text not null,
      aggregate_id text not null,
      type text not null,
      payload jsonb not null,
      occurred_at timestamptz not null,
      sent_at timestamptz,
      attempts integer not null default 0,
      last_error text
    )`);
    this.addSql(
      'create index if not exists outbox_events_unsent_idx on public.outbox_events (id) where sent_at is null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists public.outbox_events');
    this.addSql('drop table if exists public.tenants');
    this.addSql('drop schema if exists template_tenant cascade');
    this.addSql('drop schema if exists product_attributes cascade');
  }
}
