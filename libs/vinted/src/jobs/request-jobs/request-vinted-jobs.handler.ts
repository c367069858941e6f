import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { GetQuotaQuery } from '@stoflow/auth';
import {
  GetListingSnapshotQuery,
  GetPublishabilityQuery,
  ListingSnapshot,
  MarketplaceListingChangedEvent,
} from '@stoflow/catalog';
import { BusinessRuleViolation, Conflict, ErrorDetail, Outbox, QuotaExceeded, TenantDatabase } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { missingForVinted } from '../../listings/vinted-item.mapper';
import { JobSettings } from '../job-settings';
import { DueJobTenants } from '../saga/due-job-tenants';
import { JobScheduler } from '../saga/job-scheduler';
import { VintedJobRunner } from '../saga/vinted-job.runner';
import { JobView } from '../vinted-job';
import { toJobView, VintedJobsRepository } from '../vinted-jobs.repository';
import { VintedListingsRepository } from '../vinted-listings.repository';
import { RequestVintedJobsCommand } from './request-vinted-jobs.command';

const JOBS_LOCK_CLASS = 0x766a6f62; // 'vjob': one tenant's job requests in turn (quota count, coalescing)

@CommandHandler(RequestVintedJobsCommand)
export class RequestVintedJobsHandler implements ICommandHandler<RequestVintedJobsCommand, JobView[]> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly queries: QueryBus,
    private readonly jobs: VintedJobsRepository,
    private readonly listings: VintedListingsRepository,
    private readonly outbox: Outbox,
    private readonly settings: JobSettings,
    private readonly scheduler: JobScheduler,
    private readonly due: DueJobTenants,
    private readonly runner: VintedJobRunner,
  ) {}

  async execute({
    userId,
    action,
    productIds,
    batchId,
    automatic,
    productVersion,
  }: RequestVintedJobsCommand): Promise<JobView[]> {
    const ids = [...new Set(productIds)];
    // The catalog's answers first: 404 for an unknown product, 422 when it cannot be listed as it is.
    if (action === 'publish') await this.checkPublishable(ids);
    else if (!automatic) await Promise.all(ids.map((id) => this.queries.execute(new GetListingSnapshotQuery(id))));
    const limits = action === 'publish' ? await this.queries.execute(new GetQuotaQuery(userId)) : undefined;

    const { views, created, moot } = await this.db.transaction(async (em) => {
      await em.execute('select pg_advisory_xact_lock(?, ?)', [JOBS_LOCK_CLASS, userId % 2 ** 31]);
      const views: JobView[] = [];
      const created: string[] = [];
      const refused: ErrorDetail[] = [];
      const moot: string[] = [];
      for (const productId of ids) {
        const existing = await this.jobs.pendingOf(em, productId, action);
        if (existing) {
          views.push(toJobView(existing));
          continue;
        }
        const listing = await this.listings.published(em, productId);
        const live = await this.jobs.liveOf(em, productId);
        const listedOrListing = !!listing || live.some((j) => j.action === 'publish');
        if (action === 'publish' && listedOrListing) {
          refused.push({ field: 'productIds', issue: 'already listed on Vinted (or being listed)', productId });
          continue;
        }
        if (action === 'update' && productVersion !== undefined) {
          // The item, or a job not yet past planning or planned from this version or a later one, already
          // carries this change (e.g. photos uploaded just before publishing): no edit for it.
          const covered =
            (listing !== undefined && listing.productVersion >= productVersion) ||
            live.some(
              (j) => j.action !== 'delete' && (j.state.basedOn === undefined || j.state.basedOn >= productVersion),
            );
          if (covered) continue;
        }
        if (action !== 'publish' && !listedOrListing) {
          if (automatic) continue;
          refused.push({ field: 'productIds', issue: 'not listed on Vinted', productId });
          continue;
        }
        // Editing an item that is about to be withdrawn is pointless, and would hold the withdrawal back.
        if (action === 'delete') moot.push(...live.filter((j) => j.action === 'update').map((j) => j.id));
        const id = randomUUID();
        await this.jobs.insert(em, {
          id,
          action,
          productId,
          batchId,
          expiresAt: new Date(Date.now() + this.settings.jobTtlMs),
        });
        if (action === 'publish') {
          await this.outbox.add(em, new MarketplaceListingChangedEvent(userId, productId, 'vinted', 'pending'));
        }
        created.push(id);
        views.push(toJobView((await this.jobs.byId(em, id))!));
      }
      if (refused.length > 0) {
        const what = action === 'publish' ? 'is already listed on Vinted' : 'is not listed on Vinted';
        throw new Conflict(
          refused.length === 1 ? `This product ${what}` : `${refused.length} of these products: each ${what}`,
          refused,
        );
      }
      if (limits && created.length > 0) {
        const used = await this.jobs.publishesToday(em);
        if (used > limits.publishesPerDay) {
          throw new QuotaExceeded('publishes per day', limits.publishesPerDay, used - created.length);
        }
      }
      return { views, created, moot };
    });
    for (const jobId of moot) {
      await this.runner.cancel(userId, jobId, {
        code: 'SUPERSEDED',
        message: 'Not needed any more: the listing is being withdrawn',
      });
    }
    const expiry = new Date(Date.now() + this.settings.jobTtlMs + 1_000);
    await Promise.all([
      ...created.map((jobId) => this.scheduler.advance(userId, jobId)),
      // Expiry by a delayed step as well as by the sweeper.
      ...created.map((jobId) => this.scheduler.advance(userId, jobId, expiry)),
      created.length > 0 ? this.due.mark(userId, new Date(Date.now() + this.settings.idleCheckMs)) : undefined,
    ]);
    return views;
  }

  private async checkPublishable(ids: string[]): Promise<void> {
    const issues: ErrorDetail[] = [];
    for (const productId of ids) {
      await this.queries.execute(new GetPublishabilityQuery(productId));
      const snapshot: ListingSnapshot = await this.queries.execute(new GetListingSnapshotQuery(productId));
      for (const issue of missingForVinted(snapshot)) issues.push(ids.length > 1 ? { ...issue, productId } : issue);
    }
    if (issues.length > 0) {
      throw new BusinessRuleViolation(
        'PRODUCT_INCOMPLETE_FOR_MARKETPLACE',
        ids.length > 1
          ? 'Some of these products are missing what Vinted needs to list them'
          : 'The product is missing what Vinted needs to list it',
        issues,
      );
    }
  }
}
