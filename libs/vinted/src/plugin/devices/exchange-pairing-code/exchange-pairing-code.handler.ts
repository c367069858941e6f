import { VintedConnectionNews } from '../../../account/connection-news/vinted-connection-news';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { Role } from '@stoflow/auth';
import { Unauthenticated } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { PluginTokens, tokenHash } from '../../access/plugin-tokens';
import { DevicesRepository } from '../devices.repository';
import { pairingCodeHash } from '../pairing-code';
import { ExchangePairingCodeCommand } from './exchange-pairing-code.command';

@CommandHandler(ExchangePairingCodeCommand)
export class ExchangePairingCodeHandler implements ICommandHandler<
  ExchangePairingCodeCommand,
  { pluginToken: string }
> {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly tokens: PluginTokens,
    private readonly news: VintedConnectionNews,
  ) {}

  async execute({ code, deviceName }: ExchangePairingCodeCommand): Promise<{ pluginToken: string }> {
    const { userId, pluginToken } = await this.devices.em().transactional(async (em) => {
      const owner = await this.devices.spendCode(em, pairingCodeHash(code));
      if (!owner) throw new Unauthenticated('This pairing code is unknown, used or expired: create a new one');
      const pluginToken = this.tokens.sign(owner.userId, owner.role as Role);
      await this.devices.insertDevice(em, randomUUID(), owner.userId, deviceName, tokenHash(pluginToken));
      return { userId: owner.userId, pluginToken };
    });
    await this.news.announce(userId);
    return { pluginToken };
  }
}
