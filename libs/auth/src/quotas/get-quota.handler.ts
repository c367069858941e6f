import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@stoflow/core';
import { UsersRepository } from '../users/users.repository';
import { GetQuotaQuery } from './get-quota.query';
import { QuotaLimits, toQuotaLimits } from './quota';
import { QuotasRepository } from './quotas.repository';

@QueryHandler(GetQuotaQuery)
export class GetQuotaHandler implements IQueryHandler<GetQuotaQuery, QuotaLimits> {
  constructor(
    private readonly users: UsersRepository,
    private readonly quotas: QuotasRepository,
  ) {}

  async execute({ userId }: GetQuotaQuery): Promise<QuotaLimits> {
    const row = await this.quotas.ofUser(this.users.em(), userId);
    if (!row) throw new NotFound('User', userId);
    return toQuotaLimits(row);
  }
}
