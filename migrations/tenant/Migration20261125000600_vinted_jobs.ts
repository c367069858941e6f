import { Migration } from '@mikro-orm/migrations';

/**
 * The VintedJob saga's state, all in rows so that a restart resumes where it was:
 * - `vinted_jobs`: one publish / update / delete of one product; `step` and `task_id` name the plugin task the
 *   job waits on, `state` holds what earlier steps learnt (uploaded photo ids, the draft's temp uuid, the item id);
 * - `vinted_listings`: what is listed on Vinted for a product (item id, url, the photos it shows);
 * - `vinted_account`: one row per tenant: why its queue is paused (captcha, expired session), the 429 back-off
 *   and the pacing state the claim reads (when the last call ended and the random draws for the next gap), and
 *   the Vinted account the listings live on (a tab logged in as another account pauses the queue).
 */
export class Migration20261125000600_vinted_jobs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists vinted_jobs (
      id uuid primary key,
      action text not null check (action in ('publish', 'update', 'delete')),
      product_id uuid not null,
      batch_id uuid,
      status text not null default 'pending'
        check (status in ('pending', 'running', 'completed', 'failed', 'cancelled', 'expired')),
      step text check (char_length(step) <= 100),
      task_id uuid,
      state jsonb not null default '{}',
      progress_done integer not null default 0,
      progress_total integer not null default 0,
      attempts integer not null default 0,
      step_retries integer not null default 0,
      waiting text check (waiting in ('queued', 'backoff', 'account-paused')),
      next_run_at timestamptz,
      error_code text,
      error_message text,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index if not exists vinted_jobs_product_idx on vinted_jobs (product_id, created_at, id)');
    this.addSql('create index if not exists vinted_jobs_created_idx on vinted_jobs (created_at desc, id desc)');
    this.addSql(
      "create index if not exists vinted_jobs_live_idx on vinted_jobs (created_at) where status in ('pending', 'running')",
    );
    this.addSql(`create table if not exists vinted_listings (
      product_id uuid primary key,
      item_id text not null,
      url text,
      photos jsonb not null default '[]',
      product_version integer not null default 0,
      status text not null check (status in ('published', 'deleted')),
      published_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table if not exists vinted_account (
      id smallint primary key default 1 check (id = 1),
      vinted_user_id bigint,
      paused_reason text check (paused_reason in ('captcha', 'session-expired', 'blocked', 'account-changed')),
      paused_message text,
      paused_at timestamptz,
      backoff_until timestamptz,
      slowdown double precision not null default 1 check (slowdown >= 1),
      last_call_at timestamptz,
      gap_draw double precision not null default 0 check (gap_draw >= 0 and gap_draw < 1),
      calls_until_pause integer,
      pause_draw double precision not null default 0 check (pause_draw >= 0 and pause_draw < 1)
    )`);
    this.addSql('insert into vinted_account (id) values (1) on conflict do nothing');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists vinted_account');
    this.addSql('drop table if exists vinted_listings');
    this.addSql('drop table if exists vinted_jobs');
  }
}
