import { Query } from '@nestjs/cqrs';
import type { VintedImportView } from '../vinted-imports.repository';

/** One import of the user's wardrobe, with its tallies. */
export class GetVintedImportQuery extends Query<VintedImportView> {
  constructor(
    readonly userId: number,
    readonly importId: string,
  ) {
    super();
  }
}
