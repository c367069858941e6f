import type { EntityManager } from '@mikro-orm/postgresql';
import type { ListingSnapshot, Marketplace } from '@stoflow/catalog';
import type { ErrorDetail } from '@stoflow/core';
import type { JobAction, JobCallView, JobStatus, JobWaiting } from '../jobs/marketplace-job';

/** What every driver's job state carries: the product version its data comes from (a later change needs an edit). */
export interface JobStateBase {
  basedOn?: number;
}

/** A job as a driver sees it: plain data, read-only (the runner writes the row). */
export interface DriverJob<S extends JobStateBase = JobStateBase> {
  readonly id: string;
  readonly marketplace: Marketplace;
  readonly action: JobAction;
  readonly productId: string;
  readonly batchId: string | null;
  readonly status: JobStatus;
  readonly waiting: JobWaiting | null;
  readonly state: S;
  /** The step the job is at, and the id of the call it waits on (null once the call's outcome is folded in). */
  readonly step: string | null;
  readonly callId: string | null;
  readonly stepRetries: number;
  readonly expiresAt: Date;
}

/** What the product is on the marketplace, when it is listed there. */
export interface ListedItem {
  externalId: string;
  url: string | null;
  /** The product version the listing shows. */
  productVersion: number;
}

/**
 * The outcome of one call, in the one vocabulary every marketplace answers in:
 * - `ok` (with the answer's body) and `not-found`;
 * - `rate-limited`: retried after `retryAfterMs` (or a growing back-off), the account held back meanwhile;
 * - `transient`: a 5xx, a timeout, a lost answer; `immediate` retries once at once (e.g. a stale CSRF token),
 *   remembering `remember` in the state so it happens only once;
 * - `needs-user`: nothing will work until the user acts (log in again, solve a captcha, reconnect): the account's
 *   queue pauses with `code` and `message`;
 * - `rejected`: the marketplace refused the call as it is (`details` name the fields).
 */
export type StepOutcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'not-found'; message: string }
  | { kind: 'rate-limited'; message: string; retryAfterMs?: number }
  | { kind: 'transient'; message: string; immediate?: boolean; remember?: object }
  | { kind: 'needs-user'; code: string; message: string }
  | { kind: 'rejected'; message: string; code?: string; details?: ErrorDetail[] };

/** What a job does next, decided from its recorded state alone (so a restart decides the same). */
export type StepDecision<S extends JobStateBase = JobStateBase> =
  | { kind: 'dispatch'; step: string; call: unknown; remember?: Partial<S> }
  | { kind: 'complete' }
  | { kind: 'fail'; code: string; message: string; details?: ErrorDetail[] };

/** Everything a decision may read; `snapshot` is undefined when the product is gone (or for a withdrawal). */
export interface StepInputs<S extends JobStateBase = JobStateBase, X = unknown> {
  job: DriverJob<S>;
  state: S;
  snapshot: ListingSnapshot | undefined;
  listing: ListedItem | undefined;
  /** What the driver's `prepare` read before the job's transaction. */
  prepared: X;
  /** Transient failures of one step retried before the job fails (a driver may bound its own retries by it). */
  maxStepRetries: number;
}

/** Work that must wait for the step's commit (wake a long-poll, queue a call): the driver adds to it. */
export interface AfterCommit {
  later(work: () => Promise<unknown>): void;
}

/**
 * The one port between the publishing layer and a marketplace (ADR 0005). The job runner owns the job row, its
 * lock, its status and `waiting`, retries, back-offs and expiry; the driver owns what is marketplace-specific:
 * whether it can take a product, the steps and their calls, how a call is sent and what its answer means.
 * Every method taking an `em` runs inside the runner's transaction (the job row locked).
 */
