import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, TenantDatabase } from '@stoflow/core';
import { AlertsRepository, AlertView } from '../alerts.repository';
import { ListAlertsQuery } from './list-alerts.query';

@QueryHandler(ListAlertsQuery)
export class ListAlertsHandler implements IQueryHandler<ListAlertsQuery, Page<AlertView>> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly alerts: AlertsRepository,
  ) {}

  async execute({ page, limit }: ListAlertsQuery): Promise<Page<AlertView>> {
    const { items, total } = await this.db.transaction((em) => this.alerts.open(em, page, limit), { readOnly: true });
    return { items, total, page, limit };
  }
}
