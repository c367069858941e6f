import { Migration } from '@mikro-orm/migrations';

/**
 * The queue of HTTP calls the user's browser extension runs on Vinted. One row per call; `attempt` counts the
 * claims, and a result is accepted only for the current attempt of a task still `processing` under its lease.
 * `job_id`/`step` tie a task to the VintedJob saga (no foreign key yet: the job table comes with the saga).
 */
export class Migration20261125000500_plugin_tasks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists plugin_tasks (
      id uuid primary key,
      job_id uuid,
      step text check (char_length(step) <= 100),
      status text not null default 'pending'
        check (status in ('pending', 'processing', 'completed', 'failed', 'timeout', 'cancelled')),
      attempt integer not null default 0 check (attempt >= 0),
      method text not null check (method in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
      url text not null check (url ~ '^/' and char_length(url) <= 2048),
      headers jsonb not null default '{}',
      body jsonb,
      timeout_ms integer not null check (timeout_ms between 1000 and 600000),
      deadline timestamptz not null,
      device_id uuid,
      claimed_at timestamptz,
      lease_until timestamptz,
      result_attempt integer,
      result_ok boolean,
      result_status integer,
      result_body jsonb,
      result_error jsonb,
      finished_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'processing' or (lease_until is not null and device_id is not null))
    )`);
    // The claim's scan: oldest pending first.
    this.addSql(
      "create index if not exists plugin_tasks_pending_idx on plugin_tasks (created_at, id) where status = 'pending'",
    );
    this.addSql(
      "create index if not exists plugin_tasks_processing_idx on plugin_tasks (lease_until) where status = 'processing'",
    );
    this.addSql(
      'create index if not exists plugin_tasks_job_idx on plugin_tasks (job_id, created_at) where job_id is not null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists plugin_tasks');
  }
}
