import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { AppConfig } from '../config/app-config';
import { reviveEvent } from './domain-event';

const RELAY_LOCK = 0x5f0b07;
const BATCH = 100;
const PURGE_EVERY_MS = 10 * 60_000;

interface OutboxRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Publishes committed outbox events to the EventBus, in id order, and marks them sent in the same transaction.
 * One relay at a time holds the advisory lock, which keeps the order; a crash before commit means the batch is
 * published again (at least once), so handlers de-duplicate with `firstDelivery`.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = false;
  private lastPurge = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly eventBus: EventBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.lastPurge = Date.now();
    this.schedule(0);
  }

  /** First thing at shutdown: no new batch starts while the rest of the app closes; the running one finishes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** Relays one batch; answers how many events it published. */
  async relayBatch(): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      const [{ locked }] = await em.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [
        RELAY_LOCK,
      ]);
      if (!locked) return 0;
      const rows = await em.execute<OutboxRow[]>(
        'select id, type, payload from public.outbox_events where sent_at is null and last_error is null order by id limit ?',
        [BATCH],
      );
      const sent: string[] = [];
      for (const row of rows) {
        const event = reviveEvent(row.type, row.payload);
        if (!event) {
          // A worker that does not know the type cannot deliver it; keep it for an operator rather than lose it.
          await em.execute('update public.outbox_events set last_error = ?, attempts = attempts + 1 where id = ?', [
            `unknown event type ${row.type}`,
            row.id,
          ]);
          this.logger.error({ outboxId: row.id, type: row.type }, 'Outbox event of unknown type kept unsent');
          continue;
        }
        this.eventBus.publish(event);
        sent.push(row.id);
      }
      if (sent.length > 0) {
        await em.execute(
          `update public.outbox_events set sent_at = now(), attempts = attempts + 1 where id in (${sent.map(() => '?').join(', ')})`,
          sent,
        );
      }
      return sent.length;
    });
  }

  /** Deletes events sent more than OUTBOX_RETENTION_DAYS ago; answers how many. */
  async purgeSent(): Promise<number> {
    const result = await this.orm.em
      .fork()
      .execute(
        `delete from public.outbox_events where sent_at < now() - make_interval(days => ?)`,
        [this.config.OUTBOX_RETENTION_DAYS],
        'run',
      );
    return (result as unknown as { affectedRows: number }).affectedRows;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.relayBatch()
        .then(async (count) => {
          if (count < BATCH && Date.now() - this.lastPurge > PURGE_EVERY_MS) {
            this.lastPurge = Date.now();
            await this.purgeSent();
          }
          this.schedule(count === BATCH ? 0 : this.config.OUTBOX_POLL_MS);
        })
        .catch((error: unknown) => {
          this.logger.error({ err: error }, 'Outbox relay failed; retrying');
          this.schedule(this.config.OUTBOX_POLL_MS * 4);
        });
    }, delay);
  }
}
