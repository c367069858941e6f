import { Migration } from '@mikro-orm/migrations';

/**
 * `marketplace_connections`: the seller's connection to each marketplace as the marketplace last announced it (the
 * read model of `GET /api/marketplaces`). `vinted_account.announced_connection` is what Vinted last announced, so
 * it announces a change once, however often its heartbeat says the same.
 */
export class Migration20261205000200_marketplace_connections extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists marketplace_connections (
      marketplace text primary key check (marketplace in ('vinted', 'ebay', 'etsy')),
      connected boolean not null,
      account text,
      status text not null check (char_length(status) <= 40),
      needs text,
      changed_at timestamptz not null
    )`);
    this.addSql('alter table vinted_account add column if not exists announced_connection jsonb');
  }

  override async down(): Promise<void> {
    this.addSql('alter table vinted_account drop column if exists announced_connection');
    this.addSql('drop table if exists marketplace_connections');
  }
}
