import { EntityManager } from '@mikro-orm/postgresql';
import { CommandBus } from '@nestjs/cqrs';
import type { ListingSnapshot } from '@stoflow/catalog';
import type { ErrorDetail } from '@stoflow/core';
import {
  AdvanceJobCommand,
  AfterCommit,
  DriverJob,
  JobCallView,
  ListedItem,
  MarketplaceDriver,
  MarketplaceDriverFor,
  StepDecision,
  StepInputs,
  StepOutcome,
} from '@stoflow/publishing';
import { randomUUID } from 'node:crypto';

interface State {
  basedOn?: number;
  externalId?: string;
  done?: boolean;
}

interface Call {
  id: string;
  tenantId: number;
  jobId: string;
  step: string;
  at: string;
}

/**
 * A marketplace driver that answers at once, for the publishing layer's tests that are about the layer itself
 * (queues, installs) rather than a marketplace: it replaces eBay's driver through Nest's testing override
 * (`startWorkerReplacing`). Each job is one call that succeeds at once (the outcome comes back through
 * AdvanceJobCommand, as a real driver's would); its listings and calls are kept in this process.
 */
@MarketplaceDriverFor('ebay')
export class TestMarketplaceDriver implements MarketplaceDriver<State> {
  static readonly listings = new Map<string, ListedItem>();
  static readonly calls: Call[] = [];
  /** Products whose withdrawal the marketplace refuses. */
  static readonly refusingWithdrawal = new Set<string>();
  /** Products whose withdrawal meets a marketplace that is down (until removed from the set). */
  static readonly downForWithdrawal = new Set<string>();
  /** Users who connected this marketplace. */
  static readonly connectedUsers = new Set<number>();

  readonly marketplace = 'ebay' as const;
  readonly configured = true;
  readonly howToConnect = 'Connect the test marketplace';
  readonly shownFields: ReadonlySet<string> = new Set(['title', 'price']);

  constructor(private readonly commands: CommandBus) {}

  static reset(): void {
    TestMarketplaceDriver.listings.clear();
    TestMarketplaceDriver.calls.length = 0;
  }

  connected(userId: number): Promise<boolean> {
    return Promise.resolve(TestMarketplaceDriver.connectedUsers.has(userId));
  }

  canTake(_userId: number, snapshot: ListingSnapshot): Promise<ErrorDetail[]> {
    return Promise.resolve(
      snapshot.product.brandId === null ? [{ field: 'brandId', issue: 'eBay needs a brand' }] : [],
    );
  }

  listing(_em: EntityManager, productId: string): Promise<ListedItem | undefined> {
    return Promise.resolve(TestMarketplaceDriver.listings.get(productId));
  }

  prepare(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  plan(inputs: StepInputs<State>): { state: State; total: number } {
    return { state: { basedOn: inputs.snapshot?.product.version ?? 0 }, total: 1 };
  }

  next({ job, state }: StepInputs<State>): StepDecision<State> {
    if (state.done) return { kind: 'complete' };
    return { kind: 'dispatch', step: job.action, call: null };
  }

  fold(step: string, outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>, inputs: StepInputs<State>): State {
    const externalId = inputs.listing?.externalId ?? `ebay-${inputs.job.productId.slice(0, 8)}`;
    return { ...inputs.state, externalId, done: outcome.kind === 'ok' || step === 'delete' };
  }

  afterUnknown(): undefined {
    return undefined;
  }

  counts(): boolean {
    return true;
  }

  dispatch(
    _em: EntityManager,
    tenantId: number,
    job: DriverJob<State>,
    decision: Extract<StepDecision<State>, { kind: 'dispatch' }>,
    after: AfterCommit,
  ): Promise<string> {
    const id = randomUUID();
    TestMarketplaceDriver.calls.push({
      id,
      tenantId,
      jobId: job.id,
      step: decision.step,
      at: new Date().toISOString(),
    });
    after.later(() => this.commands.execute(new AdvanceJobCommand(tenantId, job.id)));
    return Promise.resolve(id);
  }

  redispatch(_em: EntityManager, tenantId: number, job: DriverJob<State>, after: AfterCommit): Promise<void> {
    after.later(() => this.commands.execute(new AdvanceJobCommand(tenantId, job.id)));
    return Promise.resolve();
  }

  outcome(_em: EntityManager, job: DriverJob<State>): Promise<StepOutcome> {
    if (job.action === 'delete' && TestMarketplaceDriver.refusingWithdrawal.has(job.productId)) {
      return Promise.resolve({ kind: 'rejected', message: 'The listing cannot be ended now' });
    }
    if (job.action === 'delete' && TestMarketplaceDriver.downForWithdrawal.has(job.productId)) {
      return Promise.resolve({ kind: 'transient', message: 'The marketplace answered 503' });
    }
    return Promise.resolve({ kind: 'ok', body: null });
  }

  endCalls(): Promise<void> {
    return Promise.resolve();
  }

  paused(): Promise<boolean> {
    return Promise.resolve(false);
  }

  pause(): Promise<void> {
    return Promise.resolve();
  }

  holdBack(): Promise<void> {
    return Promise.resolve();
  }

  eased(): Promise<void> {
    return Promise.resolve();
  }

  recordCompletion(_em: EntityManager, job: DriverJob<State>, state: State): Promise<ListedItem | undefined> {
    const listed = { externalId: state.externalId!, url: null, productVersion: state.basedOn ?? 0 };
    if (job.action === 'delete') TestMarketplaceDriver.listings.delete(job.productId);
    else TestMarketplaceDriver.listings.set(job.productId, listed);
    return Promise.resolve(listed);
  }

  cancellable(): Promise<true> {
    return Promise.resolve(true);
  }

  resumeFrom(job: DriverJob<State>): { state: State; step: string | null } {
    return { state: job.state, step: null };
  }

  calls(_em: EntityManager, jobId: string): Promise<JobCallView[]> {
    return Promise.resolve(
      TestMarketplaceDriver.calls
        .filter((c) => c.jobId === jobId)
        .map((c) => ({
          id: c.id,
          step: c.step,
          status: 'completed',
          attempt: 1,
          method: 'POST',
          url: `test://ebay/${c.step}`,
          resultStatus: 200,
          createdAt: c.at,
          updatedAt: c.at,
        })),
    );
  }
}

