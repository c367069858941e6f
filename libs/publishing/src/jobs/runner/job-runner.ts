import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListingSnapshot, MarketplaceListingChangedEvent } from '@stoflow/catalog';
import { DomainError, ErrorDetail, Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { AlertsRepository } from '../../alerts/alerts.repository';
import { Drivers } from '../../driver/drivers';
import {
  AfterCommit,
  DriverJob,
  MarketplaceDriver,
  StepDecision,
  StepInputs,
  StepOutcome,
} from '../../driver/marketplace-driver';
import { findListingSnapshot } from '../../find-listing-snapshot';
import { ListingPublishedEvent, ListingWithdrawnEvent } from '../../listing.events';
import { JobSettings } from '../job-settings';
import { JobError, JobStatus, JobWaiting, LIVE_JOB_STATUSES } from '../marketplace-job';
import { MarketplaceJob } from '../marketplace-job.entity';
import { JobChanges, MarketplaceJobsRepository } from '../marketplace-jobs.repository';
import { DueJobTenants } from './due-job-tenants';
import { JobScheduler } from './job-scheduler';

/** What to do once the step's transaction has committed (a woken poll or a worker must find the rows). */
class Later implements AfterCommit {
  readonly work: (() => Promise<unknown>)[] = [];
  readonly advance: { jobId: string; at?: Date; urgent?: boolean }[] = [];

  later(work: () => Promise<unknown>): void {
    this.work.push(work);
  }
}

/** One step of one job: its transaction, the job row it holds locked, and the marketplace's driver. */
interface Step {
  em: EntityManager;
  tenantId: number;
  job: MarketplaceJob;
  /** Absent only for a job of a marketplace this install no longer has (it can still be cancelled). */
  driver: MarketplaceDriver | undefined;
  later: Later;
}

type WithDriver = Step & { driver: MarketplaceDriver };

type EndStatus = Extract<JobStatus, 'failed' | 'cancelled' | 'expired'>;

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
    private readonly alerts: AlertsRepository,
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
      // Read before the job's transaction: the catalog and the driver's outside reads use their own connections.
      const snapshot = job.action === 'delete' ? undefined : await findListingSnapshot(this.queries, job.productId);
      const prepared = await driver.prepare(tenantId, job as DriverJob, snapshot);
      await this.db.transaction(async (em) => {
        const locked = await this.jobs.lock(em, jobId);
        if (locked && LIVE_JOB_STATUSES.includes(locked.status)) {
          await this.step({ em, tenantId, job: locked, driver, later }, snapshot, prepared);
        }
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
        await this.finish({ em, tenantId, job, driver, later }, 'cancelled', error);
        return 'cancelled';
      }),
    );
    await this.afterCommit(tenantId, later);
    return outcome;
  }

  private async step(step: WithDriver, snapshot: ListingSnapshot | undefined, prepared: unknown): Promise<void> {
    const { em, job, driver } = step;
    const now = Date.now();
    if (new Date(job.expiresAt).getTime() <= now) {
      await this.finish(step, 'expired', {
        code: 'EXPIRED',
        message: 'The job did not finish in time and was stopped; retry it to continue',
      });
      return;
    }
    if (job.status === 'pending') {
      // Jobs of one product on one marketplace run one after another, in the order they were asked for.
      if (await this.jobs.olderLive(em, job)) return this.idle(step, 'queued');
      await this.jobs.transition(em, job, 'running', { waiting: null, attempts: 'increment' });
    }
    if (job.waiting === 'account-paused' && (await driver.paused(em))) return this.idle(step, 'account-paused');
    if (job.waiting === 'backoff' && job.nextRunAt && new Date(job.nextRunAt).getTime() > now) return;
    if (job.waiting === 'account-paused' || job.waiting === 'backoff') {
      // The account is back, or the back-off is over: the same call again, as its next attempt.
      if (job.callId) return this.resend(step, {});
      await this.jobs.update(em, job, { waiting: null, nextRunAt: null });
    }

    let outcome: StepOutcome | undefined;
    if (job.callId) {
      const answer = await driver.outcome(em, job as DriverJob);
      if (answer === 'in-flight') return this.idle(step, null);
      outcome = answer;
    }

    const inputs: StepInputs = {
      job: job as DriverJob,
      state: job.state,
      snapshot,
      listing: await driver.listing(em, job.productId),
      prepared,
      maxStepRetries: this.settings.maxStepRetries,
    };
    const changes: JobChanges = {};

    if (!outcome && Object.keys(job.state).length === 0) {
      const plan = driver.plan(inputs);
      if ('kind' in plan) {
        await this.finish(step, 'failed', plan, plan.details);
        return;
      }
      inputs.state = plan.state;
      Object.assign(changes, { state: plan.state, progressTotal: plan.total, progressDone: 0 });
    }

    if (outcome) {
      const folded = await this.fold(step, outcome, inputs);
      if (!folded) return;
      inputs.state = folded.state;
      Object.assign(changes, folded.changes);
    }

    const decision = this.decide(driver, inputs);
    if (decision.kind === 'fail') {
      await this.jobs.update(em, job, changes);
      await this.finish(step, 'failed', decision, decision.details);
      return;
    }
    if (decision.kind === 'complete') {
      await this.jobs.update(em, job, changes);
      await this.complete(step, inputs.state);
      return;
    }
    const callId = await driver.dispatch(em, step.tenantId, job as DriverJob, decision, step.later);
    await this.jobs.update(em, job, {
      ...changes,
      state: decision.remember ? withRemembered(inputs.state, decision.remember) : inputs.state,
      step: decision.step,
      callId,
      stepRetries: decision.step === job.step ? (changes.stepRetries ?? job.stepRetries) : 0,
      waiting: null,
      nextRunAt: null,
    });
  }

  /**
   * Folds the outcome of the call the job waited on into its state. Answers what to go on with, or undefined when
   * the job now waits (a paused account, a back-off, a call sent again) or has ended.
   */
  private async fold(
    step: WithDriver,
    outcome: StepOutcome,
    inputs: StepInputs,
  ): Promise<{ state: object; changes: JobChanges } | undefined> {
    const { em, job, driver } = step;
    const current = job.step!;
    if (outcome.kind === 'ok' || outcome.kind === 'not-found') {
      let state: object | undefined;
      try {
        state = driver.fold(current, outcome, inputs);
      } catch (error) {
        // An answer the driver cannot read: the job fails with what was wrong, rather than guessing.
        if (!(error instanceof DomainError)) throw error;
        await this.finish(step, 'failed', { code: error.code, message: error.message });
        return undefined;
      }
      if (state) {
        await driver.eased(em);
        const progressDone = job.progressDone + (driver.counts(current) ? 1 : 0);
        return { state, changes: { state, callId: null, progressDone, errorCode: null, errorMessage: null } };
      }
    }
    const going = await this.onFailure(step, outcome, inputs);
    return going && { state: going, changes: { state: going, callId: null, stepRetries: job.stepRetries + 1 } };
  }

  /**
   * A call failed. Answers the state to go on with at once (a call whose effect is unknown may first look for
   * what it made); otherwise the job now waits (paused account, back-off) or has ended, and answers undefined.
   */
  private async onFailure(step: WithDriver, outcome: StepOutcome, inputs: StepInputs): Promise<object | undefined> {
    const { em, job, driver } = step;
    const code = (what: string) => `${job.marketplace.toUpperCase()}_${what}`;
    switch (outcome.kind) {
      case 'needs-user':
        // Never retried in a loop: the account's whole queue waits until the user acts.
        await driver.pause(em, step.tenantId, outcome, step.later);
        await this.jobs.update(em, job, {
          waiting: 'account-paused',
          errorCode: outcome.code,
          errorMessage: outcome.message,
        });
        return undefined;
      case 'rate-limited': {
        const retries = job.stepRetries + 1;
        if (retries > this.settings.maxRateLimits && job.action !== 'delete') {
          await this.finish(step, 'failed', { code: code('RATE_LIMITED'), message: outcome.message });
          return undefined;
        }
        const wait = outcome.retryAfterMs ?? this.delay(this.settings.rateLimitBaseMs, job.stepRetries);
        await driver.holdBack(em, new Date(Date.now() + wait));
        await this.alertIfWithdrawalLate(step, outcome.message);
        await this.resend(step, {
          stepRetries: retries,
          errorCode: code('RATE_LIMITED'),
          errorMessage: outcome.message,
        });
        return undefined;
      }
      case 'rejected':
        await this.finish(
          step,
          'failed',
          { code: outcome.code ?? code('REJECTED'), message: outcome.message },
          outcome.details,
        );
        return undefined;
      case 'not-found':
        // Not found where the step needed the listing (a withdrawal would have folded it as done).
        await this.finish(step, 'failed', { code: code('ITEM_GONE'), message: outcome.message });
        return undefined;
      case 'transient':
        if (outcome.immediate) {
          await this.resend(step, { state: withRemembered(job.state, outcome.remember ?? {}) });
          return undefined;
        }
        break;
      case 'ok':
        // A success the step could not use (the driver declined to fold it) is as good as no answer.
        break;
    }
    const message =
      outcome.kind === 'transient' ? outcome.message : 'The marketplace gave an answer StoFlow cannot use';
    const retries = job.stepRetries + 1;
    if (retries > this.settings.maxStepRetries && job.action !== 'delete') {
      await this.finish(step, 'failed', { code: code('UNAVAILABLE'), message });
      return undefined;
    }
    // A call that may have taken effect although no answer came back: the driver looks for it first.
    const going = driver.afterUnknown(job.step!, inputs);
    if (going) return going;
    const at = new Date(Date.now() + this.delay(this.settings.retryBaseMs, job.stepRetries));
    await this.jobs.update(em, job, {
      waiting: 'backoff',
      nextRunAt: at,
      stepRetries: retries,
      errorCode: code('RETRYING'),
      errorMessage: message,
    });
    step.later.advance.push({ jobId: job.id, at, urgent: job.action === 'delete' });
    await this.alertIfWithdrawalLate(step, message);
    return undefined;
  }

  /** A withdrawal still not through after `withdrawAlertAfterMs` is said to the seller (it keeps retrying). */
  private async alertIfWithdrawalLate({ em, job }: Step, why: string): Promise<void> {
    if (job.action !== 'delete') return;
    if (Date.now() - new Date(job.createdAt).getTime() < this.settings.withdrawAlertAfterMs) return;
    await this.alerts.raise(em, {
      kind: 'withdrawal-late',
      subject: `${job.marketplace}:${job.productId}`,
      message:
        `StoFlow has not yet managed to withdraw a product from ${job.marketplace} (${why}); it keeps trying, but ` +
        'the item is still for sale there meanwhile',
      details: { jobId: job.id, productId: job.productId, marketplace: job.marketplace },
    });
  }

  private decide(driver: MarketplaceDriver, inputs: StepInputs): StepDecision {
    try {
      return driver.next(inputs);
    } catch (error) {
      // The product changed under the job (e.g. a field the marketplace needs was removed): say what is missing.
      if (!(error instanceof DomainError)) throw error;
      return { kind: 'fail', code: error.code, message: error.message, details: error.details as ErrorDetail[] };
    }
  }

  /** Nothing to do until something happens: the sweeper looks again only after the idle period. */
  private async idle({ em, job }: Step, waiting: JobWaiting | null): Promise<void> {
    await this.jobs.update(em, job, { waiting, nextRunAt: new Date(Date.now() + this.settings.idleCheckMs) });
  }

  private async resend(step: WithDriver, changes: JobChanges): Promise<void> {
    await this.jobs.update(step.em, step.job, { waiting: null, nextRunAt: null, ...changes });
    await step.driver.redispatch(step.em, step.tenantId, step.job as DriverJob, step.later);
  }

  private async complete(step: WithDriver, state: object): Promise<void> {
    const { em, tenantId, job, driver } = step;
    const listed = await driver.recordCompletion(em, { ...(job as DriverJob), state }, state);
    const { productId, marketplace } = job;
    if (listed && job.action !== 'delete') {
      const { externalId, url } = listed;
      await this.outbox.add(
        em,
        new MarketplaceListingChangedEvent(tenantId, productId, marketplace, 'published', externalId, url),
        ...(job.action === 'publish'
          ? [new ListingPublishedEvent(tenantId, productId, marketplace, externalId, url, job.id)]
          : []),
      );
    } else if (listed) {
      await this.outbox.add(
        em,
        new MarketplaceListingChangedEvent(tenantId, productId, marketplace, 'ended', listed.externalId, null),
        new ListingWithdrawnEvent(tenantId, productId, marketplace, listed.externalId, job.id),
      );
    }
    if (job.action === 'delete') {
      // Withdrawn after all: what was said about it is over.
      for (const kind of ['withdrawal-late', 'withdrawal-failed']) {
        await this.alerts.resolve(em, kind, `${marketplace}:${productId}`);
      }
    }
    await this.jobs.transition(em, job, 'completed', {
      progressDone: job.progressTotal,
      stepRetries: 0,
      waiting: null,
      errorCode: null,
      errorMessage: null,
    });
    await this.startNext(step);
  }

  /** Ends the job (failed, cancelled, expired), withdraws its calls and says so on the listing. */
  private async finish(step: Step, status: EndStatus, error: JobError, details?: ErrorDetail[]): Promise<void> {
    const { em, tenantId, job, driver } = step;
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
    if (!ended) return;
    // No stale call ever runs: whatever this job still had queued or out is withdrawn in the same commit.
    if (driver) await driver.endCalls(em, tenantId, job as DriverJob, step.later);
    const listing = driver ? await driver.listing(em, job.productId) : undefined;
    const { productId, marketplace } = job;
    await this.outbox.add(
      em,
      listing
        ? new MarketplaceListingChangedEvent(
            tenantId,
            productId,
            marketplace,
            'published',
            listing.externalId,
            listing.url,
            `${job.action === 'delete' ? 'Withdrawal' : 'Update'} ${status}: ${message}`,
          )
        : new MarketplaceListingChangedEvent(
            tenantId,
            productId,
            marketplace,
            status === 'cancelled' ? 'ended' : 'failed',
            null,
            null,
            message,
          ),
    );
    if (job.action === 'delete' && status !== 'cancelled') {
      // A listing that may still be for sale is never left unsaid: an item could sell twice.
      await this.alerts.raise(em, {
        kind: 'withdrawal-failed',
        subject: `${marketplace}:${productId}`,
        message:
          `StoFlow could not withdraw a product from ${marketplace} (${message}); it may still be for sale ` +
          'there: retry the job, or end the listing on the marketplace',
        details: { jobId: job.id, productId, marketplace, code: error.code },
      });
    }
    await this.startNext(step);
    this.log.log(
      { tenantId, jobId: job.id, marketplace, status, code: error.code },
      `${marketplace} ${job.action} job ${status}`,
    );
  }

  private async startNext({ em, job, later }: Step): Promise<void> {
    const next = await this.jobs.nextLive(em, job);
    if (next) later.advance.push({ jobId: next });
  }

  private async afterCommit(tenantId: number, later: Later): Promise<void> {
    await Promise.all([
      ...later.work.map((work) => work()),
      ...later.advance.map(({ jobId, at, urgent }) => this.scheduler.advance(tenantId, jobId, at, urgent)),
    ]);
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
