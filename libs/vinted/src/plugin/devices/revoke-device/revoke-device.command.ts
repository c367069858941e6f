import { Command } from '@nestjs/cqrs';

/** Revokes a device: its plugin token stops working at once, and its waiting long-poll ends with 401. */
export class RevokeDeviceCommand extends Command<void> {
  constructor(
    readonly userId: number,
    readonly deviceId: string,
  ) {
    super();
  }
}
