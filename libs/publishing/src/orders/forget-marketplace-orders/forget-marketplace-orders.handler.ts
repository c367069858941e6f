import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantDatabase } from '@stoflow/core';
import { ForgetMarketplaceOrdersCommand } from './forget-marketplace-orders.command';

/** Erased ids start with this, so an order sync never matches them (and a second notice finds nothing to do). */
const ERASED = 'erased:';

@CommandHandler(ForgetMarketplaceOrdersCommand)
export class ForgetMarketplaceOrdersHandler implements ICommandHandler<ForgetMarketplaceOrdersCommand> {
  constructor(private readonly db: TenantDatabase) {}

  execute({ marketplace }: ForgetMarketplaceOrdersCommand): Promise<number> {
    return this.db.transaction(async (em) => {
      const rows = await em.execute<{ id: string }[]>(
        `update orders set external_id = ? || id::text, line_id = ? || id::text, buyer = null, updated_at = now()
          where marketplace = ? and external_id not like ? returning id`,
        [ERASED, ERASED, marketplace, `${ERASED}%`],
      );
      return rows.length;
    });
  }
}
