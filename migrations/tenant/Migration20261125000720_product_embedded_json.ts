import { Migration } from '@mikro-orm/migrations';

/** The JSON of one product's images, as product reads show them (URLs still storage keys: reads sign them). */
const IMAGES = (s: string) => `coalesce((select json_agg(json_build_object('id', i.id, 'url', i.storage_key,
    'thumbnailUrl', i.thumbnail_key, 'position', i.position) order by i.position)
    from ${s}product_image i where i.product_id = p.id), '[]')`;

/** The JSON of one product's listings, as product reads show them. */
const LISTINGS = (s: string) => `coalesce((select json_agg(json_build_object('marketplace', l.marketplace,
    'status', l.status, 'externalId', l.external_id, 'url', l.url, 'lastError', l.last_error,
    'updatedAt', to_char(l.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by l.marketplace)
    from ${s}product_listing l where l.product_id = p.id), '[]')`;

/**
 * A product's images and listings, kept on its row as the JSON product reads answer, so a page of products is
 * read without a subquery per product and per kind (planning and running those was most of a list's cost in
 * PostgreSQL). Triggers on `product_image` and `product_listing` rebuild the two columns of the products a
 * statement touched, whoever the writer (API, projection, purge, SQL by hand). The functions name their tables
 * through TG_TABLE_SCHEMA, so they hold whatever the search_path of the writer.
 */
export class Migration20261125000720_product_embedded_json extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table product add column if not exists images_json json not null default '[]'`);
    this.addSql(`alter table product add column if not exists listings_json json not null default '[]'`);
    this.addSql(`update product p set images_json = ${IMAGES('')}
      where exists (select 1 from product_image i where i.product_id = p.id)`);
    this.addSql(`update product p set listings_json = ${LISTINGS('')}
      where exists (select 1 from product_listing l where l.product_id = p.id)`);
    for (const [kind, table, column, json] of [
      ['images', 'product_image', 'images_json', IMAGES('%1$I.')],
      ['listings', 'product_listing', 'listings_json', LISTINGS('%1$I.')],
    ] as const) {
      // Locks the products first (in id order), then rebuilds from a fresh snapshot: two transactions changing one
      // product's listings at once each see the other's rows once it committed, so neither overwrites with less.
      // NO KEY UPDATE, like the update itself: it does not wait for the KEY SHARE the foreign key took on the product
      // for the other transaction's row (FOR UPDATE would, and the two would deadlock).
      this.addSql(`create or replace function product_${kind}_refresh() returns trigger language plpgsql as $refresh$
        begin
          execute format($lock$select 1 from %1$I.product where id in (select product_id from touched_${kind})
            order by id for no key update$lock$, TG_TABLE_SCHEMA);
          execute format($update$update %1$I.product p set ${column} = ${json}
            where p.id in (select product_id from touched_${kind})$update$, TG_TABLE_SCHEMA);
          return null;
        end
      $refresh$`);
      for (const [event, transition] of [
        ['insert', 'new'],
        ['update', 'new'],
        ['delete', 'old'],
      ] as const) {
        this.addSql(`create or replace trigger product_${kind}_${event} after ${event} on ${table}
          referencing ${transition} table as touched_${kind} for each statement execute function product_${kind}_refresh()`);
      }
    }
  }

  override async down(): Promise<void> {
    for (const [kind, table] of [
      ['images', 'product_image'],
      ['listings', 'product_listing'],
    ] as const) {
      for (const event of ['insert', 'update', 'delete']) {
        this.addSql(`drop trigger if exists product_${kind}_${event} on ${table}`);
      }
      this.addSql(`drop function if exists product_${kind}_refresh()`);
    }
    this.addSql('alter table product drop column if exists listings_json');
    this.addSql('alter table product drop column if exists images_json');
  }
}
