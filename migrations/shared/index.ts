import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125000100_core } from './Migration20261125000100_core';
import { Migration20261125000200_auth } from './Migration20261125000200_auth';
import { Migration20261125000300_product_attributes } from './Migration20261125000300_product_attributes';
import { Migration20261125000310_product_attributes_seed } from './Migration20261125000310_product_attributes_seed';
import { Migration20261125000500_plugin } from './Migration20261125000500_plugin';
import { Migration20261205000300_reference_data_2026_12 } from './Migration20261205000300_reference_data_2026_12';
import { Migration20261206000200_etsy } from './Migration20261206000200_etsy';
import { Migration20261206000300_ebay } from './Migration20261206000300_ebay';
import { Migration20261207000200_vinted_reference_refresh } from './Migration20261207000200_vinted_reference_refresh';

/** Applied in this order to the database (schemas public, product_attributes, template_tenant). */
export const sharedMigrations: MigrationObject[] = [
  { name: 'Migration20261125000100_core', class: Migration20261125000100_core },
  { name: 'Migration20261125000200_auth', class: Migration20261125000200_auth },
  { name: 'Migration20261125000300_product_attributes', class: Migration20261125000300_product_attributes },
  {
    name: 'Migration20261125000310_product_attributes_seed',
    class: Migration20261125000310_product_attributes_seed,
  },
  { name: 'Migration20261125000500_plugin', class: Migration20261125000500_plugin },
  {
    name: 'Migration20261205000300_reference_data_2026_12',
    class: Migration20261205000300_reference_data_2026_12,
  },
  { name: 'Migration20261206000200_etsy', class: Migration20261206000200_etsy },
  { name: 'Migration20261206000300_ebay', class: Migration20261206000300_ebay },
  {
    name: 'Migration20261207000200_vinted_reference_refresh',
    class: Migration20261207000200_vinted_reference_refresh,
  },
];
