import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { AccountErasedEvent } from '@stoflow/auth';
import { MediaStorage } from '../../media/media-storage';
import { tenantPrefix } from '../image-keys';

/** An erased account's schema is gone; its photos, which live outside the database, go too (idempotent). */
@EventsHandler(AccountErasedEvent)
export class EraseTenantMediaHandler implements IEventHandler<AccountErasedEvent> {
  constructor(private readonly storage: MediaStorage) {}

  async handle({ userId }: AccountErasedEvent): Promise<void> {
    await this.storage.deletePrefix(tenantPrefix(Number(userId)));
  }
}
