import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { firstDelivery, TenantContext, TenantDatabase } from '@stoflow/core';
import { VintedListingsRepository } from '../../jobs/vinted-listings.repository';
import { PluginTaskCompletedEvent, PluginTaskFailedEvent } from '../../plugin/tasks/plugin-task-events';
import { PluginTaskQueue } from '../../plugin/tasks/plugin-task-queue';
import {
  classifyVintedAnswer,
  UnexpectedVintedAnswer,
  VintedOutcome,
  VintedWebClient,
} from '../../vinted-web/vinted-web.client';
import { ConversationsRepository } from '../conversations.repository';
import { messageReadCall, MessageStep, parseMessageStep } from '../message-steps';
import { MessageSyncsRepository, PendingConversation } from '../message-syncs.repository';

/** Calls of one read answered in vain (no answer, 5xx) before the pass stops; the next pass reads it again. */
const MAX_ATTEMPTS = 3;

type StepEvent = PluginTaskCompletedEvent | PluginTaskFailedEvent;
type InboxStep = MessageStep & { kind: 'inbox' };
type ConversationStep = MessageStep & { kind: 'conversation' };
type Later = (() => Promise<unknown>)[];

/**
 * A read of a pass over the inbox came back. A page of the inbox lists the conversations with the newest activity
 * first: those updated since they were last read are noted, and paging stops at the first one that was not. Then
 * each noted conversation is read, one task after the other, and its messages stored. A conversation is marked
 * read up to its `updated_at` only once its messages are stored, so a pass that stops leaves it for the next.
 * Events come at least once: each is acted on once (`firstDelivery`), and storing is idempotent.
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class MessageSyncStepHandler implements IEventHandler<StepEvent> {
  private readonly log = new Logger(MessageSyncStepHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly syncs: MessageSyncsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly listings: VintedListingsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async handle(event: StepEvent): Promise<void> {
    const step = parseMessageStep(event.step);
    if (!step || (step.kind !== 'inbox' && step.kind !== 'conversation') || event.tenantId === null) return;
    const tenantId = event.tenantId;
    try {
      await this.tenant.run(tenantId, async () => {
        if (event instanceof PluginTaskFailedEvent) return this.failed(event, step);
        const outcome = classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
        if (outcome.kind !== 'ok') return this.stop(event, step.syncId, outcome.message);
        try {
          return await (step.kind === 'inbox'
            ? this.pageRead(event, step, outcome.body)
            : this.conversationRead(event, step, outcome.body));
        } catch (error) {
          if (error instanceof UnexpectedVintedAnswer) return this.stop(event, step.syncId, error.message);
          throw error;
        }
      });
    } catch (error) {
      this.log.error({ err: error, tenantId, step: event.step }, 'A read of the Vinted inbox could not be handled');
    }
  }

  private async pageRead(event: PluginTaskCompletedEvent, step: InboxStep, body: unknown): Promise<void> {
    const read = this.web.readInbox(body);
    await this.step(event, async (em, later) => {
      const sync = await this.syncs.lockRunning(em, step.syncId);
      if (!sync) return;
      const readUpTo = await this.conversations.readUpTo(
        em,
        read.conversations.map((c) => c.conversationId),
      );
      const changed: PendingConversation[] = [];
      let caughtUp = false;
      for (const entry of read.conversations) {
        const last = readUpTo.get(entry.conversationId);
        if (last && last.getTime() >= entry.updatedAt.getTime()) {
          caughtUp = true;
          break;
        }
        const noted = [...sync.pending, ...changed].some((p) => p.conversationId === entry.conversationId);
        if (!noted) changed.push({ conversationId: entry.conversationId, unreadCount: entry.unreadCount });
      }
      await this.syncs.pageRead(em, step.syncId, changed);
      if (caughtUp || read.currentPage >= read.totalPages || read.conversations.length === 0) {
        return this.next(em, event.tenantId!, step.syncId, [...sync.pending, ...changed], later);
      }
      await this.queue.enqueue(
        em,
        event.tenantId!,
        messageReadCall(this.web, { kind: 'inbox', syncId: step.syncId, page: step.page + 1 }),
        { later: (work) => later.push(work) },
      );
    });
  }

  private async conversationRead(event: PluginTaskCompletedEvent, step: ConversationStep, body: unknown) {
    const conversation = this.web.readConversation(body);
    await this.step(event, async (em, later) => {
      const sync = await this.syncs.lockRunning(em, step.syncId);
      if (!sync) return;
      const noted = sync.pending.find((p) => p.conversationId === step.conversationId);
      const products = await this.listings.productsOfItems(em, conversation.itemId ? [conversation.itemId] : []);
      const productId = conversation.itemId ? (products.get(conversation.itemId) ?? null) : null;
      await this.conversations.store(em, conversation, productId, noted?.unreadCount ?? null);
      await this.done(em, event.tenantId!, step, sync.pending, true, later);
    });
  }

  private async failed(event: PluginTaskFailedEvent, step: InboxStep | ConversationStep): Promise<void> {
    const outcome = failedOutcome(event);
    if (outcome.retryable && event.attempt < MAX_ATTEMPTS) {
      await this.step(event, async (em, later) => {
        const deadline = new Date(Date.now() + 15 * 60_000);
        await this.queue.resend(em, event.tenantId!, event.taskId, deadline, { later: (work) => later.push(work) });
      });
      return;
    }
    if (step.kind === 'conversation' && outcome.kind === 'not-found') {
      // The conversation is gone from Vinted (deleted): nothing to read, the pass goes on.
      await this.step(event, async (em, later) => {
        const sync = await this.syncs.lockRunning(em, step.syncId);
        if (sync) await this.done(em, event.tenantId!, step, sync.pending, false, later);
      });
      return;
    }
    await this.stop(event, step.syncId, outcome.message);
  }

  /** The conversation is off the pass's list; the next one is read, or the pass is over. */
  private async done(
    em: EntityManager,
    tenantId: number,
    step: ConversationStep,
    pending: PendingConversation[],
    read: boolean,
    later: Later,
  ): Promise<void> {
    await this.syncs.conversationDone(em, step.syncId, step.conversationId, read);
    const rest = pending.filter((p) => p.conversationId !== step.conversationId);
    await this.next(em, tenantId, step.syncId, rest, later);
  }

  private async next(
    em: EntityManager,
    tenantId: number,
    syncId: string,
    pending: PendingConversation[],
    later: Later,
  ) {
    const [first] = pending;
    if (!first) return this.syncs.end(em, syncId);
    await this.queue.enqueue(
      em,
      tenantId,
      messageReadCall(this.web, { kind: 'conversation', syncId, conversationId: first.conversationId }),
      { later: (work) => later.push(work) },
    );
  }

  /** The pass ends here; what was stored stays, and the next pass reads what this one did not. */
  private async stop(event: StepEvent, syncId: string, why: string): Promise<void> {
    await this.step(event, (em) => this.syncs.end(em, syncId, why));
  }

  /** One transaction per delivered event, acted on once; the wake-ups it queued run after the commit. */
  private async step(event: StepEvent, work: (em: EntityManager, later: Later) => Promise<void>): Promise<void> {
    const later: Later = [];
    await this.db.transaction(async (em) => {
      if (!(await firstDelivery(em, MessageSyncStepHandler.name, event.eventId))) return;
      await work(em, later);
    });
    await Promise.all(later.map((run) => run()));
  }
}

export function failedOutcome(event: PluginTaskFailedEvent): VintedOutcome {
  return classifyVintedAnswer({
    ok: false,
    status: event.status,
    body: event.body,
    error: event.error ?? (event.reason === 'timeout' ? { code: 'NO_ANSWER', message: 'no answer in time' } : null),
  });
}
