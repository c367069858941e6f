import type { VintedCall, VintedWebClient } from '../vinted-web/vinted-web.client';

/** Conversations per page of the inbox. */
export const INBOX_PER_PAGE = 20;

const INBOX = 'messages-inbox:';
const CONVERSATION = 'messages-conversation:';
const REPLY = 'message-reply:';
const REPLY_CHECK = 'message-reply-check:';

/**
 * Step names of the plugin tasks of messages: each carries what its outcome handler needs, nothing else.
 *
 * - `messages-inbox:{syncId}:{page}`: a page of the inbox, read by a pass;
 * - `messages-conversation:{syncId}:{vintedConversationId}`: a changed conversation, read by a pass;
 * - `message-reply:{messageId}`: a reply written in StoFlow, posted;
 * - `message-reply-check:{messageId}`: the conversation read again after a reply whose answer was lost.
 */
export type MessageStep =
  | { kind: 'inbox'; syncId: string; page: number }
  | { kind: 'conversation'; syncId: string; conversationId: string }
  | { kind: 'reply'; messageId: string }
  | { kind: 'reply-check'; messageId: string };

export function messageStep(step: MessageStep): string {
  switch (step.kind) {
    case 'inbox':
      return `${INBOX}${step.syncId}:${step.page}`;
    case 'conversation':
      return `${CONVERSATION}${step.syncId}:${step.conversationId}`;
    case 'reply':
      return `${REPLY}${step.messageId}`;
    case 'reply-check':
      return `${REPLY_CHECK}${step.messageId}`;
  }
}

export function parseMessageStep(step: string | null): MessageStep | undefined {
  if (!step) return undefined;
  if (step.startsWith(INBOX)) {
    const [syncId, page] = step.slice(INBOX.length).split(':');
    const n = Number(page);
    return syncId && Number.isSafeInteger(n) && n > 0 ? { kind: 'inbox', syncId, page: n } : undefined;
  }
  if (step.startsWith(CONVERSATION)) {
    const [syncId, conversationId] = step.slice(CONVERSATION.length).split(':');
    return syncId && conversationId ? { kind: 'conversation', syncId, conversationId } : undefined;
  }
  if (step.startsWith(REPLY_CHECK)) {
    const messageId = step.slice(REPLY_CHECK.length);
    return messageId ? { kind: 'reply-check', messageId } : undefined;
  }
  if (step.startsWith(REPLY)) {
    const messageId = step.slice(REPLY.length);
    return messageId ? { kind: 'reply', messageId } : undefined;
  }
  return undefined;
}

/** The plugin task of a step that reads (a page of the inbox, a conversation). */
export function messageReadCall(web: VintedWebClient, step: MessageStep & { kind: 'inbox' | 'conversation' }) {
  const call: VintedCall =
    step.kind === 'inbox' ? web.inbox(step.page, INBOX_PER_PAGE) : web.getConversation(step.conversationId);
  return { step: messageStep(step), method: call.method, url: call.url, timeoutMs: call.timeoutMs };
}
