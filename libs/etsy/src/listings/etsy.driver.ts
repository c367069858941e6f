import { EntityManager } from '@mikro-orm/postgresql';
import type { ListingSnapshot } from '@stoflow/catalog';
import { ErrorDetail, TenantContext } from '@stoflow/core';
import {
  DriverJob,
  MarketplaceDriver,
  MarketplaceDriverFor,
  StepDecision,
  StepInputs,
  StepOutcome,
  SequenceDriver,
} from '@stoflow/publishing';
import { EtsyAccountRow, EtsyAccountsRepository } from '../account/etsy-accounts.repository';
import { EtsyConnectionNews, HOW_TO_CONNECT_ETSY, isSetUp } from '../account/etsy-connection-news';
import { EtsySettings } from '../etsy-settings';
import { EtsyCallQueue } from './etsy-call-queue';
import { EtsyCallsRepository } from './etsy-calls.repository';
import { EtsyListingsRepository } from './etsy-listings.repository';
import * as steps from './etsy-steps';
import { EtsyJobState, EtsySetup, ListedEtsyItem } from './etsy-steps';

/** Product fields (API names) that show on an Etsy listing. */
const SHOWN_ON_ETSY = new Set(['title', 'description', 'price', 'stockQuantity', 'whenMade', 'categoryId', 'images']);

type Inputs = StepInputs<EtsyJobState, EtsySetup | null>;

/**
 * Etsy in the publishing layer (ADR 0005): a listing is a draft, its photos, its inventory (our SKU) and its
 * activation, sent as one sequence by the worker (EtsyCallsProcessor) with the seller's token. A sequence sent
 * again looks for what an earlier attempt made before creating anything, and reads the listing back before
 * activating it: never two live listings, never two listing fees.
 */
@MarketplaceDriverFor('etsy')
export class EtsyDriver
  extends SequenceDriver<EtsyJobState>
  implements MarketplaceDriver<EtsyJobState, EtsySetup | null>
{
  readonly marketplace = 'etsy' as const;
  readonly howToConnect = HOW_TO_CONNECT_ETSY;
  readonly shownFields: ReadonlySet<string> = SHOWN_ON_ETSY;

  constructor(
    private readonly settings: EtsySettings,
    tenant: TenantContext,
    private readonly accounts: EtsyAccountsRepository,
    private readonly listings: EtsyListingsRepository,
    calls: EtsyCallsRepository,
    queue: EtsyCallQueue,
    news: EtsyConnectionNews,
  ) {
    super({
      label: 'Etsy',
      calls,
      queue,
      accounts,
      news,
      tenant,
      origin: () => `${settings.apiBaseUrl}/v3/application`,
    });
  }

  get configured(): boolean {
    return this.settings.configured;
  }

  async canTake(userId: number, snapshot: ListingSnapshot): Promise<ErrorDetail[]> {
    const account = await this.accounts.of(userId);
    const problems: ErrorDetail[] = [];
    if (!account) problems.push({ field: 'connection', issue: 'Connect your Etsy shop first' });
    else if (account.status === 'needs-reconnect') {
      problems.push({
        field: 'connection',
        issue: 'Etsy no longer accepts the access you gave StoFlow: connect again',
      });
    } else if (!isSetUp(account)) {
      problems.push({
        field: 'connection',
        issue: 'Choose your Etsy shipping and processing profiles (PUT /api/etsy/settings)',
      });
    }
    problems.push(...steps.etsyProblems(snapshot, account?.currency ?? null));
    return problems;
  }

  async connected(userId: number): Promise<boolean> {
    return (await this.accounts.of(userId))?.status === 'connected';
  }

  async listing(em: EntityManager, productId: string): Promise<ListedEtsyItem | undefined> {
    const listing = await this.listings.of(em, productId);
    if (listing?.status !== 'published' || !listing.listingId) return undefined;
    return { ...listing, externalId: String(listing.listingId) };
  }

  async prepare(tenantId: number): Promise<EtsySetup | null> {
    const account = await this.accounts.of(tenantId);
    return account && isSetUp(account) ? setupOf(account) : null;
  }

  plan(inputs: Inputs): ReturnType<MarketplaceDriver<EtsyJobState>['plan']> {
    return steps.plan(inputs);
  }

  next(inputs: Inputs): StepDecision<EtsyJobState> {
    return steps.next(inputs);
  }

  fold(step: string, outcome: Extract<StepOutcome, { kind: 'ok' | 'not-found' }>, inputs: Inputs) {
    return steps.fold(step, outcome, inputs.state);
  }

  /** A sequence sent again looks for what the lost one made: sending it again is the reconciliation. */
  afterUnknown(): undefined {
    return undefined;
  }

  counts(): boolean {
    return true;
  }

  async recordCompletion(em: EntityManager, job: DriverJob<EtsyJobState>, state: EtsyJobState) {
    const before = await this.listings.of(em, job.productId);
    const listing = steps.completedListing(job.action, job.productId, state, before);
    if (!listing) return undefined;
    await this.listings.save(em, listing);
    return listing.listingId
      ? { externalId: String(listing.listingId), url: listing.url, productVersion: listing.productVersion }
      : undefined;
  }

  resumeFrom(job: DriverJob<EtsyJobState>): { state: EtsyJobState; step: string | null } {
    return { state: { ...job.state, done: false }, step: null };
  }
}

function setupOf(account: EtsyAccountRow): EtsySetup {
  return {
    shopId: Number(account.shop_id),
    currency: account.currency,
    shippingProfileId: Number(account.shipping_profile_id),
    returnPolicyId: account.return_policy_id ? Number(account.return_policy_id) : null,
    readinessStateId: Number(account.readiness_state_id),
  };
}
