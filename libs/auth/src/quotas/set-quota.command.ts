import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound } from '@stoflow/core';
import { UsersRepository } from '../users/users.repository';
import { QuotaLimits, toQuotaLimits } from './quota';
import { QuotasRepository } from './quotas.repository';

/** Changes a tier's limits; a field left undefined is kept, `null` means unlimited / all marketplaces. */
export class SetQuotaCommand extends Command<QuotaLimits> {
  constructor(
    readonly tier: string,
    readonly changes: { products?: number | null; marketplaces?: number | null; publishesPerDay?: number },
  ) {
    super();
  }
}

@CommandHandler(SetQuotaCommand)
export class SetQuotaHandler implements ICommandHandler<SetQuotaCommand, QuotaLimits> {
  constructor(
    private readonly users: UsersRepository,
    private readonly quotas: QuotasRepository,
  ) {}

  async execute({ tier, changes }: SetQuotaCommand): Promise<QuotaLimits> {
    const row = await this.quotas.update(this.users.em(), tier, {
      ...('products' in changes ? { products: changes.products ?? null } : {}),
      ...('marketplaces' in changes ? { marketplaces: changes.marketplaces ?? null } : {}),
      publishes_per_day: changes.publishesPerDay,
    });
    if (!row) throw new NotFound('Tier', tier);
    return toQuotaLimits(row);
  }
}
