import { Command } from '@nestjs/cqrs';
import type { PluginDevice } from '../../access/plugin.guard';
import type { VintedSeen } from '../devices.repository';

/** The extension is alive: records its version and the Vinted account it sees logged in. */
export class HeartbeatCommand extends Command<void> {
  constructor(
    readonly device: PluginDevice,
    readonly version: string,
    readonly vinted: VintedSeen,
  ) {
    super();
  }
}
