import { Query } from '@nestjs/cqrs';
import type { Marketplace } from '@stoflow/catalog';

/** One marketplace as `GET /api/marketplaces` shows it. */
export interface ConnectionView {
  marketplace: Marketplace;
  /** This install can reach the marketplace (its driver is there, with what it needs, e.g. client credentials). */
  configured: boolean;
  connected: boolean;
  account: string | null;
  status: string;
  needs: string | null;
}

/** The seller's connection to every marketplace. */
export class ListConnectionsQuery extends Query<ConnectionView[]> {}
