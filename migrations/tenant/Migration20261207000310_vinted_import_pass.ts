import { Migration } from '@mikro-orm/migrations';

/**
 * The pass of a Vinted import, kept in rows so a restarted worker carries on where it was:
 * - `vinted_imports` may be `cancelled`, counts items (`items_total` from Vinted's pagination, `items_done`),
 *   the listings a complete pass `ended`, and `incomplete`: why this pass cannot prove an item is gone (a short
 *   page, a wardrobe that changed size while it was read, the tier's limit); null while nothing says so;
 * - `vinted_import_items`: every item a page showed (what a complete pass has seen), each waiting for its edit
 *   view (`pending`) or done with;
 * - `vinted_import_photos`: the item photos still to bring into the catalog; the call that copies one downloads it
 *   from Vinted's image CDN, so a task's URL may also be an https URL on `*.vinted.net`.
 */
export class Migration20261207000310_vinted_import_pass extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table vinted_imports drop constraint if exists vinted_imports_status_check');
    this.addSql(`alter table vinted_imports add constraint vinted_imports_status_check
      check (status in ('running', 'completed', 'failed', 'cancelled'))`);
    this.addSql(`alter table vinted_imports
      add column if not exists vinted_user_id text,
      add column if not exists all_pages_read boolean not null default false,
      add column if not exists items_total integer,
      add column if not exists items_done integer not null default 0,
      add column if not exists ended integer not null default 0,
      add column if not exists photos integer not null default 0,
      add column if not exists incomplete text`);
    this.addSql(`create table if not exists vinted_import_items (
      import_id uuid not null references vinted_imports (id) on delete cascade,
      item_id text not null,
      page integer not null,
      seq integer not null,
      state text not null default 'pending' check (state in ('pending', 'done', 'skipped', 'left_out')),
      primary key (import_id, item_id)
    )`);
    this.addSql(
      "create index if not exists vinted_import_items_pending_idx on vinted_import_items (import_id, page, seq) where state = 'pending'",
    );
    this.addSql(`create table if not exists vinted_import_photos (
      import_id uuid not null references vinted_imports (id) on delete cascade,
      product_id uuid not null,
      item_id text not null,
      photo_id bigint not null,
      url text not null,
      position integer not null,
      state text not null default 'pending' check (state in ('pending', 'done', 'failed')),
      primary key (import_id, photo_id)
    )`);
    this.addSql('alter table plugin_tasks drop constraint if exists plugin_tasks_url_check');
    this.addSql(`alter table plugin_tasks add constraint plugin_tasks_url_check
      check ((url ~ '^/' or url ~ '^https://([a-z0-9-]+[.])+vinted[.]net/') and char_length(url) <= 2048)`);
  }

  override async down(): Promise<void> {
    this.addSql("delete from plugin_tasks where url !~ '^/'");
    this.addSql('alter table plugin_tasks drop constraint if exists plugin_tasks_url_check');
    this.addSql(
      "alter table plugin_tasks add constraint plugin_tasks_url_check check (url ~ '^/' and char_length(url) <= 2048)",
    );
    this.addSql('drop table if exists vinted_import_photos');
    this.addSql('drop table if exists vinted_import_items');
    this.addSql(`alter table vinted_imports drop column if exists vinted_user_id, drop column if exists all_pages_read,
      drop column if exists items_total, drop column if exists items_done, drop column if exists ended,
      drop column if exists photos, drop column if exists incomplete`);
    this.addSql("update vinted_imports set status = 'failed' where status = 'cancelled'");
    this.addSql('alter table vinted_imports drop constraint if exists vinted_imports_status_check');
    this.addSql(`alter table vinted_imports add constraint vinted_imports_status_check
      check (status in ('running', 'completed', 'failed'))`);
  }
}
