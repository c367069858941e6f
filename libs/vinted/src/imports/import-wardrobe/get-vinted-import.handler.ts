import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound, TenantContext, TenantDatabase } from '@stoflow/core';
import { VintedImportsRepository, VintedImportView } from '../vinted-imports.repository';
import { GetVintedImportQuery } from './get-vinted-import.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@QueryHandler(GetVintedImportQuery)
export class GetVintedImportHandler implements IQueryHandler<GetVintedImportQuery, VintedImportView> {
  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly imports: VintedImportsRepository,
  ) {}

  async execute({ userId, importId }: GetVintedImportQuery): Promise<VintedImportView> {
    const found = UUID.test(importId)
      ? await this.tenant.run(userId, () =>
          this.db.transaction((em) => this.imports.byId(em, importId), { readOnly: true }),
        )
      : undefined;
    if (!found) throw new NotFound('vinted import', importId);
    return found;
  }
}
