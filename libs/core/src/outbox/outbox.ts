import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainEvent, eventTypeOf } from './domain-event';

/** The channel on which a committed outbox event wakes the relays (PostgreSQL LISTEN/NOTIFY). */
export const OUTBOX_CHANNEL = 'stoflow_outbox';

/**
 * Writes events in the caller's transaction, so they exist if and only if the command's changes do.
 * Raw SQL with no RETURNING: tenant roles may only insert into the outbox, never read it.
 */
@Injectable()
export class Outbox {
  async add(em: EntityManager, ...events: DomainEvent[]): Promise<void> {
    if (!em.isInTransaction())
      throw new Error('Outbox.add needs the transaction of the command that raises the events');
    for (const event of events) {
      await em.execute(
        `insert into public.outbox_events (event_id, tenant_id, aggregate_type, aggregate_id, type, payload, occurred_at)
         values (?, ?, ?, ?, ?, ?::jsonb, ?)`,
        [
          event.eventId,
          event.tenantId,
          event.aggregateType,
          event.aggregateId,
          eventTypeOf(event),
          JSON.stringify(event),
          event.occurredAt,
        ],
        'run',
      );
    }
    // Delivered at commit (and only then), to every relay listening: it relays at once instead of at its next poll.
    if (events.length > 0) await em.execute(`select pg_notify('${OUTBOX_CHANNEL}', '')`, [], 'run');
  }
}

/**
 * Lets a handler act once per event although the relay delivers at least once: call it inside the handler's
 * tenant transaction; it answers false when this handler already handled the event.
 */
export async function firstDelivery(em: EntityManager, handler: string, eventId: string): Promise<boolean> {
  const result = await em.execute(
    'insert into handled_events (handler, event_id) values (?, ?) on conflict do nothing',
    [handler, eventId],
    'run',
  );
  return (result as unknown as { affectedRows: number }).affectedRows === 1;
}
