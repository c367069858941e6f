import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, TenantContext, TenantDatabase } from '@stoflow/core';
import { MediaStorage } from '../../media/media-storage';
import { PurgeDeletedProductsCommand, PurgeReport } from './purge-deleted-products.command';

const BATCH = 200;
const DAY_MS = 24 * 3600 * 1000;

@CommandHandler(PurgeDeletedProductsCommand)
export class PurgeDeletedProductsHandler implements ICommandHandler<PurgeDeletedProductsCommand, PurgeReport> {
  private readonly logger = new Logger(PurgeDeletedProductsHandler.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly storage: MediaStorage,
    private readonly clock: Clock,
  ) {}

  async execute({ afterDays }: PurgeDeletedProductsCommand): Promise<PurgeReport> {
    const cutoff = new Date(this.clock.now().getTime() - afterDays * DAY_MS);
    const tenants = await this.orm.em.fork().execute<{ id: string }[]>('select id from public.tenants order by id');
    const report: PurgeReport = { tenants: tenants.length, productsPurged: 0, failedTenants: [] };
    for (const { id } of tenants) {
      const tenantId = Number(id);
      try {
        report.productsPurged += await this.tenant.run(tenantId, () => this.purgeTenant(cutoff));
      } catch (error) {
        // One broken tenant must not keep the others' deleted products (and photos) forever.
        this.logger.error({ err: error, tenantId }, 'Purging deleted products failed for a tenant');
        report.failedTenants.push({ tenantId, error: (error as Error).message });
      }
    }
    return report;
  }

  private async purgeTenant(cutoff: Date): Promise<number> {
    let purged = 0;
    for (;;) {
      const count = await this.db.transaction(async (em) => {
        const rows = await em.execute<{ id: string }[]>(
          'select id from product where deleted_at < ? order by deleted_at limit ? for update skip locked',
          [cutoff, BATCH],
        );
        if (rows.length === 0) return 0;
        const ids = rows.map((r) => r.id);
        const files = await em.execute<{ storage_key: string; thumbnail_key: string }[]>(
          'select storage_key, thumbnail_key from product_image where product_id in (?)',
          [ids],
        );
        // Files first: deleting them is idempotent, so if the rows survive (rollback) the next sweep simply retries.
        for (const f of files)
          await Promise.all([this.storage.delete(f.storage_key), this.storage.delete(f.thumbnail_key)]);
        // product_image rows follow through ON DELETE CASCADE.
        await em.execute('delete from product where id in (?)', [ids], 'run');
        return ids.length;
      });
      purged += count;
      if (count < BATCH) return purged;
    }
  }
}
