import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TenantContext, TenantDatabase } from '@stoflow/core';
import { AdvanceJobCommand, SEND_CALL, SendCallPayload } from '@stoflow/publishing';
import type { Job } from 'bull';
import { EtsyAccountsRepository } from '../account/etsy-accounts.repository';
import { EtsyConnectionNews } from '../account/etsy-connection-news';
import { EtsyTokens } from '../account/etsy-tokens';
import { EtsyApi } from '../api/etsy-api';
import { ETSY_CALLS_QUEUE, EtsyCallQueue } from './etsy-call-queue';
import { EtsyCallsRepository } from './etsy-calls.repository';
import { failedOutcome, MappedOutcome } from './etsy-outcome';
import { EtsySequence, NothingOnEtsy, runSequence, SequenceFailure, Send, TrailEntry } from './etsy-sequence';

/** Sends the Etsy sequences jobs decided, one per Bull job, and hands each outcome back to its job's runner. */
@Processor(ETSY_CALLS_QUEUE)
export class EtsyCallsProcessor {
  private readonly log = new Logger(EtsyCallsProcessor.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly calls: EtsyCallsRepository,
    private readonly accounts: EtsyAccountsRepository,
    private readonly tokens: EtsyTokens,
    private readonly api: EtsyApi,
    private readonly queue: EtsyCallQueue,
    private readonly news: EtsyConnectionNews,
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
        await this.db.transaction((em) => this.calls.postpone(em, callId, attempt, heldUntil));
        await this.queue.send(job.data, heldUntil);
        return;
      }
      const trail: TrailEntry[] = [];
      const mapped = await this.perform(call.request, call.attempt, tenantId, trail);
      if (mapped.reconnect && (await this.accounts.needsReconnect(tenantId, mapped.reconnect))) {
        await this.news.announce(tenantId);
      }
      const recorded = await this.db.transaction((em) =>
        this.calls.answer(em, callId, attempt, mapped.outcome, mapped.status, trail),
      );
      if (recorded) await this.commands.execute(new AdvanceJobCommand(tenantId, call.job_id));
    });
  }

  private async perform(
    sequence: EtsySequence,
    attempt: number,
    tenantId: number,
    trail: TrailEntry[],
  ): Promise<MappedOutcome> {
    const auth = this.tokens.forSeller(tenantId);
    const send: Send = async (step, request) => {
      const entry: TrailEntry = {
        step,
        method: request.method,
        path: request.path,
        status: null,
        at: new Date().toISOString(),
      };
      trail.push(entry);
      try {
        const answer = await this.api.send(request, auth, String(tenantId));
        entry.status = answer.status;
        return answer;
      } catch (error) {
        entry.status = (error as { status?: number }).status ?? null;
        throw error;
      }
    };
    const photo = async (url: string) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`the photo ${new URL(url).pathname} answered ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    };
    try {
      const result = await runSequence(sequence, attempt, send, photo);
      return { outcome: { kind: 'ok', body: result }, status: trail.at(-1)?.status ?? 200 };
    } catch (error) {
      if (error instanceof NothingOnEtsy)
        return { outcome: { kind: 'not-found', message: error.message }, status: 404 };
      const failure = error instanceof SequenceFailure ? error : new SequenceFailure(sequence.kind, error);
      const mapped = failedOutcome(failure.step, failure.cause);
      if (mapped.outcome.kind === 'transient') {
        this.log.warn(
          { err: failure.cause, tenantId, step: failure.step },
          'An Etsy call failed; the job decides what next',
        );
      }
      return mapped;
    }
  }
}
