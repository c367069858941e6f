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
  VintedConversation,
  VintedWebClient,
} from '../../vinted-web/vinted-web.client';
import { ConversationsRepository, ReplyRow } from '../conversations.repository';
import { messageStep, MessageStep, parseMessageStep } from '../message-steps';
import { failedOutcome } from '../sync-messages/message-sync-step.handler';

/** Looks at the conversation for one reply whose outcome was lost, before it is given up. */
const MAX_CHECKS = 3;
/** Calls of one look answered in vain (no answer, 5xx) before the reply is given up. */
const MAX_ATTEMPTS = 3;
const RESEND_WITHIN_MS = 15 * 60_000;

type StepEvent = PluginTaskCompletedEvent | PluginTaskFailedEvent;
type ReplyStep = MessageStep & { kind: 'reply' | 'reply-check' };
type Later = (() => Promise<unknown>)[];

/**
 * The outcome of a reply's task. Vinted has it: `sent`, with Vinted's id of the message. Vinted refused it, or
 * asks the seller to act (captcha, expired session): `failed`, with the reason. No answer (the connection dropped,
 * a timeout, a 5xx, a 429): the reply may be on Vinted already, so the conversation is read first, and the same
 * task is posted again only when the reply is not there.
 */
@EventsHandler(PluginTaskCompletedEvent, PluginTaskFailedEvent)
export class ReplyOutcomeHandler implements IEventHandler<StepEvent> {
  private readonly log = new Logger(ReplyOutcomeHandler.name);

  constructor(
    private readonly tenant: TenantContext,
    private readonly db: TenantDatabase,
    private readonly conversations: ConversationsRepository,
    private readonly listings: VintedListingsRepository,
    private readonly queue: PluginTaskQueue,
    private readonly web: VintedWebClient,
  ) {}

  async handle(event: StepEvent): Promise<void> {
    const step = parseMessageStep(event.step);
    if (!step || (step.kind !== 'reply' && step.kind !== 'reply-check') || event.tenantId === null) return;
    const tenantId = event.tenantId;
    try {
      await this.tenant.run(tenantId, () =>
        step.kind === 'reply' ? this.replied(event, step) : this.checked(event, step),
      );
    } catch (error) {
      this.log.error({ err: error, tenantId, step: event.step }, 'The outcome of a Vinted reply could not be handled');
    }
  }

  private async replied(event: StepEvent, step: ReplyStep): Promise<void> {
    if (event instanceof PluginTaskCompletedEvent) {
      const outcome = classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
      let sent: { messageId: string | null; sentAt: Date | null } | null = null;
      if (outcome.kind === 'ok') {
        try {
          sent = this.web.readReply(outcome.body);
        } catch (error) {
          if (!(error instanceof UnexpectedVintedAnswer)) throw error;
          // Vinted took it (2xx); the next pass over the inbox finds its id by its text.
          sent = { messageId: null, sentAt: null };
        }
      }
      return this.step(event, step, async (em, reply) => {
        if (sent) await this.conversations.markSent(em, reply.id, sent.messageId, sent.sentAt);
        else await this.conversations.markFailed(em, reply.id, outcome.message);
      });
    }
    const outcome = failedOutcome(event);
    await this.step(event, step, async (em, reply, later) => {
      if (!outcome.retryable) return this.conversations.markFailed(em, reply.id, outcome.message);
      if (reply.checks >= MAX_CHECKS) {
        return this.conversations.markFailed(em, reply.id, `Vinted did not confirm the reply: ${outcome.message}`);
      }
      // Not posted again blindly: Vinted may have it. The conversation is read first.
      await this.conversations.countCheck(em, reply.id);
      const read = this.web.getConversation(reply.vintedConversationId);
      await this.queue.enqueue(
        em,
        event.tenantId!,
        {
          step: messageStep({ kind: 'reply-check', messageId: reply.id }),
          method: read.method,
          url: read.url,
          timeoutMs: read.timeoutMs,
        },
        { later: (work) => later.push(work) },
      );
    });
  }

  private async checked(event: StepEvent, step: ReplyStep): Promise<void> {
    if (event instanceof PluginTaskFailedEvent) {
      const outcome = failedOutcome(event);
      return this.step(event, step, async (em, reply, later) => {
        if (outcome.retryable && event.attempt < MAX_ATTEMPTS) {
          const deadline = new Date(Date.now() + RESEND_WITHIN_MS);
          await this.queue.resend(em, event.tenantId!, event.taskId, deadline, { later: (work) => later.push(work) });
          return;
        }
        await this.conversations.markFailed(
          em,
          reply.id,
          `Vinted did not confirm the reply, and the conversation could not be read: ${outcome.message}`,
        );
      });
    }
    const outcome = classifyVintedAnswer({ ok: true, status: event.status, body: event.body });
    let conversation: VintedConversation | null = null;
    if (outcome.kind === 'ok') {
      try {
        conversation = this.web.readConversation(outcome.body);
      } catch (error) {
        if (!(error instanceof UnexpectedVintedAnswer)) throw error;
      }
    }
    await this.step(event, step, async (em, reply, later) => {
      if (!conversation) {
        return this.conversations.markFailed(
          em,
          reply.id,
          `Vinted did not confirm the reply, and the conversation could not be read: ${outcome.message}`,
        );
      }
      const products = await this.listings.productsOfItems(em, conversation.itemId ? [conversation.itemId] : []);
      const productId = conversation.itemId ? (products.get(conversation.itemId) ?? null) : null;
      // Storing the conversation gives the reply its Vinted message when Vinted shows it.
      await this.conversations.store(em, conversation, productId, null);
      const after = await this.conversations.lockReply(em, reply.id);
      if (after?.status !== 'pending') return;
      const resent =
        reply.taskId !== null &&
        (await this.queue.resend(em, event.tenantId!, reply.taskId, new Date(Date.now() + RESEND_WITHIN_MS), {
          later: (work) => later.push(work),
        }));
      if (!resent) await this.conversations.markFailed(em, reply.id, 'The reply could not be posted again');
    });
  }

  /** One transaction per delivered event, on the reply while it is pending; wake-ups run after the commit. */
  private async step(
    event: StepEvent,
    step: ReplyStep,
    work: (em: EntityManager, reply: ReplyRow, later: Later) => Promise<void>,
  ): Promise<void> {
    const later: Later = [];
    await this.db.transaction(async (em) => {
      if (!(await firstDelivery(em, ReplyOutcomeHandler.name, event.eventId))) return;
      const reply = await this.conversations.lockReply(em, step.messageId);
      if (reply?.status !== 'pending') return;
      await work(em, reply, later);
    });
    await Promise.all(later.map((run) => run()));
  }
}
