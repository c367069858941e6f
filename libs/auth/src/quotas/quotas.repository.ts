import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { QuotaRow } from './quota';

const COLUMNS = 'tier, products, marketplaces, publishes_per_day';

@Injectable()
export class QuotasRepository {
  async all(em: EntityManager): Promise<QuotaRow[]> {
    return em.execute<QuotaRow[]>(`select ${COLUMNS} from public.subscription_quotas order by rank`);
  }

  async ofTier(em: EntityManager, tier: string): Promise<QuotaRow | undefined> {
    const [row] = await em.execute<QuotaRow[]>(`select ${COLUMNS} from public.subscription_quotas where tier = ?`, [
      tier,
    ]);
    return row;
  }

  async ofUser(em: EntityManager, userId: number): Promise<QuotaRow | undefined> {
    const [row] = await em.execute<QuotaRow[]>(
      `select q.tier, q.products, q.marketplaces, q.publishes_per_day
         from public.users u join public.subscription_quotas q on q.tier = u.tier where u.id = ?`,
      [userId],
    );
    return row;
  }

  async update(em: EntityManager, tier: string, changes: Partial<QuotaRow>): Promise<QuotaRow | undefined> {
    const [row] = await em.execute<QuotaRow[]>(
      `update public.subscription_quotas set
         products = case when ? then ? else products end,
         marketplaces = case when ? then ? else marketplaces end,
         publishes_per_day = coalesce(?, publishes_per_day),
         updated_at = now()
       where tier = ? returning ${COLUMNS}`,
      [
        'products' in changes,
        changes.products ?? null,
        'marketplaces' in changes,
        changes.marketplaces ?? null,
        changes.publishes_per_day ?? null,
        tier,
      ],
    );
    return row;
  }
}
