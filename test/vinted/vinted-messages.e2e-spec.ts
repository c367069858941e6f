import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { quotedTenantSchema } from '@stoflow/core';
import { patchProduct, seller } from '../catalog/catalog-helpers';
import { MessagesScheduleProcessor } from '../../libs/vinted/src/messages/sync-messages/messages-schedule.processor';
import { FakeVinted, FakeVintedConversation, PATHS } from '../fakes/vinted/fake-vinted';
import { sql } from '../helpers/tenants';
import {
  fastSaga,
  listableProduct,
  publishOne,
  startSagaWorker,
  until,
  vintedSeller,
  VintedSeller,
  waitForJob,
} from './jobs-helpers';
import { listeningApi } from './plugin-helpers';

interface SyncBody {
  id: string;
  status: string;
  pagesRead: number;
  conversationsChanged: number;
  conversationsRead: number;
  error: string | null;
}

interface MessageBody {
  id: string;
  kind: 'message' | 'offer';
  direction: 'in' | 'out';
  body: string;
  price: string | null;
  currency: string | null;
  sentAt: string;
  status: 'pending' | 'sent' | 'failed';
  error: string | null;
}

interface ConversationBody {
  id: string;
  vintedId: string;
  itemId: string | null;
  productId: string | null;
  counterpart: string | null;
  unreadCount: number;
  lastMessage: { excerpt: string; kind: string; direction: string; sentAt: string } | null;
  updatedAt: string;
  messages?: MessageBody[];
}

