import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EbayApi } from '../api/ebay-api';
import { ConnectEbayCommand } from './connect-ebay.command';
import { OAuthStates } from './oauth-states';

@CommandHandler(ConnectEbayCommand)
export class ConnectEbayHandler implements ICommandHandler<ConnectEbayCommand> {
  constructor(
    private readonly states: OAuthStates,
    private readonly api: EbayApi,
  ) {}

  async execute({ userId, marketplaceId }: ConnectEbayCommand): Promise<{ authorizationUrl: string }> {
    const state = await this.states.issue({ userId, marketplaceId });
    return { authorizationUrl: this.api.consentUrl(state) };
  }
}
