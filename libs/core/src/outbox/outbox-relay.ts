import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { reviveEvent } from './domain-event';
import { OUTBOX_CHANNEL } from './outbox';

const RELAY_LOCK = 0x5f0b07;
const BATCH = 100;
const PURGE_EVERY_MS = 10 * 60_000;
/** After the listening connection is lost, how long before it is opened again (polling goes on meanwhile). */
const RELISTEN_MS = 5_000;

interface OutboxRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Publishes committed outbox events to the EventBus, in id order, and marks them sent in the same transaction.
 * One relay at a time holds the advisory lock, which keeps the order; a crash before commit means the batch is
 * published again (at least once), so handlers de-duplicate with `firstDelivery`. A committed event wakes the relay
 * at once (LISTEN on a connection of its own; `Outbox.add` notifies); polling every OUTBOX_POLL_MS stays the
 * backstop, for a lost connection or a notification missed.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = false;
  private lastPurge = 0;
  /** A batch is being relayed; `again`: a notification came meanwhile, so another batch follows at once. */
  private running = false;
  private again = false;
  private listener?: Client;
  private relisten?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly eventBus: EventBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.lastPurge = Date.now();
    this.schedule(0);
    void this.listen();
  }

  /** First thing at shutdown: no new batch starts while the rest of the app closes; the running one finishes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.relisten);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.current;
  }

  /** A committed event: relay now, or right after the batch under way. */
  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn({ err: error }, 'Outbox notifications lost; polling until they are back');
      this.relisten = setTimeout(() => void this.listen(), RELISTEN_MS);
    };
    this.listener = client;
    client.on('notification', () => this.wake());
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      // Events committed while it was not listening: one batch now.
      this.wake();
    } catch (error) {
      lost(error);
    }
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
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = true;
      this.again = false;
      this.current = this.relayBatch()
        .then(async (count) => {
          if (count < BATCH && Date.now() - this.lastPurge > PURGE_EVERY_MS) {
            this.lastPurge = Date.now();
            await this.purgeSent();
          }
          this.running = false;
          this.schedule(count === BATCH || this.again ? 0 : this.config.OUTBOX_POLL_MS);
        })
        .catch((error: unknown) => {
          this.running = false;
          this.logger.error({ err: error }, 'Outbox relay failed; retrying');
          this.schedule(this.config.OUTBOX_POLL_MS * 4);
        });
    }, delay);
  }
}
