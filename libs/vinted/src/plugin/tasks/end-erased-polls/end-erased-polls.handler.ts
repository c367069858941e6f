import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { AccountErasedEvent } from '@stoflow/auth';
import { TaskWakeUps } from '../task-wake-ups';

/** An erased account's extensions are told at once, wherever they wait: their long-polls end with 401. */
@EventsHandler(AccountErasedEvent)
export class EndErasedPollsHandler implements IEventHandler<AccountErasedEvent> {
  constructor(private readonly wakeUps: TaskWakeUps) {}

  handle({ userId }: AccountErasedEvent): Promise<void> {
    return this.wakeUps.notifyAccountGone(Number(userId));
  }
}
