import { EntityManager } from '@mikro-orm/postgresql';
import { ListingSnapshot } from '@stoflow/catalog';
import { ErrorDetail, TenantContext, TenantDatabase } from '@stoflow/core';
import {
  DriverJob,
  MarketplaceDriver,
  MarketplaceDriverFor,
  StepDecision,
  StepInputs,
  StepOutcome,
  SequenceDriver,
} from '@stoflow/publishing';
import { EbayAccountRow, EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayConnectionNews, HOW_TO_CONNECT_EBAY, isSetUp } from '../account/ebay-connection-news';
import { EbayApi } from '../api/ebay-api';
import { EbaySettings } from '../ebay-settings';
import { AspectConstraint, EbayTaxonomy } from '../taxonomy/ebay-taxonomy';
import { EbayCallQueue } from './ebay-call-queue';
import { EbayCallsRepository } from './ebay-calls.repository';
import { SellerSetup } from './ebay-listing';
import { EbayListingsRepository } from './ebay-listings.repository';
import { EbayCategoryChoicesRepository } from '../category/ebay-category-choices.repository';
import { ebayCategoryOf } from './ebay-listing';
import * as steps from './ebay-steps';
import { EbayJobState, EbayPrepared, ListedEbayItem } from './ebay-steps';

/** Product fields (API names) that show on an eBay listing: a change of one revises it. */
const SHOWN_ON_EBAY = new Set([
  'title',
  'description',
  'price',
  'currency',
  'stockQuantity',
  'brandId',
  'categoryId',
  'conditionId',
  'colorIds',
  'materialIds',
  'sizeId',
  'genderId',
  'weightGrams',
  'images',
]);

type Inputs = StepInputs<EbayJobState, EbayPrepared>;

/**
 * eBay in the publishing layer (ADR 0005): a listing is an inventory item, an offer and its publication, each a
 * call decided from the job's recorded state, sent by the worker (EbayCallsProcessor) with the seller's token,
 * and folded back in. The SKU makes every step safe to repeat; what a lost answer may have done is looked up on
 * eBay (getOffers) before anything is sent again, so a product never gets two offers or two listings.
 */
@MarketplaceDriverFor('ebay')
export class EbayDriver extends SequenceDriver<EbayJobState> implements MarketplaceDriver<EbayJobState, EbayPrepared> {
  readonly marketplace = 'ebay' as const;
  readonly howToConnect = HOW_TO_CONNECT_EBAY;
  readonly shownFields: ReadonlySet<string> = SHOWN_ON_EBAY;

  constructor(
    private readonly settings: EbaySettings,
    private readonly tenant: TenantContext,
    private readonly accounts: EbayAccountsRepository,
    private readonly listings: EbayListingsRepository,
    calls: EbayCallsRepository,
    private readonly taxonomy: EbayTaxonomy,
    queue: EbayCallQueue,
    api: EbayApi,
    news: EbayConnectionNews,
    private readonly choices: EbayCategoryChoicesRepository,
    private readonly db: TenantDatabase,
  ) {
    super({ label: 'eBay', calls, queue, accounts, news, tenant, origin: () => api.origin });
  }

  get configured(): boolean {
    return this.settings.configured;
  }

  async canTake(userId: number, snapshot: ListingSnapshot): Promise<ErrorDetail[]> {
    const account = await this.accounts.of(userId);
    const problems: ErrorDetail[] = [];
    if (!account) problems.push({ field: 'connection', issue: 'Connect your eBay account first' });
    else if (account.status === 'needs-reconnect') {
      problems.push({
        field: 'connection',
        issue: 'eBay no longer accepts the access you gave StoFlow: connect again',
      });
    } else if (!isSetUp(account)) {
      problems.push({
        field: 'connection',
        issue: 'Choose your eBay policies and item location (PUT /api/ebay/settings)',
      });
    }
    const marketplaceId = account?.marketplace_id ?? 'EBAY_US';
    const chosenCategoryId = await this.tenant.run(userId, () => this.chosenCategory(snapshot.product.id));
    const aspects = await this.aspectsFor(marketplaceId, snapshot, chosenCategoryId);
    problems.push(
      ...steps.problemsOf(snapshot, marketplaceId, {
        aspects,
        mediaIsPublic: mediaIsPublic(snapshot),
        chosenCategoryId,
      }),
    );
    return problems;
  }

