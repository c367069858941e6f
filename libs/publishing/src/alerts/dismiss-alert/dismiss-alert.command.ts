import { Command } from '@nestjs/cqrs';

/** The seller has seen to it: the alert leaves the list (dismissing twice changes nothing). */
export class DismissAlertCommand extends Command<void> {
  constructor(readonly alertId: string) {
    super();
  }
}
