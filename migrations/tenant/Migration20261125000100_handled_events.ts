import { Migration } from '@mikro-orm/migrations';

/**
 * Runs with `search_path` set to one tenant schema: names stay unqualified.
 * `handled_events` lets event handlers de-duplicate the outbox's at-least-once delivery.
 */
export class Migration20261125000100_handled_events extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists handled_events (
      handler text not null,
      event_id uuid not null,
      handled_at timestamptz not null default now(),
      primary key (handler, event_id)
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists handled_events');
  }
}
