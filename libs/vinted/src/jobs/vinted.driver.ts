import { EntityManager } from '@mikro-orm/postgresql';
import { QueryBus } from '@nestjs/cqrs';
import type { ListingSnapshot } from '@stoflow/catalog';
import { BusinessRuleViolation, ErrorDetail } from '@stoflow/core';
import {
  AfterCommit,
  DriverJob,
  JobCallView,
  ListedItem,
  MarketplaceDriver,
  MarketplaceDriverFor,
  StepDecision,
  StepInputs as DriverInputs,
  StepOutcome,
} from '@stoflow/publishing';
import { HOW_TO_CONNECT, VintedConnectionNews } from '../account/connection-news/vinted-connection-news';
import { PauseReason, VintedAccountRepository } from '../account/vinted-account.repository';
import { missingForVinted } from '../listings/vinted-item.mapper';
import { DevicesRepository } from '../plugin/devices/devices.repository';
import { GetVintedConnectionQuery } from '../plugin/devices/get-connection/get-connection.query';
import type { PluginTaskView } from '../plugin/tasks/plugin-task';
import { PluginTasksRepository } from '../plugin/tasks/plugin-tasks.repository';
import { PluginTaskQueue } from '../plugin/tasks/plugin-task-queue';
import {
  classifyVintedAnswer,
  UnexpectedVintedAnswer,
  VintedCall,
  VintedOutcome,
  VintedWebClient,
} from '../vinted-web/vinted-web.client';
import { JobSteps, RECONCILE_PAGES, STEP, StepInputs } from './saga/job-steps';
import { VintedJobState } from './vinted-job-state';
import { VintedListing, VintedListingsRepository } from './vinted-listings.repository';

/** A Vinted listing as the runner carries it: the neutral fields, and the photos the item shows. */
type ListedVintedItem = ListedItem & VintedListing;

type Inputs = DriverInputs<VintedJobState, string | null>;

const PAUSES: Record<'captcha' | 'session-expired' | 'blocked', { reason: PauseReason; code: string }> = {
  captcha: { reason: 'captcha', code: 'VINTED_CAPTCHA' },
  'session-expired': { reason: 'session-expired', code: 'VINTED_SESSION_EXPIRED' },
  blocked: { reason: 'blocked', code: 'VINTED_BLOCKED' },
};
const REASON_BY_CODE = new Map(Object.values(PAUSES).map((p) => [p.code, p.reason]));

/** Product fields that show on the Vinted item: a change to one of them is sent to Vinted. */
const SHOWN_ON_VINTED = new Set([
  'title',
  'description',
  'price',
  'currency',
  'brandId',
  'categoryId',
  'conditionId',
  'colorIds',
  'materialIds',
  'sizeId',
  'genderId',
  'fitId',
  'packageSize',
  'images',
]);

/**
 * Vinted as a marketplace of the publishing layer: each step is one plugin task that the user's extension runs in
 * their Vinted tab, paced per account. The steps themselves are decided by `JobSteps` from the job's state.
 */
@MarketplaceDriverFor('vinted')
export class VintedDriver implements MarketplaceDriver<VintedJobState, string | null> {
  readonly marketplace = 'vinted' as const;
  readonly configured = true;
  readonly howToConnect = HOW_TO_CONNECT;
  readonly shownFields: ReadonlySet<string> = SHOWN_ON_VINTED;
  private readonly steps: JobSteps;

  constructor(
    private readonly queries: QueryBus,
    private readonly tasks: PluginTasksRepository,
    private readonly account: VintedAccountRepository,
    private readonly listings: VintedListingsRepository,
    private readonly devices: DevicesRepository,
    private readonly queue: PluginTaskQueue,
    private readonly news: VintedConnectionNews,
    web: VintedWebClient,
  ) {
    this.steps = new JobSteps(web);
  }

  async connected(userId: number): Promise<boolean> {
    return (await this.queries.execute(new GetVintedConnectionQuery(userId))).paired;
  }

  canTake(_userId: number, snapshot: ListingSnapshot): Promise<ErrorDetail[]> {
    return Promise.resolve(missingForVinted(snapshot));
  }

  async listing(em: EntityManager, productId: string): Promise<ListedVintedItem | undefined> {
    const listing = await this.listings.published(em, productId);
    return listing && { ...listing, externalId: listing.itemId };
  }

