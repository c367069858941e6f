import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125000100_core } from './Migration20261125000100_core';
import { Migration20261125000200_auth } from './Migration20261125000200_auth';

/** Applied in this order to the database (schemas public, product_attributes, template_tenant). */
export const sharedMigrations: MigrationObject[] = [
  { name: 'Migration20261125000100_core', class: Migration20261125000100_core },
  { name: 'Migration20261125000200_auth', class: Migration20261125000200_auth },
];
