import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase, queueKeyedPass } from '@stoflow/core';
import { RecordOrderCommand } from '@stoflow/publishing';
import type { Job, Queue } from 'bull';
import { EtsyAccountsRepository } from '../account/etsy-accounts.repository';
import { EtsyTokens } from '../account/etsy-tokens';
import { EtsyApi } from '../api/etsy-api';
import { EtsyListingsRepository } from '../listings/etsy-listings.repository';
import { EtsyReceipt, receiptLines } from './etsy-receipts';

export const ETSY_RECEIPTS_QUEUE = 'etsy-receipts';
export const RECEIPT_PASS = 'pass';
const SCHEDULE = 'schedule';
const PAGE = 100;
/** A shop with live listings every 5 minutes, others every 6 hours (a sale comes from a live listing). */
export const ACTIVE_EVERY_MS = 5 * 60 * 1000;
export const IDLE_EVERY_MS = 6 * 3600 * 1000;
const OVERLAP_S = 5 * 60;
const FIRST_LOOK_BACK_S = 30 * 24 * 3600;

/**
 * One pass over a shop's receipts: `min_last_modified` since the last complete pass (with overlap), paged to the
 * end; each (receipt, transaction) goes to `RecordOrderCommand`, which keeps it once however often it is seen.
 */
@Injectable()
export class EtsyReceiptSync {
  constructor(
    private readonly accounts: EtsyAccountsRepository,
    private readonly tokens: EtsyTokens,
    private readonly api: EtsyApi,
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly listings: EtsyListingsRepository,
    private readonly commands: CommandBus,
  ) {}

  async pass(userId: number): Promise<number | undefined> {
    const account = await this.accounts.of(userId);
    if (!account || account.status !== 'connected') return undefined;
    const startedAt = new Date();
    const since = account.receipts_synced_to
      ? Math.floor(new Date(account.receipts_synced_to).getTime() / 1000) - OVERLAP_S
      : Math.floor(startedAt.getTime() / 1000) - FIRST_LOOK_BACK_S;
    try {
      const lines = await this.tenant.run(userId, () => this.read(userId, Number(account.shop_id), since));
      const live = await this.tenant.run(userId, () =>
        this.db.transaction((em) => this.listings.countLive(em), { readOnly: true }),
      );
      await this.accounts.scheduleReceiptSync(
        userId,
        new Date(Date.now() + (live > 0 ? ACTIVE_EVERY_MS : IDLE_EVERY_MS)),
        startedAt,
      );
      return lines;
    } catch (error) {
      await this.accounts.scheduleReceiptSync(userId, new Date(Date.now() + 2 * 60 * 1000));
      throw error;
    }
  }

  private async read(userId: number, shopId: number, since: number): Promise<number> {
    const auth = this.tokens.forSeller(userId);
    let lines = 0;
    for (let offset = 0; ;) {
      const { body } = await this.api.send<{ count?: number; results?: EtsyReceipt[] }>(
        { method: 'GET', path: `/shops/${shopId}/receipts`, query: { min_last_modified: since, limit: PAGE, offset } },
        auth,
      );
      const receipts = body?.results ?? [];
      const transactions = receipts.flatMap((r) => r.transactions ?? []);
      const skus = [...new Set(transactions.map((t) => t.sku).filter((s): s is string => Boolean(s)))];
      const listingIds = [...new Set(transactions.map((t) => t.listing_id).filter((l): l is number => Boolean(l)))];
      const { bySku, byListing } = await this.db.transaction((em) => this.listings.productsOf(em, skus, listingIds), {
        readOnly: true,
      });
      for (const receipt of receipts) {
        for (const line of receiptLines(receipt, bySku, byListing)) {
          await this.commands.execute(new RecordOrderCommand(line));
          lines += 1;
        }
      }
      offset += receipts.length;
      if (receipts.length === 0 || offset >= (body?.count ?? 0)) return lines;
    }
  }
}

/** The worker's schedule of receipt passes: every minute, the shops whose next pass is due are queued. */
@Processor(ETSY_RECEIPTS_QUEUE)
export class EtsyReceiptsProcessor implements OnApplicationBootstrap {
  private readonly log = new Logger(EtsyReceiptsProcessor.name);

  constructor(
    private readonly accounts: EtsyAccountsRepository,
    private readonly sync: EtsyReceiptSync,
    @InjectQueue(ETSY_RECEIPTS_QUEUE) private readonly queue: Queue<{ userId: number }>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      SCHEDULE,
      { userId: 0 },
      { repeat: { every: 60_000 }, jobId: SCHEDULE, removeOnComplete: true, removeOnFail: 100 },
    );
  }

  @Process(SCHEDULE)
  async schedule(): Promise<number> {
    const due = await this.accounts.dueReceiptSyncs(500);
    for (const userId of due) {
      await queueKeyedPass(this.queue, RECEIPT_PASS, `pass:${userId}`, { userId });
    }
    return due.length;
  }

  @Process({ name: RECEIPT_PASS, concurrency: 2 })
  async pass(job: Job<{ userId: number }>): Promise<number | undefined> {
    try {
      return await this.sync.pass(job.data.userId);
    } catch (error) {
      this.log.warn({ err: error, userId: job.data.userId }, 'An Etsy receipt pass failed; it is tried again shortly');
      return undefined;
    }
  }
}
