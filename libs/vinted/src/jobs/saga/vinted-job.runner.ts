import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListingSnapshot, MarketplaceListingChangedEvent } from '@stoflow/catalog';
import { DomainError, Outbox, TenantContext, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { PauseReason, VintedAccountRepository } from '../../account/vinted-account.repository';
import { DevicesRepository } from '../../plugin/devices/devices.repository';
import { DueTenants } from '../../plugin/tasks/due-tenants';
import type { PluginTaskView } from '../../plugin/tasks/plugin-task';
import { PluginTasksRepository } from '../../plugin/tasks/plugin-tasks.repository';
import { TaskWakeUps } from '../../plugin/tasks/task-wake-ups';
import { findListingSnapshot } from '../../listings/find-listing-snapshot';
import {
  classifyVintedAnswer,
  UnexpectedVintedAnswer,
  VintedOutcome,
  VintedWebClient,
} from '../../vinted-web/vinted-web.client';
import { JobSettings } from '../job-settings';
import { ListingPublishedEvent, ListingWithdrawnEvent } from '../listing.events';
import { JobError, JobState, JobStatus, LIVE_JOB_STATUSES } from '../vinted-job';
import { JobChanges, JobRow, VintedJobsRepository } from '../vinted-jobs.repository';
import { VintedListingsRepository } from '../vinted-listings.repository';
import { DueJobTenants } from './due-job-tenants';
import { JobScheduler } from './job-scheduler';
import { Decision, JobSteps, StepInputs, STEP } from './job-steps';

/** What to do once the step's transaction has committed (a woken poll or a worker must find the rows). */
class AfterCommit {
  wake = false;
  taskDeadline?: Date;
  advance: { jobId: string; at?: Date }[] = [];
}

const PAUSE_CODES: Record<PauseReason, string> = {
  captcha: 'VINTED_CAPTCHA',
  'session-expired': 'VINTED_SESSION_EXPIRED',
  blocked: 'VINTED_BLOCKED',
  'account-changed': 'VINTED_ACCOUNT_CHANGED',
};

/**
 * The VintedJob saga's step runner. `advance` reads the job's rows, folds in the outcome of the task it waits on,
 * and dispatches the next task or ends the job, all in one transaction with the job row locked: whoever calls
 * it (a task's result, a delayed retry, the sweeper, a restart), and however often, the job moves once per
 * outcome and never sends a call twice. Nothing lives in memory between two calls.
 */
@Injectable()
export class VintedJobRunner {
  private readonly log = new Logger(VintedJobRunner.name);
  private readonly steps: JobSteps;

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly jobs: VintedJobsRepository,
    private readonly tasks: PluginTasksRepository,
    private readonly account: VintedAccountRepository,
    private readonly listings: VintedListingsRepository,
    private readonly devices: DevicesRepository,
    private readonly outbox: Outbox,
    private readonly queries: QueryBus,
    private readonly settings: JobSettings,
    private readonly wakeUps: TaskWakeUps,
    private readonly dueTasks: DueTenants,
    private readonly dueJobs: DueJobTenants,
    private readonly scheduler: JobScheduler,
    web: VintedWebClient,
  ) {
    this.steps = new JobSteps(web);
  }

  async advance(tenantId: number, jobId: string): Promise<void> {
    const after = new AfterCommit();
    await this.tenant.run(tenantId, async () => {
      const job = await this.db.transaction((em) => this.jobs.byId(em, jobId), { readOnly: true });
      if (!job || !LIVE_JOB_STATUSES.includes(job.status)) return;
      // Read before the job's transaction: the catalog answers on its own connection.
      const snapshot = job.action === 'delete' ? undefined : await findListingSnapshot(this.queries, job.product_id);
      const vintedUserId = await this.vintedUserId(tenantId);
      await this.db.transaction(async (em) => {
        await this.step(em, tenantId, jobId, { snapshot, vintedUserId }, after);
        const next = await this.jobs.nextDue(em, this.settings.idleCheckMs);
        if (next) await this.dueJobs.mark(tenantId, next);
      });
    });
    await this.afterCommit(tenantId, after);
  }

  /**
   * The user's cancel. Refused while the item is being created on Vinted (its call is out with the extension): the
   * item may exist a moment later, and a cancelled job would forget it; the user unpublishes it afterwards instead.
   */
  async cancel(
    tenantId: number,
    jobId: string,
    error: JobError = { code: 'CANCELLED', message: 'Cancelled by you' },
  ): Promise<'cancelled' | 'not-found' | 'not-live' | 'creating'> {
    const after = new AfterCommit();
    const outcome = await this.tenant.run(tenantId, () =>
      this.db.transaction(async (em) => {
        const job = await this.jobs.lock(em, jobId);
        if (!job) return 'not-found' as const;
        if (!LIVE_JOB_STATUSES.includes(job.status)) return 'not-live' as const;
        const task = job.task_id ? await this.tasks.byId(em, job.task_id) : undefined;
        if (job.step === STEP.createItem && task?.status === 'processing') return 'creating' as const;
        await this.finish(em, tenantId, job, 'cancelled', error, after);
        return 'cancelled' as const;
      }),
    );
    await this.afterCommit(tenantId, after);
    return outcome;
  }

  private async step(
    em: EntityManager,
    tenantId: number,
    jobId: string,
    read: { snapshot: ListingSnapshot | undefined; vintedUserId: string | null },
    after: AfterCommit,
  ): Promise<void> {
    let job = await this.jobs.lock(em, jobId);
    if (!job || !LIVE_JOB_STATUSES.includes(job.status)) return;
    const now = Date.now();
    if (new Date(job.expires_at).getTime() <= now) {
      await this.finish(em, tenantId, job, 'expired', expiredError(), after);
      return;
    }
    if (job.status === 'pending') {
      // Jobs of one product run one after another, in the order they were asked for.
      if (await this.jobs.olderLive(em, job)) {
        await this.idle(em, job, 'queued');
        return;
      }
      await this.jobs.transition(em, job.id, 'running', { waiting: null, attempts: 'increment' });
      job = (await this.jobs.lock(em, jobId))!;
    }
    let task = job.task_id ? await this.tasks.byId(em, job.task_id) : undefined;
    if (job.waiting === 'account-paused' || job.waiting === 'backoff') {
      if (job.waiting === 'account-paused' && (await this.account.read(em)).paused_reason) {
        await this.idle(em, job, 'account-paused');
        return;
      }
      if (job.waiting === 'backoff' && job.next_run_at && new Date(job.next_run_at).getTime() > now) return;
      // The account is back, or the back-off is over: the same call again, as the next attempt of its task.
      if (task && ['failed', 'timeout', 'cancelled'].includes(task.status)) {
        await this.retryTask(em, job, task, {}, after);
        return;
      }
      await this.jobs.update(em, job.id, { waiting: null, next_run_at: null });
    }
    if (task && (task.status === 'pending' || task.status === 'processing')) {
      // Its deadline or lease has passed (this run may be the delayed check set at dispatch): it timed out.
      const [expired] = await this.tasks.expire(em, [task.id]);
      if (!expired) {
        await this.idle(em, job, null);
        return;
      }
      task = { ...task, status: 'timeout' };
    }

    const listing = await this.listings.of(em, job.product_id);
    const inputs: StepInputs = {
      action: job.action,
      state: job.state,
      snapshot: read.snapshot,
      listing: listing?.status === 'published' ? listing : undefined,
      vintedUserId: read.vintedUserId,
      reconcilePages: this.settings.reconcilePages,
      maxCreates: this.settings.maxStepRetries + 1,
    };
    const changes: JobChanges = {};

    if (Object.keys(job.state).length === 0 && !task) {
      const plan = this.steps.plan(inputs);
      if ('kind' in plan) {
        await this.finish(em, tenantId, job, 'failed', plan, after, plan.details);
        return;
      }
      inputs.state = plan.state;
      Object.assign(changes, { state: plan.state, progress_total: plan.total, progress_done: 0 });
    }

    if (task) {
      const outcome = outcomeOf(task);
      if (outcome.kind === 'ok' || (outcome.kind === 'not-found' && job.step === STEP.deleteItem)) {
        try {
          inputs.state = this.steps.applied(job.step!, outcome.kind === 'ok' ? outcome.body : null, inputs);
        } catch (error) {
          if (!(error instanceof UnexpectedVintedAnswer)) throw error;
          await this.finish(em, tenantId, job, 'failed', { code: error.code, message: error.message }, after);
          return;
        }
        await this.account.eased(em);
        Object.assign(changes, {
          state: inputs.state,
          task_id: null,
          progress_done: job.progress_done + (job.step === STEP.reconcileCreate ? 0 : 1),
          error_code: null,
          error_message: null,
        });
      } else {
        const handled = await this.onFailure(em, tenantId, job, task, outcome, after);
        if (handled !== 'continue') return;
        inputs.state = { ...job.state, reconcile: { page: 1, exhausted: false } };
        Object.assign(changes, { state: inputs.state, task_id: null, step_retries: job.step_retries + 1 });
      }
    }

    let decision: Decision;
    try {
      decision = this.steps.next(inputs);
    } catch (error) {
      // The product changed under the job (e.g. a field Vinted needs was removed): say what is missing.
      if (!(error instanceof DomainError)) throw error;
      decision = { kind: 'fail', code: error.code, message: error.message, details: error.details };
    }
    if (decision.kind === 'fail') {
      await this.jobs.update(em, job.id, changes);
      await this.finish(em, tenantId, { ...job, ...changes } as JobRow, 'failed', decision, after, decision.details);
      return;
    }
    if (decision.kind === 'complete') {
      await this.jobs.update(em, job.id, changes);
      await this.complete(em, tenantId, { ...job, ...changes, state: inputs.state } as JobRow, after);
      return;
    }
    const taskId = randomUUID();
    // A queued call waits its turn as long as its job lives (pacing may hold it long in a big batch); when the job
    // ends, its calls are withdrawn in the same commit.
    const deadline = new Date(job.expires_at);
    await this.tasks.insert(em, {
      id: taskId,
      jobId: job.id,
      step: decision.step,
      method: decision.call.method,
      url: decision.call.url,
      headers: decision.call.headers ?? {},
      body: decision.call.body,
      timeoutMs: decision.call.timeoutMs ?? 30_000,
      deadline,
      // A withdrawal goes before every queued publish call: an item sold elsewhere must leave Vinted first.
      priority: decision.step === STEP.deleteItem ? 1 : 0,
    });
    const state = decision.remember ? withRemembered(inputs.state, decision.remember) : inputs.state;
    await this.jobs.update(em, job.id, {
      ...changes,
      state,
      step: decision.step,
      task_id: taskId,
      step_retries: decision.step === job.step ? (changes.step_retries ?? job.step_retries) : 0,
      waiting: null,
      next_run_at: null,
    });
    after.wake = true;
    after.taskDeadline = deadline;
  }

  /**
   * A step's call failed. Answers 'continue' when the saga goes on at once (a create whose outcome is unknown is
   * first looked for in the wardrobe); otherwise the job now waits (paused account, back-off) or has ended.
   */
  private async onFailure(
    em: EntityManager,
    tenantId: number,
    job: JobRow,
    task: PluginTaskView,
    outcome: VintedOutcome,
    after: AfterCommit,
  ): Promise<'continue' | 'waiting' | 'ended'> {
    const step = job.step!;
    if (outcome.kind === 'csrf' && !(job.state.csrfRetried ?? []).includes(step)) {
      const csrfRetried = [...(job.state.csrfRetried ?? []), step];
      await this.retryTask(em, job, task, { state: { ...job.state, csrfRetried } }, after);
      return 'waiting';
    }
    if (outcome.kind === 'captcha' || outcome.kind === 'session-expired' || outcome.kind === 'blocked') {
      // Never retried in a loop: the user's whole queue waits until they act (log in, solve the captcha).
      await this.account.pause(em, outcome.kind, outcome.message);
      await this.jobs.update(em, job.id, {
        waiting: 'account-paused',
        error_code: PAUSE_CODES[outcome.kind],
        error_message: outcome.message,
      });
      return 'waiting';
    }
    if (outcome.kind === 'rate-limited') {
      const retries = job.step_retries + 1;
      if (retries > this.settings.maxRateLimits) {
        await this.finish(
          em,
          tenantId,
          job,
          'failed',
          { code: 'VINTED_RATE_LIMITED', message: outcome.message },
          after,
        );
        return 'ended';
      }
      const wait = outcome.retryAfterMs ?? this.delay(this.settings.rateLimitBaseMs, job.step_retries);
      await this.account.backOff(em, new Date(Date.now() + wait), 4);
      await this.retryTask(
        em,
        job,
        task,
        { step_retries: retries, error_code: 'VINTED_RATE_LIMITED', error_message: outcome.message },
        after,
      );
      return 'waiting';
    }
    const unknownOutcome = outcome.kind === 'transient' || outcome.kind === 'csrf' || outcome.kind === 'ok';
    if (!unknownOutcome) {
      const code = outcome.kind === 'not-found' ? 'VINTED_ITEM_GONE' : 'VINTED_REJECTED';
      await this.finish(em, tenantId, job, 'failed', { code, message: outcome.message }, after);
      return 'ended';
    }
    const retries = job.step_retries + 1;
    if (retries > this.settings.maxStepRetries) {
      await this.finish(em, tenantId, job, 'failed', { code: 'VINTED_UNAVAILABLE', message: outcome.message }, after);
      return 'ended';
    }
    // A create may have reached Vinted although no answer came back: find it before creating it again.
    if (step === STEP.createItem) return 'continue';
    const at = new Date(Date.now() + this.delay(this.settings.retryBaseMs, job.step_retries));
    await this.jobs.update(em, job.id, {
      waiting: 'backoff',
      next_run_at: at,
      step_retries: retries,
      error_code: 'VINTED_RETRYING',
      error_message: outcome.message,
    });
    after.advance.push({ jobId: job.id, at });
    return 'waiting';
  }

  /** Nothing to do until something happens: the sweeper looks again only after the idle period. */
  private async idle(em: EntityManager, job: JobRow, waiting: JobRow['waiting']): Promise<void> {
    await this.jobs.update(em, job.id, { waiting, next_run_at: new Date(Date.now() + this.settings.idleCheckMs) });
  }

  private async retryTask(
    em: EntityManager,
    job: JobRow,
    task: PluginTaskView,
    changes: JobChanges,
    after: AfterCommit,
  ): Promise<void> {
    const deadline = new Date(job.expires_at);
    await this.tasks.redispatch(em, task.id, deadline);
    await this.jobs.update(em, job.id, { waiting: null, next_run_at: null, ...changes });
    after.wake = true;
    after.taskDeadline = deadline;
  }

  private async complete(em: EntityManager, tenantId: number, job: JobRow, after: AfterCommit): Promise<void> {
    const { state } = job;
    if ((job.action === 'publish' || job.action === 'update') && state.itemId) {
      const photos = (state.photos ?? []).map((p) => ({ imageId: p.imageId, photoId: p.photoId! }));
      await this.listings.save(em, {
        productId: job.product_id,
        itemId: state.itemId!,
        url: state.itemUrl ?? null,
        photos,
        status: 'published',
        productVersion: state.basedOn ?? 0,
      });
      await this.outbox.add(
        em,
        new MarketplaceListingChangedEvent(
          tenantId,
          job.product_id,
          'vinted',
          'published',
          state.itemId!,
          state.itemUrl ?? null,
        ),
        ...(job.action === 'publish'
          ? [new ListingPublishedEvent(tenantId, job.product_id, state.itemId!, state.itemUrl ?? null, job.id)]
          : []),
      );
    } else if (state.itemId) {
      const listing = await this.listings.of(em, job.product_id);
      if (listing) await this.listings.save(em, { ...listing, status: 'deleted' });
      await this.outbox.add(
        em,
        new MarketplaceListingChangedEvent(tenantId, job.product_id, 'vinted', 'ended', state.itemId, null),
        new ListingWithdrawnEvent(tenantId, job.product_id, state.itemId, job.id),
      );
    }
    await this.jobs.transition(em, job.id, 'completed', {
      progress_done: job.progress_total,
      step_retries: 0,
      waiting: null,
      error_code: null,
      error_message: null,
    });
    await this.startNext(em, job, after);
  }

  /** Ends the job (failed, cancelled, expired), withdraws its tasks from the extension and says so on the listing. */
  private async finish(
    em: EntityManager,
    tenantId: number,
    job: JobRow,
    status: Extract<JobStatus, 'failed' | 'cancelled' | 'expired'>,
    error: JobError,
    after: AfterCommit,
    details?: unknown[],
  ): Promise<boolean> {
    // A refusal's details name each field to fix; the job's message keeps them readable in one line.
    const issues = (details ?? []).map((d) => (d as { issue?: unknown }).issue).filter((i) => typeof i === 'string');
    const message =
      issues.length && !error.message.includes(String(issues[0]))
        ? `${error.message}: ${issues.join('; ')}`
        : error.message;
    const ended = await this.jobs.transition(em, job.id, status, {
      waiting: null,
      next_run_at: null,
      error_code: error.code,
      error_message: message,
    });
    if (!ended) return false;
    // No stale call ever runs: whatever this job still had queued or running is withdrawn in the same commit.
    const withdrawn = await this.tasks.cancel(em, { jobId: job.id });
    if (withdrawn.length > 0) after.wake = true;
    const listing = await this.listings.published(em, job.product_id);
    await this.outbox.add(
      em,
      listing
        ? new MarketplaceListingChangedEvent(
            tenantId,
            job.product_id,
            'vinted',
            'published',
            listing.itemId,
            listing.url,
            `${job.action === 'delete' ? 'Withdrawal' : 'Update'} ${status}: ${message}`,
          )
        : new MarketplaceListingChangedEvent(
            tenantId,
            job.product_id,
            'vinted',
            status === 'cancelled' ? 'ended' : 'failed',
            null,
            null,
            message,
          ),
    );
    await this.startNext(em, job, after);
    this.log.log({ tenantId, jobId: job.id, status, code: error.code }, `Vinted ${job.action} job ${status}`);
    return true;
  }

  private async startNext(em: EntityManager, job: JobRow, after: AfterCommit): Promise<void> {
    const next = await this.jobs.nextLive(em, job);
    if (next) after.advance.push({ jobId: next });
  }

  private async afterCommit(tenantId: number, after: AfterCommit): Promise<void> {
    await Promise.all([
      after.wake ? this.wakeUps.notify(tenantId) : undefined,
      after.taskDeadline ? this.dueTasks.mark(tenantId, after.taskDeadline) : undefined,
      ...after.advance.map(({ jobId, at }) => this.scheduler.advance(tenantId, jobId, at)),
    ]);
  }

  private async vintedUserId(tenantId: number): Promise<string | null> {
    const device = await this.devices.latestOf(this.devices.em(), tenantId);
    return device?.vinted_user_id ? String(device.vinted_user_id) : null;
  }

  private delay(base: number, retries: number): number {
    return Math.min(base * 2 ** retries, this.settings.retryMaxMs);
  }
}

function outcomeOf(task: PluginTaskView): VintedOutcome {
  if (task.status === 'completed' && task.result) {
    return classifyVintedAnswer({ ok: true, status: task.result.status, body: task.result.body });
  }
  if (task.status === 'failed' && task.result) {
    const outcome = classifyVintedAnswer({
      ok: false,
      status: task.result.status,
      body: task.result.body,
      error: task.result.error ?? null,
    });
    // The extension said the call failed although Vinted's status looks fine: its outcome is unknown.
    return outcome.kind === 'ok' ? { ...outcome, kind: 'transient', retryable: true } : outcome;
  }
  const why = task.status === 'timeout' ? 'the extension did not answer in time' : 'the call was withdrawn';
  return classifyVintedAnswer({ ok: false, status: null, error: { code: 'NO_ANSWER', message: why } });
}

function withRemembered(state: JobState, remember: Partial<JobState>): JobState {
  const next: JobState = { ...state, ...remember };
  for (const [key, value] of Object.entries(remember)) if (value === undefined) delete next[key as keyof JobState];
  return next;
}

function expiredError(): JobError {
  return { code: 'EXPIRED', message: 'The job did not finish in time and was stopped; retry it to continue' };
}