  /** The Vinted account the extension is logged in to (a lost create is looked for in its wardrobe). */
  async prepare(tenantId: number): Promise<string | null> {
    const device = await this.devices.latestOf(this.devices.em(), tenantId);
    return device?.vinted_user_id ? String(device.vinted_user_id) : null;
  }

  plan(inputs: Inputs): ReturnType<MarketplaceDriver<VintedJobState>['plan']> {
    return this.steps.plan(this.stepInputs(inputs));
  }

  next(inputs: Inputs): StepDecision<VintedJobState> {
    return this.steps.next(this.stepInputs(inputs));
  }

  fold(
    step: string,
    outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>,
    inputs: Inputs,
  ): VintedJobState | undefined {
    // An item already gone is what a withdrawal wanted; for any other step, not found is a failure.
    if (outcome.kind === 'not-found' && step !== STEP.deleteItem) return undefined;
    try {
      return this.steps.applied(step, outcome.kind === 'ok' ? outcome.body : null, this.stepInputs(inputs));
    } catch (error) {
      if (error instanceof UnexpectedVintedAnswer) throw new BusinessRuleViolation(error.code, error.message);
      throw error;
    }
  }

  afterUnknown(step: string, inputs: Inputs): VintedJobState | undefined {
    // A create may have reached Vinted although no answer came back: find it in the wardrobe before creating again.
    return step === STEP.createItem ? { ...inputs.state, reconcile: { page: 1, exhausted: false } } : undefined;
  }

  counts(step: string): boolean {
    return step !== STEP.reconcileCreate;
  }

  async dispatch(
    em: EntityManager,
    tenantId: number,
    job: DriverJob<VintedJobState>,
    decision: Extract<StepDecision<VintedJobState>, { kind: 'dispatch' }>,
    after: AfterCommit,
  ): Promise<string> {
    const call = decision.call as VintedCall;
    return this.queue.enqueue(
      em,
      tenantId,
      {
        jobId: job.id,
        step: decision.step,
        method: call.method,
        url: call.url,
        headers: call.headers,
        body: call.body,
        timeoutMs: call.timeoutMs ?? 30_000,
        // A queued call waits its turn as long as its job lives (pacing may hold it long in a big batch); when the
        // job ends, its calls are withdrawn in the same commit.
        deadline: new Date(job.expiresAt),
        // A withdrawal goes before every queued publish call: an item sold elsewhere must leave Vinted first.
        priority: decision.step === STEP.deleteItem ? 1 : 0,
      },
      after,
    );
  }

  async redispatch(
    em: EntityManager,
    tenantId: number,
    job: DriverJob<VintedJobState>,
    after: AfterCommit,
  ): Promise<void> {
    // Only a call that ended goes out again; one still queued or out keeps its place.
    await this.queue.resend(em, tenantId, job.callId!, new Date(job.expiresAt), after);
  }

  async outcome(em: EntityManager, job: DriverJob<VintedJobState>): Promise<StepOutcome | 'in-flight'> {
    let task = await this.tasks.byId(em, job.callId!);
    if (!task) return { kind: 'transient', message: 'The call was lost; StoFlow will send it again' };
    if (task.status === 'pending' || task.status === 'processing') {
      // Its deadline or lease has passed (this run may be the delayed check set at dispatch): it timed out.
      const [expired] = await this.tasks.expire(em, [task.id]);
      if (!expired) return 'in-flight';
      task = { ...task, status: 'timeout' };
    }
    return this.translate(outcomeOf(task), job);
  }

  async endCalls(
    em: EntityManager,
    tenantId: number,
    job: DriverJob<VintedJobState>,
    after: AfterCommit,
  ): Promise<void> {
    await this.queue.withdraw(em, tenantId, { jobId: job.id }, after);
  }

  async paused(em: EntityManager): Promise<boolean> {
    return (await this.account.read(em)).paused_reason !== null;
  }

  async pause(
    em: EntityManager,
    tenantId: number,
    outcome: Extract<StepOutcome, { kind: 'needs-user' }>,
    after: AfterCommit,
  ): Promise<void> {
    await this.account.pause(em, REASON_BY_CODE.get(outcome.code) ?? 'blocked', outcome.message);
    after.later(() => this.news.announce(tenantId));
  }

