import { Migration } from '@mikro-orm/migrations';

/**
 * The number of live (not soft-deleted) products, kept by triggers, so an unfiltered product list does not count
 * thousands of index entries on every request, and the quota check reads one row. Every writer keeps it exact
 * (the API, the purge, an import, SQL by hand): inserts and deletes adjust it per statement, an update only when it
 * moves `deleted_at` across null. The function names its table through TG_TABLE_SCHEMA, so it holds whatever the
 * search_path of the writer.
 */
export class Migration20261125000710_product_tally extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists product_tally (
      single boolean primary key default true check (single),
      live integer not null check (live >= 0)
    )`);
    this.addSql(`insert into product_tally (live)
      select count(*) from product where deleted_at is null on conflict (single) do nothing`);
    this.addSql(`create or replace function product_tally_change() returns trigger language plpgsql as $tally$
      declare
        delta integer;
      begin
        if TG_OP = 'INSERT' then
          select count(*) into delta from added_products where deleted_at is null;
        elsif TG_OP = 'DELETE' then
          select -count(*) into delta from removed_products where deleted_at is null;
        elsif new.deleted_at is null then
          delta := 1;
        else
          delta := -1;
        end if;
        if delta <> 0 then
          execute format('update %I.product_tally set live = live + $1', TG_TABLE_SCHEMA) using delta;
        end if;
        return null;
      end
    $tally$`);
    this.addSql(`create or replace trigger product_tally_insert after insert on product
      referencing new table as added_products for each statement execute function product_tally_change()`);
    this.addSql(`create or replace trigger product_tally_delete after delete on product
      referencing old table as removed_products for each statement execute function product_tally_change()`);
    this.addSql(`create or replace trigger product_tally_update after update of deleted_at on product for each row
      when ((old.deleted_at is null) <> (new.deleted_at is null)) execute function product_tally_change()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists product_tally_update on product');
    this.addSql('drop trigger if exists product_tally_delete on product');
    this.addSql('drop trigger if exists product_tally_insert on product');
    this.addSql('drop function if exists product_tally_change()');
    this.addSql('drop table if exists product_tally');
  }
}