export interface MarketplaceDriver<S extends JobStateBase = JobStateBase, X = unknown> {
  readonly marketplace: Marketplace;
  /** Whether this install has what the marketplace needs (e.g. client credentials); an operator's matter. */
  readonly configured: boolean;
  /** What a seller does to connect this marketplace, in one sentence (shown until the first announcement). */
  readonly howToConnect: string;
  /** Product fields (API names) that show on this marketplace's listing: a change of one is sent there. */
  readonly shownFields: ReadonlySet<string>;

  /** Connected, and is the product complete for this marketplace? Every problem, as `{field, issue}`. */
  canTake(userId: number, snapshot: ListingSnapshot): Promise<ErrorDetail[]>;
  /** Connected at all (an unpublish needs no complete product, but a connection). */
  connected(userId: number): Promise<boolean>;
  /** The product's live listing there, if any. */
  listing(em: EntityManager, productId: string): Promise<ListedItem | undefined>;

  /**
   * Reads what the steps need from outside the tenant's tables, before the job's transaction; `snapshot` is the
   * product as the step will see it (undefined for a withdrawal, or when the product is gone).
   */
  prepare(tenantId: number, job: DriverJob<S>, snapshot: ListingSnapshot | undefined): Promise<X>;
  /** First run of a job: its state and number of steps, or why it cannot run. */
  plan(inputs: StepInputs<S, X>): { state: S; total: number } | Extract<StepDecision<S>, { kind: 'fail' }>;
  /** The first step not done yet. */
  next(inputs: StepInputs<S, X>): StepDecision<S>;
  /** Folds a call's success (or a not-found the step accepts) into the state; undefined: the outcome is a failure. */
  fold(
    step: string,
    outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>,
    inputs: StepInputs<S, X>,
  ): S | undefined;
  /** A call whose effect is unknown (transient): the state to go on with at once (e.g. look for what it made). */
  afterUnknown(step: string, inputs: StepInputs<S, X>): S | undefined;
  /** Whether the step counts in the job's progress. */
  counts(step: string): boolean;

  /** Sends the decided call; answers its id. */
  dispatch(
    em: EntityManager,
    tenantId: number,
    job: DriverJob<S>,
    decision: Extract<StepDecision<S>, { kind: 'dispatch' }>,
    after: AfterCommit,
  ): Promise<string>;
  /** Sends the job's current call again as its next attempt. */
  redispatch(em: EntityManager, tenantId: number, job: DriverJob<S>, after: AfterCommit): Promise<void>;
  /** The outcome of the call the job waits on; `in-flight` while it is still out (not yet past its deadline). */
  outcome(em: EntityManager, job: DriverJob<S>): Promise<StepOutcome | 'in-flight'>;
  /** Withdraws whatever calls the ending job still has queued or out. */
  endCalls(em: EntityManager, tenantId: number, job: DriverJob<S>, after: AfterCommit): Promise<void>;

  /** Whether the account's queue is paused (waiting for the user). */
  paused(em: EntityManager): Promise<boolean>;
  /** Pauses the account's queue (a `needs-user` outcome); the driver announces the connection's change. */
  pause(
    em: EntityManager,
    tenantId: number,
    outcome: Extract<StepOutcome, { kind: 'needs-user' }>,
    after: AfterCommit,
  ): Promise<void>;
  /** Holds the account's calls back until then (a 429). */
  holdBack(em: EntityManager, until: Date): Promise<void>;
  /** A call went through: an account held back may speed up again. */
  eased(em: EntityManager): Promise<void>;

  /** Records the listing a completed publish or update made (or the end of a withdrawn one). */
  recordCompletion(em: EntityManager, job: DriverJob<S>, state: S): Promise<ListedItem | undefined>;
  /** Whether a live job may be cancelled now; a sentence for the user when not. */
  cancellable(em: EntityManager, job: DriverJob<S>): Promise<true | string>;
  /** The state and step a failed or expired job resumes from. */
  resumeFrom(job: DriverJob<S>): { state: S; step: string | null };
  /** The calls the job made, oldest first. */
  calls(em: EntityManager, jobId: string): Promise<JobCallView[]>;
}
