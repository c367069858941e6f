import type { Migration } from '@mikro-orm/migrations';
import { Migration20261125000100_handled_events } from './Migration20261125000100_handled_events';

/** Applied in this order to template_tenant and to every user_{id} schema. */
export const tenantMigrations: {
  name: string;
  class: new (...args: ConstructorParameters<typeof Migration>) => Migration;
}[] = [{ name: 'Migration20261125000100_handled_events', class: Migration20261125000100_handled_events }];
