import { Command } from '@nestjs/cqrs';

/** Spends a pairing code for a new device and its plugin token (401 when the code is unknown, used or expired). */
export class ExchangePairingCodeCommand extends Command<{ pluginToken: string }> {
  constructor(
    readonly code: string,
    readonly deviceName: string,
  ) {
    super();
  }
}
