import { Query } from '@nestjs/cqrs';
import type { Page } from '@stoflow/core';
import type { AlertView } from '../alerts.repository';

/** What needs the seller and was not dismissed yet, newest first. */
export class ListAlertsQuery extends Query<Page<AlertView>> {
  constructor(
    readonly page: number,
    readonly limit: number,
  ) {
    super();
  }
}