  async holdBack(em: EntityManager, until: Date): Promise<void> {
    await this.account.backOff(em, until, 4);
  }

  async eased(em: EntityManager): Promise<void> {
    await this.account.eased(em);
  }

  async recordCompletion(
    em: EntityManager,
    job: DriverJob<VintedJobState>,
    state: VintedJobState,
  ): Promise<ListedItem | undefined> {
    if (!state.itemId) return undefined;
    if (job.action === 'delete') {
      const listing = await this.listings.of(em, job.productId);
      if (listing) await this.listings.save(em, { ...listing, status: 'deleted' });
      return { externalId: state.itemId, url: null, productVersion: listing?.productVersion ?? 0 };
    }
    const listing: VintedListing = {
      productId: job.productId,
      itemId: state.itemId,
      url: state.itemUrl ?? null,
      photos: (state.photos ?? []).map((p) => ({ imageId: p.imageId, photoId: p.photoId! })),
      status: 'published',
      productVersion: state.basedOn ?? 0,
    };
    await this.listings.save(em, listing);
    return { externalId: listing.itemId, url: listing.url, productVersion: listing.productVersion };
  }

  /**
   * Refused while the item is being created on Vinted (its call is out with the extension): the item may exist a
   * moment later, and a cancelled job would forget it; the user unpublishes it afterwards instead.
   */
  async cancellable(em: EntityManager, job: DriverJob<VintedJobState>): Promise<true | string> {
    const task = job.callId ? await this.tasks.byId(em, job.callId) : undefined;
    if (job.step === STEP.createItem && task?.status === 'processing') {
      return 'Vinted is creating this item right now: wait for the job to finish, then unpublish the product';
    }
    return true;
  }

  resumeFrom(job: DriverJob<VintedJobState>): { state: VintedJobState; step: string | null } {
    // Failed before it was planned (e.g. the product was incomplete): planned afresh from the product as it is now.
    if (Object.keys(job.state).length === 0) return { state: {}, step: null };
    const state: VintedJobState = { ...job.state, csrfRetried: [] };
    // A create that may have reached Vinted is looked for in the wardrobe before anything is created again.
    if (job.action === 'publish' && !state.itemId && (state.creates ?? 0) > 0) {
      state.reconcile = { page: 1, exhausted: false };
      state.creates = 0;
    }
    return { state, step: job.step === STEP.createItem ? null : job.step };
  }

  async calls(em: EntityManager, jobId: string): Promise<JobCallView[]> {
    return (await this.tasks.byJob(em, jobId)).map((t) => ({
      id: t.id,
      step: t.step,
      status: t.status,
      attempt: t.attempt,
      method: t.method,
      url: t.url,
      resultStatus: t.result?.status ?? null,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
    }));
  }

  private stepInputs(inputs: Inputs): StepInputs {
    return {
      action: inputs.job.action,
      state: inputs.state,
      snapshot: inputs.snapshot,
      listing: inputs.listing as ListedVintedItem | undefined,
      vintedUserId: inputs.prepared,
      reconcilePages: RECONCILE_PAGES,
      maxCreates: inputs.maxStepRetries + 1,
    };
  }

  /** Vinted's answer in the publishing vocabulary; a stale CSRF token is retried once at once per step. */
  private translate(outcome: VintedOutcome, job: DriverJob<VintedJobState>): StepOutcome {
    switch (outcome.kind) {
      case 'ok':
        return { kind: 'ok', body: outcome.body };
      case 'not-found':
        return { kind: 'not-found', message: outcome.message };
      case 'captcha':
      case 'session-expired':
      case 'blocked':
        return { kind: 'needs-user', code: PAUSES[outcome.kind].code, message: outcome.message };
      case 'rate-limited':
        return { kind: 'rate-limited', message: outcome.message, retryAfterMs: outcome.retryAfterMs ?? undefined };
      case 'rejected':
        return { kind: 'rejected', message: outcome.message };
      case 'csrf': {
        const retried = job.state.csrfRetried ?? [];
        if (retried.includes(job.step!)) return { kind: 'transient', message: outcome.message };
        return {
          kind: 'transient',
          message: outcome.message,
          immediate: true,
          remember: { csrfRetried: [...retried, job.step!] },
        };
      }
      case 'transient':
        return { kind: 'transient', message: outcome.message };
    }
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
