import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PluginSettings } from '../../plugin-settings';
import { DevicesRepository } from '../devices.repository';
import { newPairingCode, pairingCodeHash } from '../pairing-code';
import { CreatePairingCodeCommand, PairingCode } from './create-pairing-code.command';

@CommandHandler(CreatePairingCodeCommand)
export class CreatePairingCodeHandler implements ICommandHandler<CreatePairingCodeCommand, PairingCode> {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly settings: PluginSettings,
  ) {}

  async execute({ userId }: CreatePairingCodeCommand): Promise<PairingCode> {
    const code = newPairingCode();
    const expiresAt = new Date(Date.now() + this.settings.pairingCodeTtlMs);
    await this.devices.insertCode(this.devices.em(), pairingCodeHash(code), userId, expiresAt);
    return { code, expiresAt: expiresAt.toISOString() };
  }
}
