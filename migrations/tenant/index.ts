import type { Migration } from '@mikro-orm/migrations';
import { Migration20261125000100_handled_events } from './Migration20261125000100_handled_events';
import { Migration20261125000300_products } from './Migration20261125000300_products';
import { Migration20261125000400_product_images } from './Migration20261125000400_product_images';
import { Migration20261125000500_plugin_tasks } from './Migration20261125000500_plugin_tasks';
import { Migration20261125000600_vinted_jobs } from './Migration20261125000600_vinted_jobs';
import { Migration20261125000610_plugin_task_priority } from './Migration20261125000610_plugin_task_priority';
import { Migration20261125000700_product_sales } from './Migration20261125000700_product_sales';
import { Migration20261125000710_product_tally } from './Migration20261125000710_product_tally';
import { Migration20261125000720_product_embedded_json } from './Migration20261125000720_product_embedded_json';
import { Migration20261205000100_marketplace_jobs } from './Migration20261205000100_marketplace_jobs';
import { Migration20261205000200_marketplace_connections } from './Migration20261205000200_marketplace_connections';
import { Migration20261205000300_product_when_made } from './Migration20261205000300_product_when_made';
import { Migration20261205000400_orders } from './Migration20261205000400_orders';
import { Migration20261205000600_vinted_order_syncs } from './Migration20261205000600_vinted_order_syncs';
import { Migration20261206000100_vinted_imports } from './Migration20261206000100_vinted_imports';
import { Migration20261206000200_etsy } from './Migration20261206000200_etsy';
import { Migration20261206000300_ebay } from './Migration20261206000300_ebay';
import { Migration20261206000400_product_relist_on_cancel } from './Migration20261206000400_product_relist_on_cancel';
import { Migration20261207000100_vinted_conversations } from './Migration20261207000100_vinted_conversations';
import { Migration20261207000300_product_unmapped_values } from './Migration20261207000300_product_unmapped_values';
import { Migration20261207000310_vinted_import_pass } from './Migration20261207000310_vinted_import_pass';
import { Migration20261207000320_product_image_uploads } from './Migration20261207000320_product_image_uploads';
import { Migration20261207000400_vinted_order_sync_again } from './Migration20261207000400_vinted_order_sync_again';

/** Applied in this order to template_tenant and to every user_{id} schema. */
export const tenantMigrations: {
  name: string;
  class: new (...args: ConstructorParameters<typeof Migration>) => Migration;
}[] = [
  { name: 'Migration20261125000100_handled_events', class: Migration20261125000100_handled_events },
  { name: 'Migration20261125000300_products', class: Migration20261125000300_products },
  { name: 'Migration20261125000400_product_images', class: Migration20261125000400_product_images },
  { name: 'Migration20261125000500_plugin_tasks', class: Migration20261125000500_plugin_tasks },
  { name: 'Migration20261125000600_vinted_jobs', class: Migration20261125000600_vinted_jobs },
  {
    name: 'Migration20261125000610_plugin_task_priority',
    class: Migration20261125000610_plugin_task_priority,
  },
  { name: 'Migration20261125000700_product_sales', class: Migration20261125000700_product_sales },
  { name: 'Migration20261125000710_product_tally', class: Migration20261125000710_product_tally },
  { name: 'Migration20261125000720_product_embedded_json', class: Migration20261125000720_product_embedded_json },
  { name: 'Migration20261205000100_marketplace_jobs', class: Migration20261205000100_marketplace_jobs },
  {
    name: 'Migration20261205000200_marketplace_connections',
    class: Migration20261205000200_marketplace_connections,
  },
  { name: 'Migration20261205000300_product_when_made', class: Migration20261205000300_product_when_made },
  { name: 'Migration20261205000400_orders', class: Migration20261205000400_orders },
  { name: 'Migration20261205000600_vinted_order_syncs', class: Migration20261205000600_vinted_order_syncs },
  { name: 'Migration20261206000100_vinted_imports', class: Migration20261206000100_vinted_imports },
  { name: 'Migration20261206000200_etsy', class: Migration20261206000200_etsy },
  { name: 'Migration20261206000300_ebay', class: Migration20261206000300_ebay },
  {
    name: 'Migration20261206000400_product_relist_on_cancel',
    class: Migration20261206000400_product_relist_on_cancel,
  },
  { name: 'Migration20261207000100_vinted_conversations', class: Migration20261207000100_vinted_conversations },
  {
    name: 'Migration20261207000300_product_unmapped_values',
    class: Migration20261207000300_product_unmapped_values,
  },
  { name: 'Migration20261207000310_vinted_import_pass', class: Migration20261207000310_vinted_import_pass },
  {
    name: 'Migration20261207000320_product_image_uploads',
    class: Migration20261207000320_product_image_uploads,
  },
  { name: 'Migration20261207000400_vinted_order_sync_again', class: Migration20261207000400_vinted_order_sync_again },
];
