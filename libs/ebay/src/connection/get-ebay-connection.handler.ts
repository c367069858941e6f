import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { connectionView, EbayConnectionView } from './ebay-connection.view';
import { GetEbayConnectionQuery } from './get-ebay-connection.query';

@QueryHandler(GetEbayConnectionQuery)
export class GetEbayConnectionHandler implements IQueryHandler<GetEbayConnectionQuery> {
  constructor(private readonly accounts: EbayAccountsRepository) {}

  async execute({ userId }: GetEbayConnectionQuery): Promise<EbayConnectionView> {
    return connectionView(await this.accounts.of(userId));
  }
}
