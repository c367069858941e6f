import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { isOutboundFailure, SecretBox } from '@stoflow/core';
import { ResumeWaitingJobsCommand } from '@stoflow/publishing';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayConnectionNews } from '../account/ebay-connection-news';
import { accessAad, refreshAad } from '../account/ebay-tokens';
import { EbayApi, EbayGrantRefused } from '../api/ebay-api';
import { CompleteEbayConnectCommand, ConsentOutcome } from './complete-ebay-connect.command';
import { ConsentFailed } from './consent-failed';
import { OAuthStates } from './oauth-states';

interface EbayIdentity {
  userId?: string;
  username?: string;
}

@CommandHandler(CompleteEbayConnectCommand)
export class CompleteEbayConnectHandler implements ICommandHandler<CompleteEbayConnectCommand> {
  private readonly log = new Logger(CompleteEbayConnectHandler.name);

  constructor(
    private readonly states: OAuthStates,
    private readonly api: EbayApi,
    private readonly box: SecretBox,
    private readonly accounts: EbayAccountsRepository,
    private readonly news: EbayConnectionNews,
    private readonly commands: CommandBus,
  ) {}

  async execute({ state, code, refusal }: CompleteEbayConnectCommand): Promise<ConsentOutcome> {
    // The state is spent first, whatever else came back: a link works once, declined or not.
    const lookup = state ? await this.states.take(state) : ({ refused: 'unknown' } as const);
    if ('refused' in lookup) throw new ConsentFailed(lookup.refused === 'used' ? 'state-used' : 'state-unknown');
    if (refusal || !code) throw new ConsentFailed('declined');
    const { userId, marketplaceId } = lookup.found;

    let grant;
    try {
      grant = await this.api.exchangeCode(code);
    } catch (error) {
      if (error instanceof EbayGrantRefused) throw new ConsentFailed('code-refused');
      throw error;
    }
    const identity = await this.identity(grant.accessToken);
    await this.accounts.connect({
      userId,
      marketplaceId,
      ebayUserId: identity.userId ?? null,
      ebayUsername: identity.username ?? null,
      accessToken: this.box.seal(grant.accessToken, accessAad(userId)),
      accessExpiresAt: grant.accessExpiresAt,
      refreshToken: this.box.seal(grant.refreshToken, refreshAad(userId)),
      refreshExpiresAt: grant.refreshExpiresAt,
    });
    await this.news.announce(userId);
    // Jobs that waited for the seller to reconnect go on.
    await this.commands.execute(new ResumeWaitingJobsCommand(userId, 'ebay'));
    return { marketplace: 'ebay', status: 'connected', account: identity.username ?? null, marketplaceId };
  }

  /** Who the seller is on eBay: the immutable user id matches account-deletion notices. */
  private async identity(accessToken: string): Promise<EbayIdentity> {
    try {
      const { body } = await this.api.send<EbayIdentity>(
        { api: 'identity', method: 'GET', path: '/user/' },
        { token: () => Promise.resolve(accessToken), refresh: () => Promise.resolve(accessToken) },
      );
      return { userId: body?.userId, username: body?.username };
    } catch (error) {
      // The connection works without it; deletion notices then match by username only when eBay gives one.
      if (!isOutboundFailure(error)) throw error;
      this.log.warn({ err: error }, 'eBay did not say who the seller is');
      return {};
    }
  }
}
