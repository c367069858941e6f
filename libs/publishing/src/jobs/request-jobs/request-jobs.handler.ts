import { EntityManager } from '@mikro-orm/postgresql';
import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { GetQuotaQuery } from '@stoflow/auth';
import {
  GetListingSnapshotQuery,
  GetPublishabilityQuery,
  ListingSnapshot,
  Marketplace,
  MarketplaceListingChangedEvent,
} from '@stoflow/catalog';
import { BusinessRuleViolation, Conflict, ErrorDetail, Outbox, QuotaExceeded, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { Drivers } from '../../driver/drivers';
import { JobStateBase, MarketplaceDriver } from '../../driver/marketplace-driver';
import { JobSettings } from '../job-settings';
import { JobView } from '../marketplace-job';
import { MarketplaceJob } from '../marketplace-job.entity';
import { MarketplaceJobsRepository, toJobView } from '../marketplace-jobs.repository';
import { DueJobTenants } from '../runner/due-job-tenants';
import { JobRunner } from '../runner/job-runner';
import { JobScheduler } from '../runner/job-scheduler';
import { RequestJobsCommand } from './request-jobs.command';

const JOBS_LOCK_CLASS = 0x766a6f62; // one tenant's job requests in turn (quota count, coalescing)

const MARKETPLACE_LABELS: Record<Marketplace, string> = { vinted: 'Vinted', ebay: 'eBay', etsy: 'Etsy' };

interface Outcome {
  views: JobView[];
  created: string[];
  moot: string[];
}

@CommandHandler(RequestJobsCommand)
export class RequestJobsHandler implements ICommandHandler<RequestJobsCommand, JobView[]> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly queries: QueryBus,
    private readonly jobs: MarketplaceJobsRepository,
    private readonly drivers: Drivers,
    private readonly outbox: Outbox,
    private readonly settings: JobSettings,
    private readonly scheduler: JobScheduler,
    private readonly due: DueJobTenants,
    private readonly runner: JobRunner,
  ) {}

  async execute(command: RequestJobsCommand): Promise<JobView[]> {
    const { userId, action, automatic } = command;
    const ids = [...new Set(command.productIds)];
    const drivers = await this.driversFor(command);
    // The catalog's and the marketplaces' answers first: 404 for an unknown product, 422 when one cannot list it.
    if (action === 'publish') await this.checkPublishable(userId, ids, drivers);
    else if (!automatic) await Promise.all(ids.map((id) => this.queries.execute(new GetListingSnapshotQuery(id))));
    const limits = action === 'publish' ? await this.queries.execute(new GetQuotaQuery(userId)) : undefined;

    const { views, created, moot } = await this.db.transaction(async (em) => {
      await em.execute('select pg_advisory_xact_lock(?, ?)', [JOBS_LOCK_CLASS, userId % 2 ** 31]);
      const outcome: Outcome = { views: [], created: [], moot: [] };
      const refused: ErrorDetail[] = [];
      for (const productId of ids) {
        for (const driver of drivers) {
          const refusal = await this.request(em, command, driver, productId, outcome);
          if (refusal) refused.push(refusal);
        }
      }
      if (refused.length > 0) {
        throw new Conflict(
          refused.length === 1
            ? `This product ${refused[0].issue}`
            : `${refused.length} of these requests cannot be done: ${refused.map((r) => r.issue).join('; ')}`,
          refused,
        );
      }
      if (limits && outcome.created.length > 0) {
        const used = await this.jobs.publishesToday(em);
        if (used > limits.publishesPerDay) {
          throw new QuotaExceeded('publishes per day', limits.publishesPerDay, used - outcome.created.length);
        }
      }
      return outcome;
    });
    for (const jobId of moot) {
      await this.runner.cancel(userId, jobId, {
        code: 'SUPERSEDED',
        message: 'Not needed any more: the listing is being withdrawn',
      });
    }
    const expiry = new Date(Date.now() + this.settings.jobTtlMs + 1_000);
    await Promise.all([
      ...created.map((jobId) => this.scheduler.advance(userId, jobId, undefined, action === 'delete')),
      // Expiry by a delayed step as well as by the sweeper.
      ...created.map((jobId) => this.scheduler.advance(userId, jobId, expiry)),
      created.length > 0 ? this.due.mark(userId, new Date(Date.now() + this.settings.idleCheckMs)) : undefined,
    ]);
    return views;
  }

  /** One product on one marketplace: a new job, the job already asked for, nothing to do, or a refusal. */
  private async request(
    em: EntityManager,
    { userId, action, batchId, automatic, productVersion }: RequestJobsCommand,
    driver: MarketplaceDriver,
    productId: string,
    outcome: Outcome,
  ): Promise<ErrorDetail | undefined> {
    const { marketplace } = driver;
    const label = MARKETPLACE_LABELS[marketplace];
    const existing = await this.jobs.pendingOf(em, marketplace, productId, action);
    if (existing) {
      outcome.views.push(toJobView(existing));
      return undefined;
    }
    const listing = await driver.listing(em, productId);
    const live = await this.jobs.liveOf(em, marketplace, productId);
    const creating = live.find((j) => j.action === 'publish');
    if (action === 'publish' && creating) {
      // Being created there already: the answer is that job.
      outcome.views.push(toJobView(creating));
      return undefined;
    }
    if (action === 'publish' && listing) {
      return { field: 'productIds', issue: `is already listed on ${label}`, productId, marketplace };
    }
    if (action === 'update' && productVersion !== undefined && covered(listing, live, productVersion)) return undefined;
    if (action !== 'publish' && !listing && !creating) {
      if (automatic) return undefined;
      return { field: 'productIds', issue: `is not listed on ${label}`, productId, marketplace };
    }
    // Editing a listing that is about to be withdrawn is pointless, and would hold the withdrawal back.
    if (action === 'delete') outcome.moot.push(...live.filter((j) => j.action === 'update').map((j) => j.id));
    const id = randomUUID();
    await this.jobs.insert(em, {
      id,
      marketplace,
      action,
      productId,
      batchId,
      expiresAt: new Date(Date.now() + this.settings.jobTtlMs),
    });
    if (action === 'publish') {
      await this.outbox.add(em, new MarketplaceListingChangedEvent(userId, productId, marketplace, 'pending'));
    }
    outcome.created.push(id);
    outcome.views.push(toJobView((await this.jobs.byId(em, id))!));
    return undefined;
  }

  /** The drivers asked for; a marketplace this install cannot reach, or not connected for a publish, is refused. */
  private async driversFor({ userId, action, marketplaces }: RequestJobsCommand): Promise<MarketplaceDriver[]> {
    const problems: ErrorDetail[] = [];
    const found: MarketplaceDriver[] = [];
    for (const marketplace of marketplaces) {
      const driver = this.drivers.find(marketplace);
      if (driver && (action !== 'publish' || (await driver.connected(userId)))) found.push(driver);
      else problems.push({ field: 'marketplaces', issue: `${marketplace} is not connected`, marketplace });
    }
    if (problems.length > 0) {
      const names = problems.map((p) => MARKETPLACE_LABELS[p.marketplace as Marketplace]);
      throw new BusinessRuleViolation(
        'MARKETPLACE_NOT_CONNECTED',
        problems.length === 1 && problems[0].marketplace === 'vinted'
          ? 'Vinted is not connected: install the StoFlow extension and pair it with your account first'
          : `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} not connected to your account`,
        problems,
      );
    }
    return found;
  }

  private async checkPublishable(userId: number, ids: string[], drivers: MarketplaceDriver[]): Promise<void> {
    const issues: ErrorDetail[] = [];
    for (const productId of ids) {
      await this.queries.execute(new GetPublishabilityQuery(productId));
      const snapshot: ListingSnapshot = await this.queries.execute(new GetListingSnapshotQuery(productId));
      for (const driver of drivers) {
        for (const issue of await driver.canTake(userId, snapshot)) {
          issues.push({ ...issue, marketplace: driver.marketplace, ...(ids.length > 1 ? { productId } : {}) });
        }
      }
    }
    if (issues.length > 0) {
      const names = [...new Set(issues.map((i) => MARKETPLACE_LABELS[i.marketplace as Marketplace]))].join(' and ');
      throw new BusinessRuleViolation(
        'PRODUCT_INCOMPLETE_FOR_MARKETPLACE',
        ids.length > 1
          ? `Some of these products are missing what ${names} needs to list them`
          : `The product is missing what ${names} needs to list it`,
        issues,
      );
    }
  }
}

/**
 * The listing, or a job not yet past planning or planned from this version or a later one, already carries this
 * change (e.g. photos uploaded just before publishing): no edit for it.
 */
function covered(
  listing: { productVersion: number } | undefined,
  live: MarketplaceJob[],
  productVersion: number,
): boolean {
  return (
    (listing !== undefined && listing.productVersion >= productVersion) ||
    live.some((j) => {
      const basedOn = (j.state as JobStateBase).basedOn;
      return j.action !== 'delete' && (basedOn === undefined || basedOn >= productVersion);
    })
  );
}
