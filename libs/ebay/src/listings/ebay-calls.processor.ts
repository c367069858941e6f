import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { AdvanceJobCommand, SEND_CALL, SendCallPayload } from '@stoflow/publishing';
import type { Job } from 'bull';
import { EbayAccountsRepository } from '../account/ebay-accounts.repository';
import { EbayConnectionNews } from '../account/ebay-connection-news';
import { EbayTokens } from '../account/ebay-tokens';
import { EbayApi } from '../api/ebay-api';
import { EbayCallQueue, EBAY_CALLS_QUEUE } from './ebay-call-queue';
import { EbayCallsRepository } from './ebay-calls.repository';
import { answeredOutcome, failedOutcome, MappedOutcome } from './ebay-outcome';
import { EbaySequence, NothingOnEbay, runSequence, SequenceFailure, Send, TrailEntry } from './ebay-sequence';

/**
 * Sends the eBay calls that jobs decided, one per Bull job, and hands each outcome back to its job's runner. A
 * call is taken once (queued → sending); whatever happens to it, its outcome is recorded and the job advanced.
 */
@Processor(EBAY_CALLS_QUEUE)
export class EbayCallsProcessor {
  private readonly log = new Logger(EbayCallsProcessor.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly calls: EbayCallsRepository,
    private readonly accounts: EbayAccountsRepository,
    private readonly tokens: EbayTokens,
    private readonly api: EbayApi,
    private readonly queue: EbayCallQueue,
    private readonly news: EbayConnectionNews,
    private readonly commands: CommandBus,
  ) {}

  @Process({ name: SEND_CALL, concurrency: 8 })
  async send(job: Job<SendCallPayload>): Promise<void> {
    const { tenantId, callId, attempt } = job.data;
    await this.tenant.run(tenantId, async () => {
      const call = await this.db.transaction((em) => this.calls.claim(em, callId, attempt));
      if (!call) return;

      const account = await this.accounts.of(tenantId);
      const heldUntil = account?.held_until ? new Date(account.held_until) : undefined;
      if (heldUntil && heldUntil.getTime() > Date.now()) {
        // eBay asked this seller's calls to wait: this one goes when the hold ends (other sellers are not held).
        await this.db.transaction((em) => this.calls.postpone(em, callId, attempt, heldUntil));
        await this.queue.send(job.data, heldUntil);
        return;
      }

      const trail: TrailEntry[] = [];
      const mapped = await this.perform(call.request, tenantId, trail);
      if (mapped.reconnect && (await this.accounts.needsReconnect(tenantId, mapped.reconnect))) {
        await this.news.announce(tenantId);
      }
      const recorded = await this.db.transaction((em) =>
        this.calls.answer(em, callId, attempt, mapped.outcome, mapped.status, trail),
      );
      if (recorded) await this.commands.execute(new AdvanceJobCommand(tenantId, call.job_id));
    });
  }

  private async perform(sequence: EbaySequence, tenantId: number, trail: TrailEntry[]): Promise<MappedOutcome> {
    const auth = this.tokens.forSeller(tenantId);
    const send: Send = async (step, request) => {
      const entry: TrailEntry = {
        step,
        method: request.method,
        path: this.api.path(request),
        status: null,
        at: new Date().toISOString(),
      };
      trail.push(entry);
      try {
        // Reads and full replaces may be repeated within the request; a create or a publish never blindly is.
        const answer = await this.api.send(request, auth);
        entry.status = answer.status;
        return answer;
      } catch (error) {
        entry.status = (error as { status?: number }).status ?? null;
        throw error;
      }
    };
    try {
      const result = await runSequence(sequence, send);
      return answeredOutcome(trail.at(-1)?.status ?? 200, result);
    } catch (error) {
      if (error instanceof NothingOnEbay)
        return { outcome: { kind: 'not-found', message: error.message }, status: 404 };
      const failure = error instanceof SequenceFailure ? error : new SequenceFailure(sequence.kind, error);
      const mapped = failedOutcome(failure.step, failure.cause);
      if (mapped.outcome.kind === 'transient') {
        this.log.warn(
          { err: failure.cause, tenantId, step: failure.step },
          'An eBay call failed; the job decides what next',
        );
      }
      return mapped;
    }
  }
}
