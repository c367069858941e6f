import { EntityManager } from '@mikro-orm/postgresql';
import type { TenantContext } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import type { AfterCommit, DriverJob, JobStateBase, StepDecision, StepOutcome } from '../driver/marketplace-driver';
import type { JobCallView } from '../jobs/marketplace-job';
import { SequenceCallQueue } from './sequence-call-queue';
import { SequenceCallsRepository, sequenceCallViews } from './sequence-calls.repository';

/** A call out this long without an outcome is taken as lost: the job's next sequence looks before it writes. */
const CALL_DEADLINE_MS = 3 * 60 * 1000;

/** The seller's connection to a directly-called marketplace, as the shared driver part needs it. */
export interface SequenceAccounts {
  of(userId: number): Promise<{ status: string } | undefined>;
  /** Marks the connection as needing a new consent; answers whether it changed. */
  needsReconnect(userId: number, reason: string): Promise<boolean>;
  holdBack(userId: number, until: Date): Promise<void>;
  ease(userId: number): Promise<void>;
}

export interface SequenceDriverParts {
  /** The marketplace as a seller reads it: "eBay", "Etsy". */
  label: string;
  calls: SequenceCallsRepository<unknown>;
  queue: SequenceCallQueue;
  accounts: SequenceAccounts;
  news: { announce(userId: number): Promise<void> };
  tenant: TenantContext;
  /** The base URL a call's path is shown against on `GET /api/jobs/{id}`. */
  origin: () => string;
}

/**
 * What the drivers of directly-called marketplaces (eBay, Etsy) share: a job's step is one sequence of requests,
 * kept as a call row and sent by the worker from the marketplace's own queue (withdrawals first); the seller's
 * connection pauses, holds back and eases their jobs. A marketplace extends it with its plan, steps and listings.
 */
export abstract class SequenceDriver<S extends JobStateBase> {
  protected constructor(private readonly parts: SequenceDriverParts) {}

  async dispatch(
    em: EntityManager,
    tenantId: number,
    job: DriverJob<S>,
    decision: Extract<StepDecision<S>, { kind: 'dispatch' }>,
    after: AfterCommit,
  ): Promise<string> {
    const id = randomUUID();
    await this.parts.calls.insert(em, { id, jobId: job.id, step: decision.step, request: decision.call });
    after.later(() => this.parts.queue.send({ tenantId, callId: id, attempt: 1, urgent: job.action === 'delete' }));
    return id;
  }

  async redispatch(em: EntityManager, tenantId: number, job: DriverJob<S>, after: AfterCommit): Promise<void> {
    if (!job.callId) return;
    const callId = job.callId;
    const attempt = await this.parts.calls.requeue(em, callId);
    after.later(() => this.parts.queue.send({ tenantId, callId, attempt, urgent: job.action === 'delete' }));
  }

  async outcome(em: EntityManager, job: DriverJob<S>): Promise<StepOutcome | 'in-flight'> {
    const call = job.callId ? await this.parts.calls.get(em, job.callId) : undefined;
    if (!call || call.status === 'cancelled') {
      return { kind: 'transient', message: `The ${this.parts.label} call was lost` };
    }
    if (call.status === 'done' && call.outcome) return call.outcome;
    const since = call.status === 'queued' ? new Date(call.due_at) : new Date(call.updated_at);
    if (Date.now() - since.getTime() > CALL_DEADLINE_MS) {
      return { kind: 'transient', message: `${this.parts.label} gave no answer in time` };
    }
    return 'in-flight';
  }

  async endCalls(em: EntityManager, _tenantId: number, job: DriverJob<S>): Promise<void> {
    await this.parts.calls.cancelOf(em, job.id);
  }

  async paused(): Promise<boolean> {
    const account = await this.parts.accounts.of(this.parts.tenant.requireTenantId());
    return !account || account.status === 'needs-reconnect';
  }

  async pause(
    _em: EntityManager,
    tenantId: number,
    outcome: Extract<StepOutcome, { kind: 'needs-user' }>,
    after: AfterCommit,
  ): Promise<void> {
    if (outcome.code !== 'MARKETPLACE_NEEDS_RECONNECT') return;
    if (await this.parts.accounts.needsReconnect(tenantId, outcome.message)) {
      after.later(() => this.parts.news.announce(tenantId));
    }
  }

  async holdBack(_em: EntityManager, until: Date): Promise<void> {
    await this.parts.accounts.holdBack(this.parts.tenant.requireTenantId(), until);
  }

  async eased(): Promise<void> {
    await this.parts.accounts.ease(this.parts.tenant.requireTenantId());
  }

  async cancellable(em: EntityManager, job: DriverJob<S>): Promise<true | string> {
    const call = job.callId ? await this.parts.calls.get(em, job.callId) : undefined;
    if (call?.status === 'sending' && call.step === 'publish') {
      return `${this.parts.label} is creating the listing right now: cancel in a moment, or withdraw it once it is listed`;
    }
    return true;
  }

  async calls(em: EntityManager, jobId: string): Promise<JobCallView[]> {
    const origin = this.parts.origin();
    return (await this.parts.calls.ofJob(em, jobId)).flatMap((row) =>
      sequenceCallViews(row, (path) => `${origin}${path}`),
    );
  }
}
