import { Injectable, INestApplicationContext, Module } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import {
  DomainEvent,
  firstDelivery,
  Outbox,
  OutboxEvent,
  OutboxRelay,
  TenantContext,
  TenantDatabase,
} from '@stoflow/core';
import { Client } from 'pg';
import { startApi, startWorker } from '../helpers/apps';
import { createTenant, sql } from '../helpers/tenants';

@OutboxEvent('test.parcel-scanned')
class ParcelScanned extends DomainEvent {
  constructor(
    tenantId: number,
    readonly parcelId: string,
    readonly step: number,
  ) {
    super(tenantId, 'parcel', parcelId);
  }
}

/** What the handlers saw, across app restarts within this test file. */
const seen = { deliveries: [] as ParcelScanned[], effects: [] as string[] };

@Injectable()
@EventsHandler(ParcelScanned)
class ParcelScannedHandler implements IEventHandler<ParcelScanned> {
  constructor(
    private readonly context: TenantContext,
    private readonly db: TenantDatabase,
  ) {}

  async handle(event: ParcelScanned): Promise<void> {
    seen.deliveries.push(event);
    await this.context.run(event.tenantId!, () =>
      this.db.transaction(async (em) => {
        if (await firstDelivery(em, ParcelScannedHandler.name, event.eventId))
          seen.effects.push(`${event.parcelId}#${event.step}`);
      }),
    );
  }
}

@Module({ providers: [ParcelScannedHandler] })
class ParcelModule {}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('the outbox', () => {
  let api: INestApplicationContext;
  let tenantId: number;

  beforeAll(async () => {
    api = await startApi();
    tenantId = await createTenant(api);
  });
  afterAll(() => api.close());
  beforeEach(() => {
    seen.deliveries = [];
    seen.effects = [];
  });

  /** Writes events the way a command does: in the tenant transaction, through the Outbox. */
  const write = (...events: ParcelScanned[]) =>
    api
      .get(TenantContext)
      .run(tenantId, () => api.get(TenantDatabase).transaction((em) => api.get(Outbox).add(em, ...events)));

  it('writes nothing when the command rolls back', async () => {
    const event = new ParcelScanned(tenantId, 'rolled-back', 1);
    await expect(
      api.get(TenantContext).run(tenantId, () =>
        api.get(TenantDatabase).transaction(async (em) => {
          await api.get(Outbox).add(em, event);
          throw new Error('the command failed after raising its event');
        }),
      ),
    ).rejects.toThrow('the command failed');
    expect(
      await sql(api).execute('select 1 from public.outbox_events where event_id = ?', [event.eventId]),
    ).toHaveLength(0);
  });

  it('delivers an event once to handlers although the relay crashed between publishing and commit', async () => {
    const event = new ParcelScanned(tenantId, 'p-crash', 1);
    await write(event);

    // Hold the event's row lock: the relay can read and publish it but not mark it sent; then kill its connection.
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select 1 from public.outbox_events where event_id = $1 for update', [event.eventId]);
    const first = await startWorker(ParcelModule);
    await until(() => seen.effects.length === 1, 'the first delivery');
    await until(async () => {
      const { rowCount } = await blocker.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query like 'update public.outbox_events%'`,
      );
      return (rowCount ?? 0) > 0;
    }, 'the relay to wait on its update');
    await first.close();
    await blocker.query('rollback');
    await blocker.end();
    const [unsent] = await sql(api).execute('select sent_at from public.outbox_events where event_id = ?', [
      event.eventId,
    ]);
    expect(unsent.sent_at).toBeNull();

    const second = await startWorker(ParcelModule);
    try {
      await until(() => seen.deliveries.length === 2, 'the second delivery');
      await until(
        async () =>
          (await sql(api).execute('select sent_at from public.outbox_events where event_id = ?', [event.eventId]))[0]
            .sent_at !== null,
        'the event to be marked sent',
      );
    } finally {
      await second.close();
    }
    expect(seen.deliveries.map((e) => e.eventId)).toEqual([event.eventId, event.eventId]);
    expect(seen.deliveries[1]).toBeInstanceOf(ParcelScanned);
    expect(seen.effects).toEqual(['p-crash#1']);
  });

  it('relays a committed event at once, woken by its notification rather than by the next poll', async () => {
    const saved = process.env.OUTBOX_POLL_MS;
    // Polling every minute: only the notification can bring this event in within the wait below (5 s).
    process.env.OUTBOX_POLL_MS = '60000';
    const worker = await startWorker(ParcelModule);
    try {
      // The batch the worker relays as it starts has gone; the relay now sleeps until the next poll.
      await new Promise((r) => setTimeout(r, 500));
      const event = new ParcelScanned(tenantId, 'p-notify', 1);
      await write(event);
      await until(() => seen.effects.includes('p-notify#1'), 'the woken relay');
    } finally {
      await worker.close();
      if (saved === undefined) delete process.env.OUTBOX_POLL_MS;
      else process.env.OUTBOX_POLL_MS = saved;
    }
  });

  it('deletes sent events past the retention period, and only those', async () => {
    const [old, recent, unsent] = [1, 2, 3].map((n) => new ParcelScanned(tenantId, 'p-retention', n));
    await write(old, recent, unsent);
    await sql(api).execute(
      `update public.outbox_events set sent_at = case event_id when ? then now() - interval '8 days' else now() end
        where event_id in (?, ?)`,
      [old.eventId, old.eventId, recent.eventId],
    );
    const worker = await startWorker(ParcelModule);
    try {
      await worker.get(OutboxRelay).purgeSent();
    } finally {
      await worker.close();
    }
    const left = await sql(api).execute<{ event_id: string }[]>(
      'select event_id from public.outbox_events where event_id in (?, ?, ?)',
      [old.eventId, recent.eventId, unsent.eventId],
    );
    expect(left.map((r) => r.event_id).sort()).toEqual([recent.eventId, unsent.eventId].sort());
  });

  it('delivers the events of one aggregate in the order they were written', async () => {
    const events = [1, 2, 3, 4, 5].flatMap((step) => [
      new ParcelScanned(tenantId, 'p-a', step),
      new ParcelScanned(tenantId, 'p-b', step),
    ]);
    for (const event of events) await write(event);
    const worker = await startWorker(ParcelModule);
    try {
      await until(() => seen.effects.length === events.length, 'every event');
      const ids = events.map((e) => e.eventId);
      await until(
        async () =>
          (
            await sql(api).execute(
              'select 1 from public.outbox_events where sent_at is null and event_id = any(?::uuid[])',
              [`{${ids.join(',')}}`],
            )
          ).length === 0,
        'every event to be marked sent',
      );
    } finally {
      await worker.close();
    }
    expect(seen.deliveries).toHaveLength(events.length);
    for (const parcel of ['p-a', 'p-b']) {
      expect(seen.deliveries.filter((e) => e.parcelId === parcel).map((e) => e.step)).toEqual([1, 2, 3, 4, 5]);
    }
  });
});
