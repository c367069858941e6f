import { Entity, Enum, JsonType, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Marketplace } from '@stoflow/catalog';
import type { JobStateBase } from '../driver/marketplace-driver';
import { JOB_ACTIONS, JOB_STATUSES, JOB_WAITINGS, JobAction, JobStatus, JobWaiting } from './marketplace-job';

/**
 * One publish, update or withdrawal of one product on one marketplace: table `marketplace_jobs` in the tenant
 * schema. `state` belongs to the marketplace's driver (what its steps learnt: uploaded photo ids, the listing id…);
 * `step` and `callId` name the call the job waits on. Status and `waiting` change only through the repository,
 * which checks their transition tables.
 */
@Entity({ schema: '*', tableName: 'marketplace_jobs' })
export class MarketplaceJob {
  [OptionalProps]?:
    | 'batchId'
    | 'status'
    | 'step'
    | 'callId'
    | 'state'
    | 'progressDone'
    | 'progressTotal'
    | 'attempts'
    | 'stepRetries'
    | 'waiting'
    | 'nextRunAt'
    | 'errorCode'
    | 'errorMessage'
    | 'createdAt'
    | 'startedAt'
    | 'finishedAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  marketplace!: Marketplace;

  @Enum({ items: () => [...JOB_ACTIONS] })
  action!: JobAction;

  @Property({ type: 'uuid' })
  productId!: string;

  @Property({ type: 'uuid', nullable: true })
  batchId: string | null = null;

  @Enum({ items: () => [...JOB_STATUSES] })
  status: JobStatus = 'pending';

  @Property({ type: 'text', nullable: true })
  step: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  callId: string | null = null;

  @Property({ type: JsonType })
  state: JobStateBase = {};

  @Property({ type: 'integer' })
  progressDone: number = 0;

  @Property({ type: 'integer' })
  progressTotal: number = 0;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'integer' })
  stepRetries: number = 0;

  @Enum({ items: () => [...JOB_WAITINGS], nullable: true })
  waiting: JobWaiting | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  nextRunAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  errorCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  errorMessage: string | null = null;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  // Stamped by the database (the order of a product's jobs is the order the database saw them in).
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
