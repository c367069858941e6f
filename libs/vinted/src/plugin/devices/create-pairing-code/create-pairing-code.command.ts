import { Command } from '@nestjs/cqrs';

export interface PairingCode {
  code: string;
  expiresAt: string;
}

/** A one-use code (10 minutes) that the user types into the extension to pair it. */
export class CreatePairingCodeCommand extends Command<PairingCode> {
  constructor(readonly userId: number) {
    super();
  }
}
