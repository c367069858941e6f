import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetListingSnapshotQuery, ListingSnapshot, MarketplaceListingChangedEvent } from '@stoflow/catalog';
import { DomainError, ErrorDetail, Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { Drivers } from '../../driver/drivers';
import {
  AfterCommit,
  DriverJob,
  MarketplaceDriver,
  StepDecision,
  StepInputs,
  StepOutcome,
} from '../../driver/marketplace-driver';
import { ListingPublishedEvent, ListingWithdrawnEvent } from '../../listing.events';
import { JobSettings } from '../job-settings';
import { JobError, JobStatus, LIVE_JOB_STATUSES } from '../marketplace-job';
import { MarketplaceJob } from '../marketplace-job.entity';
import { JobChanges, MarketplaceJobsRepository } from '../marketplace-jobs.repository';
import { DueJobTenants } from './due-job-tenants';
import { JobScheduler } from './job-scheduler';

/** What to do once the step's transaction has committed (a woken poll or a worker must find the rows). */
class Later implements AfterCommit {
  readonly work: (() => Promise<unknown>)[] = [];
  readonly advance: { jobId: string; at?: Date }[] = [];

  later(work: () => Promise<unknown>): void {
    this.work.push(work);
  }
}

export type CancelOutcome = 'cancelled' | 'not-found' | 'not-live' | { refused: string };

/**
 * The step runner every marketplace shares. `advance` reads the job, folds in the outcome of the call it waits
 * on, and has its driver send the next call or ends the job, all in one transaction with the job row locked:
 * whoever calls it (a call's outcome, a delayed retry, the sweeper, a restart), and however often, the job moves
 * once per outcome and never sends a call twice. Nothing lives in memory between two calls.
 */
@Injectable()
export class JobRunner {
  private readonly log = new Logger(JobRunner.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly jobs: MarketplaceJobsRepository,
    private readonly drivers: Drivers,
    private readonly outbox: Outbox,
    private readonly queries: QueryBus,
    private readonly settings: JobSettings,
    private readonly due: DueJobTenants,
    private readonly scheduler: JobScheduler,
  ) {}

  async advance(tenantId: number, jobId: string): Promise<void> {
    const later = new Later();
    await this.tenant.run(tenantId, async () => {
      const job = await this.db.transaction((em) => this.jobs.byId(em, jobId), { readOnly: true });
      if (!job || !LIVE_JOB_STATUSES.includes(job.status)) return;
      const driver = this.drivers.find(job.marketplace);
      if (!driver) {
        this.log.warn({ tenantId, jobId, marketplace: job.marketplace }, 'No driver for this job: it waits');
        return;
      }
      // Read before the job's transaction: the catalog answers on its own connection.
      const snapshot = job.action === 'delete' ? undefined : await this.snapshot(job.productId);
      const prepared = await driver.prepare(tenantId, job as DriverJob);
      await this.db.transaction(async (em) => {
        await this.step(em, tenantId, driver, jobId, { snapshot, prepared }, later);
        const next = await this.jobs.nextDue(em, this.settings.idleCheckMs);
        if (next) await this.due.mark(tenantId, next);
      });
    });
    await this.afterCommit(tenantId, later);
  }

  /** The user's cancel; the driver may refuse it for now (e.g. while the item is being created). */
  async cancel(
    tenantId: number,
    jobId: string,
    error: JobError = { code: 'CANCELLED', message: 'Cancelled by you' },
  ): Promise<CancelOutcome> {
    const later = new Later();
    const outcome = await this.tenant.run(tenantId, () =>
      this.db.transaction(async (em): Promise<CancelOutcome> => {
        const job = await this.jobs.lock(em, jobId);
        if (!job) return 'not-found';
        if (!LIVE_JOB_STATUSES.includes(job.status)) return 'not-live';
        const driver = this.drivers.find(job.marketplace);
        const allowed = driver ? await driver.cancellable(em, job as DriverJob) : true;
        if (allowed !== true) return { refused: allowed };
        await this.finish(em, tenantId, driver, job, 'cancelled', error, later);
        return 'cancelled';
      }),
    );
    await this.afterCommit(tenantId, later);
    return outcome;
  }

  private async step(
    em: EntityManager,
    tenantId: number,
    driver: MarketplaceDriver,
    jobId: string,
    read: { snapshot: ListingSnapshot | undefined; prepared: unknown },
    later: Later,
  ): Promise<void> {
    const job = await this.jobs.lock(em, jobId);
    if (!job || !LIVE_JOB_STATUSES.includes(job.status)) return;
    const now = Date.now();
    if (new Date(job.expiresAt).getTime() <= now) {
      await this.finish(em, tenantId, driver, job, 'expired', expiredError(), later);
      return;
    }
    if (job.status === 'pending') {
      // Jobs of one product on one marketplace run one after another, in the order they were asked for.
      if (await this.jobs.olderLive(em, job)) {
        await this.idle(em, job, 'queued');
        return;
      }
      await this.jobs.transition(em, job, 'running', { waiting: null, attempts: 'increment' });
    }
    if (job.waiting === 'account-paused' || job.waiting === 'backoff') {
      if (job.waiting === 'account-paused' && (await driver.paused(em))) {
        await this.idle(em, job, 'account-paused');
        return;
      }
      if (job.waiting === 'backoff' && job.nextRunAt && new Date(job.nextRunAt).getTime() > now) return;
      // The account is back, or the back-off is over: the same call again, as its next attempt.
      if (job.callId) {
        await this.resend(em, tenantId, driver, job, {}, later);
        return;
      }
      await this.jobs.update(em, job, { waiting: null, nextRunAt: null });
    }

    let outcome: StepOutcome | undefined;
    if (job.callId) {
      const answer = await driver.outcome(em, job as DriverJob);
      if (answer === 'in-flight') {
        await this.idle(em, job, null);
        return;
      }
      outcome = answer;
    }

    const listing = await driver.listing(em, job.productId);
    const inputs: StepInputs = {
      job: job as DriverJob,
      state: job.state,
      snapshot: read.snapshot,
      listing,
      prepared: read.prepared,
      maxStepRetries: this.settings.maxStepRetries,
    };
    const changes: JobChanges = {};

    if (Object.keys(job.state).length === 0 && !outcome) {
      const plan = driver.plan(inputs);
      if ('kind' in plan) {
        await this.finish(em, tenantId, driver, job, 'failed', plan, later, plan.details);
        return;
      }
      inputs.state = plan.state;
      Object.assign(changes, { state: plan.state, progressTotal: plan.total, progressDone: 0 });
    }

    if (outcome) {
      const step = job.step!;
      const folded =
        outcome.kind === 'ok' || outcome.kind === 'not-found' ? this.fold(driver, step, outcome, inputs) : undefined;
      if (folded && 'failed' in folded) {
        await this.finish(em, tenantId, driver, job, 'failed', folded.failed, later);
        return;
      }
      if (folded) {
        inputs.state = folded.state;
        await driver.eased(em);
        Object.assign(changes, {
          state: inputs.state,
          callId: null,
          progressDone: job.progressDone + (driver.counts(step) ? 1 : 0),
          errorCode: null,
          errorMessage: null,
        });
      } else {
        const going = await this.onFailure(em, tenantId, driver, job, outcome, inputs, later);
        if (!going) return;
        inputs.state = going;
        Object.assign(changes, { state: going, callId: null, stepRetries: job.stepRetries + 1 });
      }
    }

    let decision: StepDecision;
    try {
      decision = driver.next(inputs);
    } catch (error) {
      // The product changed under the job (e.g. a field the marketplace needs was removed): say what is missing.
      if (!(error instanceof DomainError)) throw error;
      decision = { kind: 'fail', code: error.code, message: error.message, details: error.details as ErrorDetail[] };
    }
    if (decision.kind === 'fail') {
      await this.jobs.update(em, job, changes);
      await this.finish(em, tenantId, driver, job, 'failed', decision, later, decision.details);
      return;
    }
    if (decision.kind === 'complete') {
      await this.jobs.update(em, job, changes);
      await this.complete(em, tenantId, driver, job, inputs.state, later);
      return;
    }
    const state = decision.remember ? withRemembered(inputs.state, decision.remember) : inputs.state;
    const stepRetries = decision.step === job.step ? (changes.stepRetries ?? job.stepRetries) : 0;
    const callId = await driver.dispatch(em, tenantId, job as DriverJob, decision, later);
    await this.jobs.update(em, job, {
      ...changes,
      state,
      step: decision.step,
      callId,
      stepRetries,
      waiting: null,
      nextRunAt: null,
    });
  }

  private fold(
    driver: MarketplaceDriver,
    step: string,
    outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>,
    inputs: StepInputs,
  ): { state: object } | { failed: JobError } | undefined {
    try {
      const state = driver.fold(step, outcome, inputs);
      return state && { state };
    } catch (error) {
      // An answer the driver cannot read: the job fails with what was wrong, rather than guessing.
      if (!(error instanceof DomainError)) throw error;
      return { failed: { code: error.code, message: error.message } };
    }
  }

  /**
   * A call failed. Answers the state to go on with at once (a call whose effect is unknown may first look for
   * what it made); otherwise the job now waits (paused account, back-off) or has ended, and answers undefined.
   */
  private async onFailure(
    em: EntityManager,
    tenantId: number,
    driver: MarketplaceDriver,
    job: MarketplaceJob,
    outcome: StepOutcome,
    inputs: StepInputs,
    later: Later,
  ): Promise<object | undefined> {
    const code = (what: string) => `${job.marketplace.toUpperCase()}_${what}`;
    const step = job.step!;
    switch (outcome.kind) {
      case 'needs-user':
        // Never retried in a loop: the account's whole queue waits until the user acts.
        await driver.pause(em, tenantId, outcome, later);
        await this.jobs.update(em, job, {
          waiting: 'account-paused',
          errorCode: outcome.code,
          errorMessage: outcome.message,
        });
        return undefined;
      case 'rate-limited': {
        const retries = job.stepRetries + 1;
        if (retries > this.settings.maxRateLimits) {
          await this.finish(
            em,
            tenantId,
            driver,
            job,
            'failed',
            { code: code('RATE_LIMITED'), message: outcome.message },
            later,
          );
          return undefined;
        }
        const wait = outcome.retryAfterMs ?? this.delay(this.settings.rateLimitBaseMs, job.stepRetries);
        await driver.holdBack(em, new Date(Date.now() + wait));
        await this.resend(
          em,
          tenantId,
          driver,
          job,
          { stepRetries: retries, errorCode: code('RATE_LIMITED'), errorMessage: outcome.message },
          later,
        );
        return undefined;
      }
      case 'rejected':
      case 'not-found':
        await this.finish(
          em,
          tenantId,
          driver,
          job,
          'failed',
          {
            code: outcome.kind === 'not-found' ? code('ITEM_GONE') : (outcome.code ?? code('REJECTED')),
            message: outcome.message,
          },
          later,
          outcome.kind === 'rejected' ? outcome.details : undefined,
        );
        return undefined;
      case 'ok':
        // A success the step could not use (the driver declined to fold it) is as good as no answer.
        break;
      case 'transient':
        if (outcome.immediate) {
          await this.resend(
            em,
            tenantId,
            driver,
            job,
            { state: withRemembered(job.state, outcome.remember ?? {}) },
            later,
          );
          return undefined;
        }
        break;
    }
    const message =
      outcome.kind === 'transient' ? outcome.message : 'The marketplace gave an answer StoFlow cannot use';
    const retries = job.stepRetries + 1;
    if (retries > this.settings.maxStepRetries) {
      await this.finish(em, tenantId, driver, job, 'failed', { code: code('UNAVAILABLE'), message }, later);
      return undefined;
    }
    // A call that may have taken effect although no answer came back: the driver looks for it first.
    const going = driver.afterUnknown(step, inputs);
    if (going) return going;
    const at = new Date(Date.now() + this.delay(this.settings.retryBaseMs, job.stepRetries));
    await this.jobs.update(em, job, {
      waiting: 'backoff',
      nextRunAt: at,
      stepRetries: retries,
      errorCode: code('RETRYING'),
      errorMessage: message,
    });
    later.advance.push({ jobId: job.id, at });
    return undefined;
  }

  /** Nothing to do until something happens: the sweeper looks again only after the idle period. */
  private async idle(em: EntityManager, job: MarketplaceJob, waiting: MarketplaceJob['waiting']): Promise<void> {
    await this.jobs.update(em, job, { waiting, nextRunAt: new Date(Date.now() + this.settings.idleCheckMs) });
  }

  private async resend(
    em: EntityManager,
    tenantId: number,
    driver: MarketplaceDriver,
    job: MarketplaceJob,
    changes: JobChanges,
    later: Later,
  ): Promise<void> {
    await this.jobs.update(em, job, { waiting: null, nextRunAt: null, ...changes });
    await driver.redispatch(em, tenantId, job as DriverJob, later);
  }

  private async complete(
    em: EntityManager,
    tenantId: number,
    driver: MarketplaceDriver,
    job: MarketplaceJob,
    state: object,
    later: Later,
  ): Promise<void> {
    const listed = await driver.recordCompletion(em, { ...(job as DriverJob), state }, state);
    if (listed && job.action !== 'delete') {
      await this.outbox.add(
        em,
        new MarketplaceListingChangedEvent(
          tenantId,
          job.productId,
          job.marketplace,
          'published',
          listed.externalId,
          listed.url,
        ),
        ...(job.action === 'publish'
          ? [new ListingPublishedEvent(tenantId, job.productId, job.marketplace, listed.externalId, listed.url, job.id)]
          : []),
      );
    } else if (listed) {
      await this.outbox.add(
        em,
        new MarketplaceListingChangedEvent(tenantId, job.productId, job.marketplace, 'ended', listed.externalId, null),
        new ListingWithdrawnEvent(tenantId, job.productId, job.marketplace, listed.externalId, job.id),
      );
    }
    await this.jobs.transition(em, job, 'completed', {
      progressDone: job.progressTotal,
      stepRetries: 0,
      waiting: null,
      errorCode: null,
      errorMessage: null,
    });
    await this.startNext(em, job, later);
  }

  /** Ends the job (failed, cancelled, expired), withdraws its calls and says so on the listing. */
  private async finish(
    em: EntityManager,
    tenantId: number,
    driver: MarketplaceDriver | undefined,
    job: MarketplaceJob,
    status: Extract<JobStatus, 'failed' | 'cancelled' | 'expired'>,
    error: JobError,
    later: Later,
    details?: ErrorDetail[],
  ): Promise<boolean> {
    // A refusal's details name each field to fix; the job's message keeps them readable in one line.
    const issues = (details ?? []).map((d) => d.issue).filter((i): i is string => typeof i === 'string');
    const message =
      issues.length && !error.message.includes(issues[0]) ? `${error.message}: ${issues.join('; ')}` : error.message;
    const ended = await this.jobs.transition(em, job, status, {
      waiting: null,
      nextRunAt: null,
      errorCode: error.code,
      errorMessage: message,
    });
    if (!ended) return false;
    // No stale call ever runs: whatever this job still had queued or out is withdrawn in the same commit.
    if (driver) await driver.endCalls(em, tenantId, job as DriverJob, later);
    const listing = driver ? await driver.listing(em, job.productId) : undefined;
    await this.outbox.add(
      em,
      listing
        ? new MarketplaceListingChangedEvent(
            tenantId,
            job.productId,
            job.marketplace,
            'published',
            listing.externalId,
            listing.url,
            `${job.action === 'delete' ? 'Withdrawal' : 'Update'} ${status}: ${message}`,
          )
        : new MarketplaceListingChangedEvent(
            tenantId,
            job.productId,
            job.marketplace,
            status === 'cancelled' ? 'ended' : 'failed',
            null,
            null,
            message,
          ),
    );
    await this.startNext(em, job, later);
    this.log.log(
      { tenantId, jobId: job.id, marketplace: job.marketplace, status, code: error.code },
      `${job.marketplace} ${job.action} job ${status}`,
    );
    return true;
  }

  private async startNext(em: EntityManager, job: MarketplaceJob, later: Later): Promise<void> {
    const next = await this.jobs.nextLive(em, job);
    if (next) later.advance.push({ jobId: next });
  }

  private async afterCommit(tenantId: number, later: Later): Promise<void> {
    await Promise.all([
      ...later.work.map((work) => work()),
      ...later.advance.map(({ jobId, at }) => this.scheduler.advance(tenantId, jobId, at)),
    ]);
  }

  private async snapshot(productId: string): Promise<ListingSnapshot | undefined> {
    try {
      return await this.queries.execute(new GetListingSnapshotQuery(productId));
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) return undefined;
      throw error;
    }
  }

  private delay(base: number, retries: number): number {
    return Math.min(base * 2 ** retries, this.settings.retryMaxMs);
  }
}

function withRemembered<S extends object>(state: S, remember: object): S {
  const next = { ...state, ...remember } as Record<string, unknown>;
  for (const [key, value] of Object.entries(remember)) if (value === undefined) delete next[key];
  return next as S;
}

function expiredError(): JobError {
  return { code: 'EXPIRED', message: 'The job did not finish in time and was stopped; retry it to continue' };
}
