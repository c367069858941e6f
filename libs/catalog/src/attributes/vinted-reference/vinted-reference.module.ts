import { Module } from '@nestjs/common';
import { ApplyVintedReferenceChangesHandler } from './apply-vinted-reference-changes/apply-vinted-reference-changes.handler';
import { GetVintedReferenceIdsHandler } from './get-vinted-reference-ids/get-vinted-reference-ids.handler';

/**
 * The reference tables as Vinted's refresh sees them: the seeded Vinted ids, and the changes a refresh calls for.
 * Part of the catalog module, and on its own in the admin CLI (which runs no other part of the catalog).
 */
@Module({ providers: [GetVintedReferenceIdsHandler, ApplyVintedReferenceChangesHandler] })
export class VintedReferenceDataModule {}
