import { QueryBus } from '@nestjs/cqrs';
import { GetListingSnapshotQuery, ListingSnapshot } from '@stoflow/catalog';
import { DomainError } from '@stoflow/core';

/** The product as a marketplace lists it, or undefined when the catalog no longer has it (deleted meanwhile). */
export async function findListingSnapshot(queries: QueryBus, productId: string): Promise<ListingSnapshot | undefined> {
  try {
    return await queries.execute(new GetListingSnapshotQuery(productId));
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  }
}
