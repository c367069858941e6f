import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound, TenantDatabase } from '@stoflow/core';
import { isJobId } from '../../jobs/marketplace-job';
import { AlertsRepository } from '../alerts.repository';
import { DismissAlertCommand } from './dismiss-alert.command';

@CommandHandler(DismissAlertCommand)
export class DismissAlertHandler implements ICommandHandler<DismissAlertCommand, void> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly alerts: AlertsRepository,
  ) {}

  async execute({ alertId }: DismissAlertCommand): Promise<void> {
    const found = isJobId(alertId) && (await this.db.transaction((em) => this.alerts.dismiss(em, alertId)));
    if (!found) throw new NotFound('Alert', alertId);
  }
}
