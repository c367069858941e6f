import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SecretBox } from '@stoflow/core';
import { ResumeWaitingJobsCommand } from '@stoflow/publishing';
import { EtsyAccountsRepository } from '../account/etsy-accounts.repository';
import { EtsyConnectionNews } from '../account/etsy-connection-news';
import { aad } from '../account/etsy-tokens';
import { EtsyApi, EtsyGrantRefused } from '../api/etsy-api';
import { CompleteEtsyConnectCommand, ConnectEtsyCommand, EtsyConsentOutcome } from './connect-etsy.command';
import { EtsyConsentFailed } from './consent-failed';
import { PkceStates } from './pkce-states';

@CommandHandler(ConnectEtsyCommand)
export class ConnectEtsyHandler implements ICommandHandler<ConnectEtsyCommand> {
  constructor(
    private readonly states: PkceStates,
    private readonly api: EtsyApi,
  ) {}

  async execute({ userId }: ConnectEtsyCommand): Promise<{ authorizationUrl: string }> {
    const { state, challenge } = await this.states.issue(userId);
    return { authorizationUrl: this.api.consentUrl(state, challenge) };
  }
}

@CommandHandler(CompleteEtsyConnectCommand)
export class CompleteEtsyConnectHandler implements ICommandHandler<CompleteEtsyConnectCommand> {
  constructor(
    private readonly states: PkceStates,
    private readonly api: EtsyApi,
    private readonly box: SecretBox,
    private readonly accounts: EtsyAccountsRepository,
    private readonly news: EtsyConnectionNews,
    private readonly commands: CommandBus,
  ) {}

  async execute({ state, code, refusal }: CompleteEtsyConnectCommand): Promise<EtsyConsentOutcome> {
    const lookup = state ? await this.states.take(state) : ({ refused: 'unknown' } as const);
    if ('refused' in lookup) throw new EtsyConsentFailed(lookup.refused === 'used' ? 'state-used' : 'state-unknown');
    if (refusal || !code) throw new EtsyConsentFailed('declined');
    const { userId, verifier } = lookup.found;
    let grant;
    try {
      grant = await this.api.exchangeCode(code, verifier);
    } catch (error) {
      if (error instanceof EtsyGrantRefused) throw new EtsyConsentFailed('code-refused');
      throw error;
    }
    const auth = { token: () => Promise.resolve(grant.accessToken), refresh: () => Promise.resolve(grant.accessToken) };
    const me = (await this.api.send<{ user_id: number; shop_id: number }>({ method: 'GET', path: '/users/me' }, auth))
      .body;
    const shop = (
      await this.api.send<{ shop_name?: string; currency_code?: string; shop_location_country_iso?: string }>(
        { method: 'GET', path: `/shops/${me.shop_id}` },
        auth,
      )
    ).body;
    await this.accounts.connect({
      userId,
      etsyUserId: me.user_id,
      shopId: me.shop_id,
      shopName: shop.shop_name ?? null,
      currency: shop.currency_code ?? null,
      country: shop.shop_location_country_iso ?? null,
      accessToken: this.box.seal(grant.accessToken, aad('access', userId)),
      accessExpiresAt: grant.accessExpiresAt,
      refreshToken: this.box.seal(grant.refreshToken, aad('refresh', userId)),
      refreshExpiresAt: grant.refreshExpiresAt,
    });
    await this.news.announce(userId);
    await this.commands.execute(new ResumeWaitingJobsCommand(userId, 'etsy'));
    return { marketplace: 'etsy', status: 'connected', account: shop.shop_name ?? null };
  }
}