  async connected(userId: number): Promise<boolean> {
    return (await this.accounts.of(userId))?.status === 'connected';
  }

  async listing(em: EntityManager, productId: string): Promise<ListedEbayItem | undefined> {
    const listing = await this.listings.published(em, productId);
    if (!listing?.listingId) return undefined;
    return {
      ...listing,
      externalId: listing.listingId,
      revisionsToday: await this.listings.revisionsToday(em, productId),
    };
  }

  async prepare(
    tenantId: number,
    job: DriverJob<EbayJobState>,
    snapshot: ListingSnapshot | undefined,
  ): Promise<EbayPrepared> {
    const account = await this.accounts.of(tenantId);
    const setup = account && isSetUp(account) ? setupOf(account) : null;
    // The category's aspects are needed only to build the item, and only for a publish or an update.
    if (job.action === 'delete' || job.state.done || !setup || !snapshot) {
      return { setup, aspects: null, mediaIsPublic: true, chosenCategoryId: null };
    }
    const chosenCategoryId = await this.chosenCategory(job.productId);
    return {
      setup,
      aspects: await this.aspectsFor(setup.marketplaceId, snapshot, chosenCategoryId),
      mediaIsPublic: mediaIsPublic(snapshot),
      chosenCategoryId,
    };
  }

  plan(inputs: Inputs): ReturnType<MarketplaceDriver<EbayJobState>['plan']> {
    return steps.plan(inputs);
  }

  next(inputs: Inputs): StepDecision<EbayJobState> {
    return steps.next(inputs);
  }

  fold(step: string, outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>, inputs: Inputs) {
    return steps.fold(step, outcome, inputs.state);
  }

  afterUnknown(): EbayJobState | undefined {
    return steps.afterUnknown();
  }

  counts(): boolean {
    return true;
  }

  async recordCompletion(em: EntityManager, job: DriverJob<EbayJobState>, state: EbayJobState) {
    const before = await this.listings.of(em, job.productId);
    const beforeListed = before?.listingId ? { ...before, externalId: before.listingId, revisionsToday: 0 } : undefined;
    const listing = steps.completedListing(job.action, job.productId, state, beforeListed);
    if (!listing) return undefined;
    await this.listings.save(em, listing, job.action === 'update');
    return listing.listingId
      ? { externalId: listing.listingId, url: listing.url, productVersion: listing.productVersion }
      : undefined;
  }

  resumeFrom(job: DriverJob<EbayJobState>): { state: EbayJobState; step: string | null } {
    // Whatever the failed job left on eBay is looked up again: every sequence begins with a lookup.
    return { state: { ...job.state, done: false }, step: null };
  }

  private chosenCategory(productId: string): Promise<string | null> {
    return this.db.transaction((em) => this.choices.of(em, productId), { readOnly: true });
  }

  private async aspectsFor(
    marketplaceId: string,
    snapshot: ListingSnapshot,
    chosenCategoryId: string | null,
  ): Promise<AspectConstraint[] | null> {
    const category = snapshot.attributes.category as Record<string, unknown> | null;
    if (!chosenCategoryId && (!category?.ebayCategoryId || !category.ebayLeaf)) return null;
    try {
      return await this.taxonomy.aspects(marketplaceId, ebayCategoryOf(snapshot, chosenCategoryId)!);
    } catch {
      // Taxonomy unreachable: eBay checks the aspects itself when the offer is published.
      return null;
    }
  }
}

function setupOf(account: EbayAccountRow): SellerSetup {
  return {
    marketplaceId: account.marketplace_id,
    fulfillmentPolicyId: account.fulfillment_policy_id!,
    paymentPolicyId: account.payment_policy_id!,
    returnPolicyId: account.return_policy_id!,
    merchantLocationKey: account.merchant_location_key!,
  };
}

/** eBay fetches photos itself: their URLs must be absolute (MEDIA_PUBLIC_BASE_URL set). */
function mediaIsPublic(snapshot: ListingSnapshot): boolean {
  return snapshot.product.images.every((i) => /^https?:\/\//.test(i.url));
}