/** Vinted messages read through the extension into StoFlow's conversations, and replies posted back. */
describe('Vinted: messages', () => {
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;
  let alice: VintedSeller;
  let bob: VintedSeller;
  // Alice's two conversations on Vinted, and their ids in StoFlow.
  let linked: FakeVintedConversation;
  let other: FakeVintedConversation;
  let linkedId: string;
  let otherId: string;
  let productId: string;

  beforeAll(async () => {
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    worker = await startSagaWorker();
    fastSaga(app);
    alice = await vintedSeller(app, base, vinted);
    alice.ext.start(1);
    bob = await vintedSeller(app, base, vinted);
  });
  afterAll(async () => {
    await alice.ext.stop();
    await worker.close();
    await app.close();
    await vinted.close();
  });

  const sync = (who: VintedSeller) =>
    app.inject({ method: 'POST', url: '/api/vinted/messages/sync', headers: who.headers });
  const list = async (who: VintedSeller) => {
    const res = await app.inject({ method: 'GET', url: '/api/conversations?limit=100', headers: who.headers });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: ConversationBody[]; total: number; page: number; limit: number }>();
  };
  const open = (who: VintedSeller, id: string) =>
    app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: who.headers });
  const reply = (who: VintedSeller, id: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/conversations/${id}/replies`,
      headers: who.headers,
      payload: payload as object,
    });

  async function syncToTheEnd(who: VintedSeller): Promise<SyncBody> {
    const res = await sync(who);
    expect(res.statusCode).toBe(202);
    const started = res.json<SyncBody>();
    expect(started.status).toBe('running');
    await until('the pass over the inbox', async () => {
      const [row] = await sql(app).execute<{ status: string }[]>(
        `select status from ${quotedTenantSchema(who.id)}.vinted_message_syncs where id = ?`,
        [started.id],
      );
      return row.status !== 'running';
    });
    const [row] = await sql(app).execute<
      { status: string; pages_read: number; conversations_changed: number; conversations_read: number }[]
    >(`select * from ${quotedTenantSchema(who.id)}.vinted_message_syncs where id = ?`, [started.id]);
    return {
      id: started.id,
      status: row.status,
      pagesRead: row.pages_read,
      conversationsChanged: row.conversations_changed,
      conversationsRead: row.conversations_read,
      error: null,
    };
  }

  /** The GETs of single conversations the fake has seen for the account, by Vinted conversation id. */
  const conversationReads = (who: VintedSeller) =>
    vinted
      .callsFor(who.vintedUserId)
      .filter((c) => c.method === 'GET' && /^\/api\/v2\/conversations\/\d+$/.test(c.path))
      .map((c) => Number(c.path.split('/').pop()));
  const repliesPosted = (who: VintedSeller, conversation: FakeVintedConversation, body: string) =>
    vinted
      .callsFor(who.vintedUserId)
      .filter(
        (c) =>
          c.method === 'POST' &&
          c.path === PATHS.replies(conversation.id) &&
          (c.body as { reply?: { body?: string } } | undefined)?.reply?.body === body,
      );
  const onVinted = (who: VintedSeller, conversation: FakeVintedConversation, body: string) =>
    vinted
      .conversations(who.vintedUserId)
      .find((c) => c.id === conversation.id)!
      .messages.filter((m) => m.userId === who.vintedUserId && m.body === body);
  async function replyStatus(who: VintedSeller, messageId: string): Promise<string> {
    const [row] = await sql(app).execute<{ status: string }[]>(
      `select status from ${quotedTenantSchema(who.id)}.conversation_messages where id = ?`,
      [messageId],
    );
    return row.status;
  }

  it('reads the inbox: each conversation with its messages, the item’s product, the unread counts', async () => {
    const product = await listableProduct(app, alice, 1, { title: 'Robe bleue' });
    productId = product.id;
    expect((await patchProduct(app, alice, product.id, { status: 'active' })).statusCode).toBe(200);
    await waitForJob(app, alice, (await publishOne(app, alice, product.id)).id);
    const item = vinted.items(alice.vintedUserId).find((i) => i.title === 'Robe bleue')!;

    linked = vinted.addConversation(alice.vintedUserId, {
      itemId: item.id,
      buyer: { id: 501, login: 'claire_b' },
      messages: [{ body: 'Bonjour, toujours disponible ?' }, { offer: { price: 10 } }],
    });
    other = vinted.addConversation(alice.vintedUserId, {
      itemId: 4_999_000_001,
      buyer: { id: 502, login: 'paul.m' },
      messages: [{ body: 'Hello' }, { from: 'seller', body: 'Hi!' }, { body: 'Can you ship today?' }],
    });
    // The inbox of a third seller's account is not Alice's.
    vinted.addConversation(bob.vintedUserId, { messages: [{ body: 'For Bob only' }] });

    const pass = await syncToTheEnd(alice);
    expect(pass).toMatchObject({ status: 'completed', pagesRead: 1, conversationsChanged: 2, conversationsRead: 2 });
    expect(conversationReads(alice).sort()).toEqual([linked.id, other.id].sort());

    const page = await list(alice);
    expect(page).toMatchObject({ total: 2, page: 1, limit: 100 });
    // Newest activity first; the buyer's display name only; the product is the one listed as the item.
    expect(page.items).toEqual([
      expect.objectContaining({
        vintedId: String(other.id),
        itemId: '4999000001',
        productId: null,
        counterpart: 'paul.m',
        unreadCount: 1,
        lastMessage: expect.objectContaining({ excerpt: 'Can you ship today?', kind: 'message', direction: 'in' }),
      }),
      expect.objectContaining({
        vintedId: String(linked.id),
        itemId: String(item.id),
        productId,
        counterpart: 'claire_b',
        unreadCount: 2,
        lastMessage: expect.objectContaining({ excerpt: 'Offer: 10.00 EUR', kind: 'offer', direction: 'in' }),
      }),
    ]);
    [otherId, linkedId] = page.items.map((c) => c.id);

    // Nothing changed on Vinted: the next pass reads the first page of the inbox and no conversation.
    const again = await syncToTheEnd(alice);
    expect(again).toMatchObject({ status: 'completed', conversationsChanged: 0, conversationsRead: 0 });
    expect(conversationReads(alice)).toHaveLength(2);
    const [messages] = await sql(app).execute<{ n: number }[]>(
      `select count(*)::int as n from ${quotedTenantSchema(alice.id)}.conversation_messages`,
    );
    expect(messages.n).toBe(5);
  });

  it('opens a conversation: messages oldest first, the offer with its price, and marks it read', async () => {
    const res = await open(alice, linkedId);
    expect(res.statusCode).toBe(200);
    const conversation = res.json<ConversationBody>();
    expect(conversation).toMatchObject({ id: linkedId, productId, counterpart: 'claire_b', unreadCount: 0 });
    expect(conversation.messages).toEqual([
      expect.objectContaining({
        kind: 'message',
        direction: 'in',
        body: 'Bonjour, toujours disponible ?',
        price: null,
        status: 'sent',
      }),
      expect.objectContaining({ kind: 'offer', direction: 'in', price: '10.00', currency: 'EUR', status: 'sent' }),
    ]);
    const { items } = await list(alice);
    expect(items.map((c) => [c.id, c.unreadCount])).toEqual([
      [otherId, 1],
      [linkedId, 0],
    ]);

    const mixed = (await open(alice, otherId)).json<ConversationBody>();
    expect(mixed.messages!.map((m) => [m.direction, m.body])).toEqual([
      ['in', 'Hello'],
      ['out', 'Hi!'],
      ['in', 'Can you ship today?'],
    ]);
  });

  it('reads again only the conversation a buyer wrote in since the last pass', async () => {
    const before = conversationReads(alice).length;
    const inboxBefore = vinted.callsFor(alice.vintedUserId).filter((c) => c.path.startsWith(PATHS.inbox)).length;
    vinted.addBuyerMessage(alice.vintedUserId, linked.id, 'Je peux passer la chercher ?');

    const pass = await syncToTheEnd(alice);
    expect(pass).toMatchObject({ status: 'completed', conversationsChanged: 1, conversationsRead: 1 });
    expect(conversationReads(alice).slice(before)).toEqual([linked.id]);
    expect(vinted.callsFor(alice.vintedUserId).filter((c) => c.path.startsWith(PATHS.inbox))).toHaveLength(
      inboxBefore + 1,
    );

    const { items } = await list(alice);
    expect(items[0]).toMatchObject({
      id: linkedId,
      unreadCount: 1,
      lastMessage: expect.objectContaining({ excerpt: 'Je peux passer la chercher ?', direction: 'in' }),
    });
    expect(items[1]).toMatchObject({ id: otherId, unreadCount: 0 });
  });

  it('posts a reply once: pending, then sent, and never stored twice by the next pass', async () => {
    const res = await reply(alice, otherId, { body: 'Oui, envoi demain matin.' });
    expect(res.statusCode).toBe(202);
    const sent = res.json<MessageBody>();
    expect(sent).toMatchObject({
      kind: 'message',
      direction: 'out',
      body: 'Oui, envoi demain matin.',
      status: 'pending',
    });

    await until('the reply sent', async () => (await replyStatus(alice, sent.id)) === 'sent');
    expect(repliesPosted(alice, other, 'Oui, envoi demain matin.')).toHaveLength(1);
    expect(onVinted(alice, other, 'Oui, envoi demain matin.')).toHaveLength(1);

    // The next pass reads the conversation again (the reply changed it) and finds the reply it already has.
    await syncToTheEnd(alice);
    const conversation = (await open(alice, otherId)).json<ConversationBody>();
    const replies = conversation.messages!.filter((m) => m.body === 'Oui, envoi demain matin.');
    expect(replies).toEqual([expect.objectContaining({ id: sent.id, direction: 'out', status: 'sent' })]);
    expect(conversation.messages!.at(-1)!.id).toBe(sent.id);
  });

  it('a reply whose answer was lost is looked for before anything else, and not posted twice', async () => {
    vinted.inject(alice.vintedUserId, 'lost-create', { when: { method: 'POST', path: /\/replies$/ } });
    const checksBefore = conversationReads(alice).length;
    const res = await reply(alice, linkedId, { body: '  Oui, bien sûr !\n' });
    expect(res.statusCode).toBe(202);
    const lost = res.json<MessageBody>();
    // Kept and sent trimmed: the reply is recognised in the conversation by its text.
    expect(lost).toMatchObject({ body: 'Oui, bien sûr !', status: 'pending' });

    await until('the lost reply found sent', async () => (await replyStatus(alice, lost.id)) === 'sent');
    expect(vinted.pendingFaults(alice.vintedUserId)).toBe(0);
    expect(repliesPosted(alice, linked, 'Oui, bien sûr !')).toHaveLength(1);
    expect(onVinted(alice, linked, 'Oui, bien sûr !')).toHaveLength(1);
    // The conversation was read to find it.
    expect(conversationReads(alice).slice(checksBefore)).toEqual([linked.id]);
    const conversation = (await open(alice, linkedId)).json<ConversationBody>();
    expect(conversation.messages!.filter((m) => m.body === 'Oui, bien sûr !')).toEqual([
      expect.objectContaining({ id: lost.id, status: 'sent' }),
    ]);
  });

  it('a reply that never reached Vinted is posted again, once', async () => {
    vinted.inject(alice.vintedUserId, 'drop', { when: { method: 'POST', path: /\/replies$/ } });
    const postsTo = () =>
      vinted.callsFor(alice.vintedUserId).filter((c) => c.method === 'POST' && c.path === PATHS.replies(other.id));
    const before = postsTo().length;
    const res = await reply(alice, otherId, { body: 'Colis déposé.' });
    expect(res.statusCode).toBe(202);
    const dropped = res.json<MessageBody>();

    await until('the dropped reply sent', async () => (await replyStatus(alice, dropped.id)) === 'sent');
    // The dropped call carried no answer (nor, on the fake, a recorded body); the one posted again is the reply.
    expect(
      postsTo()
        .slice(before)
        .map((c) => c.fault ?? null),
    ).toEqual(['drop', null]);
    expect(repliesPosted(alice, other, 'Colis déposé.')).toHaveLength(1);
    expect(onVinted(alice, other, 'Colis déposé.')).toHaveLength(1);
  });

  it('a reply Vinted refuses is failed with the reason, and not posted again', async () => {
    vinted.inject(alice.vintedUserId, 'captcha', { as: 'json', when: { method: 'POST', path: /\/replies$/ } });
    const res = await reply(alice, otherId, { body: 'Toujours là ?' });
    expect(res.statusCode).toBe(202);
    const refused = res.json<MessageBody>();
    await until('the refused reply failed', async () => (await replyStatus(alice, refused.id)) === 'failed');
    const conversation = (await open(alice, otherId)).json<ConversationBody>();
    expect(conversation.messages!.find((m) => m.id === refused.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/captcha/i),
    });
    expect(
      vinted.callsFor(alice.vintedUserId).filter((c) => c.method === 'POST' && c.path === PATHS.replies(other.id)),
    ).toHaveLength(4);
    expect(onVinted(alice, other, 'Toujours là ?')).toHaveLength(0);
  });

  it('pages through a long inbox, and stops at the first conversation already read', async () => {
    // The replies above changed conversations on Vinted: a pass catches up first.
    await syncToTheEnd(alice);
    const many = Array.from({ length: 24 }, (_, i) =>
      vinted.addConversation(alice.vintedUserId, { messages: [{ body: `Question ${i + 1}` }] }),
    );
    const first = await syncToTheEnd(alice);
    // 20 a page: the 24 new ones fill page 1 and start page 2, which then reaches the conversations already read.
    expect(first).toMatchObject({ status: 'completed', pagesRead: 2, conversationsChanged: 24, conversationsRead: 24 });
    expect((await list(alice)).total).toBe(26);

    const reads = conversationReads(alice).length;
    vinted.addBuyerMessage(alice.vintedUserId, many[0].id, 'Encore là ?');
    const second = await syncToTheEnd(alice);
    expect(second).toMatchObject({ status: 'completed', pagesRead: 1, conversationsChanged: 1, conversationsRead: 1 });
    expect(conversationReads(alice).slice(reads)).toEqual([many[0].id]);
  });

  it('is scheduled for every account whose extension is online', async () => {
    const passes = async () =>
      (
        await sql(app).execute<{ n: number }[]>(
          `select count(*)::int as n from ${quotedTenantSchema(alice.id)}.vinted_message_syncs`,
        )
      )[0].n;
    const before = await passes();
    vinted.addBuyerMessage(alice.vintedUserId, other.id, 'Vous êtes là ?');
    const { accounts } = await worker.get(MessagesScheduleProcessor).syncOnline();
    expect(accounts).toBeGreaterThanOrEqual(2);
    expect(await passes()).toBe(before + 1);
    await until('the scheduled pass', async () => {
      const { items } = await list(alice);
      return items[0]?.lastMessage?.excerpt === 'Vous êtes là ?';
    });
  });

  it('refuses an empty or too long reply with 400, and an unknown conversation with 404', async () => {
    const callsBefore = vinted.callsFor(alice.vintedUserId).length;
    const count = async () =>
      (
        await sql(app).execute<{ n: number }[]>(
          `select count(*)::int as n from ${quotedTenantSchema(alice.id)}.conversation_messages`,
        )
      )[0].n;
    const messagesBefore = await count();
    for (const payload of [{ body: '' }, { body: '   ' }, { body: 'x'.repeat(2001) }, {}, { body: 42 }]) {
      const res = await reply(alice, otherId, payload);
      expect({ payload, status: res.statusCode, code: res.json().error?.code }).toEqual({
        payload,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await open(alice, id)).statusCode).toBe(404);
      expect((await reply(alice, id, { body: 'Hello' })).statusCode).toBe(404);
    }
    expect(await count()).toBe(messagesBefore);
    expect(vinted.callsFor(alice.vintedUserId)).toHaveLength(callsBefore);
  });

  it('keeps each seller’s conversations to themselves', async () => {
    expect(await list(bob)).toEqual({ items: [], total: 0, page: 1, limit: 100 });
    const peek = await open(bob, linkedId);
    expect(peek.statusCode).toBe(404);
    expect(peek.json().error.code).toBe('NOT_FOUND');
    const answer = await reply(bob, linkedId, { body: 'Not mine to answer' });
    expect(answer.statusCode).toBe(404);
    expect(answer.json().error.code).toBe('NOT_FOUND');
    expect(vinted.calls.filter((c) => c.path.endsWith('/replies') && c.userId === bob.vintedUserId)).toHaveLength(0);
    // Alice's conversation is untouched by Bob's look.
    expect((await list(alice)).items.find((c) => c.id === linkedId)).toBeDefined();
  });

  it('refuses a pass without a paired extension', async () => {
    const unpaired = await app.inject({
      method: 'POST',
      url: '/api/vinted/messages/sync',
      headers: (await seller(app)).headers,
    });
    expect(unpaired.statusCode).toBe(422);
    expect(unpaired.json().error.code).toBe('MARKETPLACE_NOT_CONNECTED');
  });
});
