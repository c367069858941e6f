/**
 * A stateful fake of Vinted's web API (shared/VINTED.md) on a loopback port, for e2e journeys driven through the
 * extension simulator. It keeps per-account photos, items and orders; checks the session cookie, the CSRF header
 * and the bodies; answers with Vinted's shapes (all in ./vinted-contract.ts); injects, per account, each failure
 * of VINTED.md's table; and records every call with its times, so a test can assert pacing and "never listed
 * twice". Plain node:http, no framework: what a test sees is exactly what went over the socket. Its messages (inbox,
 * conversations, replies) are a section of their own.
 *
 *   const vinted = await FakeVinted.start();
 *   const seller = vinted.createAccount({ login: 'marie' });
 *   const ext = await FakeExtension.pair({ api, vinted: vinted.url, sessionHeaders: seller.sessionHeaders }, token);
 *   vinted.inject(seller.userId, 'lost-create'); // the next create succeeds, its answer never arrives
 *   …
 *   expect(vinted.items(seller.userId)).toHaveLength(1); // reconciled, not listed twice
 *   await vinted.close();
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fault, FaultBook, FaultKind, FaultOptions } from './faults';
import { MultipartError, MultipartForm, multipartBoundary, parseMultipart } from './multipart';
import {
  catalogTreeJson,
  FakeBrand,
  FakeCatalog,
  FakeSizeGroup,
  foldTitle,
  seededBrands,
  seededCatalogs,
  seededSizeGroups,
} from './reference-data';
import {
  BRANDS_PER_SEARCH,
  COOKIES,
  ERRORS,
  FieldError,
  HEADERS,
  IMAGE_SIGNATURES,
  ORDER_STATUSES,
  ORDER_TYPES,
  PHOTO_FIELDS,
  ROUTES,
  RouteName,
  SEED_JPEG,
  WARDROBE_PER_PAGE,
  WRITE_METHODS,
  CLOUDFLARE_HEADERS,
  INBOX_PER_PAGE,
  REPLY_MAX_LENGTH,
  captchaHtml,
  captchaJson,
  cloudflare1020Html,
  conversationJson,
  inboxConversationJson,
  replyJson,
  itemUploadJson,
  itemUrl,
  orderJson,
  transactionJson,
  paginationJson,
  photoJson,
  photoUrl,
  serverErrorHtml,
  vintedAmount,
  vintedPageHtml,
  wardrobeItemJson,
} from './vinted-contract';

export { FAULT_KINDS } from './faults';
export type { FaultKind, FaultOptions, FaultWhen } from './faults';
export { PATHS } from './vinted-contract';

export interface FakeVintedAccount {
  userId: number;
  login: string;
  /** What the extension adds to each request from the logged-in tab: `cookie`, `x-csrf-token`, `x-anon-id`. */
  sessionHeaders: Record<string, string>;
}

export interface FakeVintedCall {
  /** The account of the `access_token_web` cookie; null when it is missing or unknown. */
  userId: number | null;
  method: string;
  /** The path with its query, as sent. */
  path: string;
  /**
   * The status answered. For `lost-create`, the status the fake would have answered (the work was done, the answer
   * never sent). 0: no answer (`drop`), or still running.
   */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  /** Date.now() when the answer was sent or the socket destroyed; null while running. */
  endedAt: number | null;
  fault?: FaultKind;
  /** The JSON body, or for a multipart upload its fields and a summary of its files. */
  body?: unknown;
}

export interface FakeVintedPhoto {
  id: number;
  userId: number;
  tempUuid: string;
  filename: string;
  /** From the magic bytes, not from what the client declared. */
  contentType: string;
  size: number;
  url: string;
  createdAt: number;
}

export interface FakeVintedItem {
  id: number;
  userId: number;
  title: string;
  description: string;
  /** As Vinted writes it: "12.0", "12.5". */
  price: string;
  currency: string;
  catalogId: number;
  brandId: number | null;
  brand: string | null;
  sizeId: number | null;
  statusId: number;
  packageSizeId: number | null;
  colorIds: number[];
  photoIds: number[];
  itemAttributes: unknown[];
  /** The draft uuid of the create (kept by edits); never exposed by the wardrobe. */
  tempUuid: string | null;
  uploadSessionId: string | null;
  isHidden: boolean;
  url: string;
  /** Creation order across the whole fake (1, 2, …). */
  createdSeq: number;
  createdAt: number;
  updatedAt: number;
}

export interface FakeVintedDeletedItem extends FakeVintedItem {
  deletedAt: number;
}

export type FakeVintedOrderStatus = 'in_progress' | 'completed' | 'canceled';

export interface FakeVintedOrderSeed {
  title: string;
  price: string | number;
  currency?: string;
  itemId?: number | null;
  /** A bundle: the items one buyer bought together in this transaction (default: `itemId`'s item alone). */
  items?: { itemId: number; title: string; price: string | number }[];
  status?: FakeVintedOrderStatus;
  /** ISO 8601; default now. */
  date?: string | Date;
  buyer?: { id: number; login: string } | null;
  transactionId?: number;
  conversationId?: number;
  photoUrl?: string | null;
}

export interface FakeVintedOrder {
  transactionId: number;
  conversationId: number;
  itemId: number | null;
  title: string;
  price: string;
  currency: string;
  status: FakeVintedOrderStatus;
  date: string;
  buyer: { id: number; login: string } | null;
  photoUrl: string | null;
  /** What the transaction sold, as its detail lists it. */
  items: { itemId: number; title: string; price: string }[];
}

export interface FakeVintedMessage {
  id: number;
  /** The author: the account's own user (the seller) or the other user of the conversation. */
  userId: number;
  kind: 'message' | 'offer';
  body: string;
  /** An offer's price as Vinted writes it ("12.0"); null for a text. */
  price: string | null;
  currency: string | null;
  createdAt: number;
}

export interface FakeVintedConversation {
  id: number;
  /** The account the conversation is in (the seller). */
  userId: number;
  otherUser: { id: number; login: string };
  itemId: number | null;
  transactionId: number | null;
  /** Oldest first. */
  messages: FakeVintedMessage[];
  updatedAt: number;
  /** The other user's messages after this are unread by the seller (opening the conversation or replying reads them). */
  readAt: number;
}

/** A message of a seeded conversation: a text, or an offer, from the buyer (default) or the seller. */
export type FakeVintedMessageSeed =
  | { from?: 'buyer' | 'seller'; body: string }
  | { from?: 'buyer' | 'seller'; offer: { price: string | number; currency?: string } };

export interface FakeVintedConversationSeed {
  buyer?: { id: number; login: string };
  /** The item the conversation is about (a listing of the account, or any id). */
  itemId?: number | null;
  messages?: FakeVintedMessageSeed[];
}

export interface FakeVintedItemSeed {
  title: string;
  price: string | number;
  currency?: string;
  description?: string;
  catalogId?: number;
  statusId?: number;
  /** Vinted's brand id; with `brand`, the brand's title the edit view shows. */
  brandId?: number | null;
  brand?: string | null;
  sizeId?: number | null;
  packageSizeId?: number | null;
  colorIds?: number[];
  materialIds?: number[];
  /** How many photos the item shows (default 1). */
  photos?: number;
  isHidden?: boolean;
}

/** What the seller may change on Vinted's own site (`editOnVinted`). */
export type FakeVintedItemChanges = Partial<
  Pick<FakeVintedItemSeed, 'title' | 'description' | 'brandId' | 'brand' | 'sizeId' | 'statusId' | 'colorIds'>
> & { price?: string | number };

interface Account {
  userId: number;
  login: string;
  token: string;
  csrfToken: string;
  sessionHeaders: Record<string, string>;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  html?: string;
}

type Body =
  | { type: 'none' }
  | { type: 'json'; value: unknown }
  | { type: 'multipart'; form: MultipartForm }
  | { type: 'invalid'; message: string };

interface Request {
  account: Account;
  /** The id captured from the path (NaN for routes without one). */
  id: number;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Body;
}

/** The fields of a create or edit, validated. */
type ItemForm = Pick<
  FakeVintedItem,
  | 'title'
  | 'description'
  | 'price'
  | 'currency'
  | 'catalogId'
  | 'brandId'
  | 'brand'
  | 'sizeId'
  | 'statusId'
  | 'packageSizeId'
  | 'colorIds'
  | 'photoIds'
  | 'itemAttributes'
  | 'tempUuid'
  | 'uploadSessionId'
>;

const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** The path of `photoUrl`: `/t/{id in base 36}/{size}/{id}.jpeg`. */
const IMAGE_PATH = /^\/t\/[0-9a-z]+\/[0-9a-z]+\/(\d+)\.jpeg$/;

export class FakeVinted {
  /** Every call in arrival order (kept across `clearFaults`, emptied by `reset`). */
  readonly calls: FakeVintedCall[] = [];
  /** The photo ids whose image was downloaded (`GET /t/…` on the fake's origin, Vinted's image CDN), in order. */
  readonly imageDownloads: number[] = [];
  /** How wardrobe items carry their price: Vinted has answered `{amount, currency_code}` and a plain string. */
  wardrobePriceFormat: 'object' | 'string' = 'object';

  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private origin = '';
  private closed = false;
  private readonly accounts = new Map<number, Account>();
  private readonly byToken = new Map<string, Account>();
  private readonly photoStore = new Map<number, FakeVintedPhoto>();
  private readonly itemStore = new Map<number, FakeVintedItem>();
  private readonly deleted = new Map<number, FakeVintedDeletedItem>();
  private readonly orderStore = new Map<number, FakeVintedOrder[]>();
  private readonly conversationStore = new Map<number, FakeVintedConversation>();
  /** The last timestamp handed to a message: strictly increasing, so `updated_at` orders the inbox. */
  private lastTick = 0;
  private readonly faults = new FaultBook();
  // Vinted's reference lists, the same for every account (built from StoFlow's seed files).
  private catalogStore: FakeCatalog[] = seededCatalogs();
  private sizeGroupStore: FakeSizeGroup[] = seededSizeGroups();
  private brandStore: FakeBrand[] = seededBrands();
  /** Wakes the answers held back by `slow`, so close() does not wait for them. */
  private readonly sleepers = new Set<() => void>();
  // Ids in Vinted's ranges; never reused, even across reset(), so a stale id from an earlier test finds nothing.
  private readonly next = {
    user: 48_000_000,
    photo: 21_000_000_000,
    item: 5_100_000_000,
    transaction: 14_000_000_000,
    conversation: 9_800_000_000,
    message: 23_000_000_000,
  };
  private seq = 0;

  private readonly handlers: Record<RouteName, (r: Request) => Answer> = {
    currentUser: (r) => this.currentUser(r),
    uploadPhoto: (r) => this.uploadPhoto(r),
    createItem: (r) => this.createItem(r),
    getItem: (r) => this.getItem(r),
    editItem: (r) => this.editItem(r),
    deleteItem: (r) => this.deleteItem(r),
    hideItem: (r) => this.hideItem(r),
    wardrobe: (r) => this.wardrobe(r),
    myOrders: (r) => this.myOrders(r),
    transaction: (r) => this.transaction(r),
    inbox: (r) => this.inbox(r),
    conversation: (r) => this.conversation(r),
    reply: (r) => this.reply(r),
    catalogs: () => this.catalogList(),
    sizeGroups: () => this.sizeGroupList(),
    brands: (r) => this.brandSearch(r),
  };

  private constructor() {}

  /** Listens on 127.0.0.1, on a port of the system's choosing. */
  static async start(): Promise<FakeVinted> {
    const fake = new FakeVinted();
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.origin = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The origin, e.g. http://127.0.0.1:41234 (what the extension's `vinted` option takes). */
  get url(): string {
    return this.origin;
  }

  /** Stops listening and destroys every socket, idle or busy, so jest can exit. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of [...this.sleepers]) wake();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // ---- accounts and seeds --------------------------------------------------------------------------------------

  /** A logged-in Vinted user, and the headers its browser tab sends. */
  createAccount(options: { login?: string } = {}): FakeVintedAccount {
    const userId = ++this.next.user;
    const login = options.login ?? `seller_${userId}`;
    const token = fakeJwt(userId, 'access');
    const csrfToken = randomUUID();
    const anonId = randomUUID();
    const cookie = [
      `${COOKIES.accessToken}=${token}`,
      `${COOKIES.refreshToken}=${fakeJwt(userId, 'refresh')}`,
      `${COOKIES.session}=${randomBytes(48).toString('base64url')}`,
      `${COOKIES.anonId}=${anonId}`,
    ].join('; ');
    const sessionHeaders = { cookie, [HEADERS.csrf]: csrfToken, [HEADERS.anonId]: anonId };
    const account: Account = { userId, login, token, csrfToken, sessionHeaders };
    this.accounts.set(userId, account);
    this.byToken.set(token, account);
    return { userId, login, sessionHeaders: { ...sessionHeaders } };
  }

  /** An item already on Vinted (listed by hand, before StoFlow), with one photo: what an import finds. */
  addItem(userId: number, seed: FakeVintedItemSeed): FakeVintedItem {
    this.account(userId);
    const photoIds = Array.from(
      { length: seed.photos ?? 1 },
      (_, n) => this.storePhoto(userId, randomUUID(), `seed-${n + 1}.jpg`, 'image/jpeg', SEED_JPEG.length).id,
    );
    const item = this.storeItem(userId, {
      title: seed.title,
      description: seed.description ?? seed.title,
      price: vintedAmount(seed.price),
      currency: seed.currency ?? 'EUR',
      catalogId: seed.catalogId ?? 1,
      brandId: seed.brandId ?? null,
      brand: seed.brand ?? null,
      sizeId: seed.sizeId ?? null,
      statusId: seed.statusId ?? 2,
      packageSizeId: seed.packageSizeId ?? null,
      colorIds: seed.colorIds ?? [],
      photoIds,
      itemAttributes: seed.materialIds?.length ? [{ code: 'material', ids: seed.materialIds }] : [],
      tempUuid: null,
      uploadSessionId: null,
    });
    item.isHidden = seed.isHidden ?? false;
    return structuredClone(item);
  }

  /**
   * A seller's wardrobe of `count` items listed by hand before StoFlow, varied the way real wardrobes are (kinds,
   * brands, prices with and without cents, a few hidden), each with its photo.
   */
  addWardrobe(userId: number, count: number): FakeVintedItem[] {
    const kinds = ['Robe', 'Jean', 'Jupe', 'Manteau', 'Veste', 'T-shirt', 'Pull', 'Baskets', 'Sac', 'Chemise'];
    // Vinted's own ids (migrations/shared/seeds): brands, women's catalogs of size group 4 and their letter sizes.
    const brands: [string, number][] = [
      ['Zara', 12],
      ['Nike', 53],
      ["Levi's", 10],
      ['H&M', 7],
      ['Mango', 15],
      ['Sézane', 38437],
      ['adidas', 14],
      ['Petit Bateau', 149],
      ['Uniqlo', 1153],
    ];
    const catalogs = [178, 1056, 1055, 1059, 1065];
    const colours: [string, number][] = [
      ['noir', 1],
      ['gris', 3],
      ['blanc', 12],
    ];
    return Array.from({ length: count }, (_, i) => {
      const brand = i % 10 === 6 ? null : brands[i % brands.length];
      const colour = colours[i % colours.length];
      return this.addItem(userId, {
        title: `${kinds[i % kinds.length]} ${colour[0]} n°${i + 1}`,
        description: `${kinds[i % kinds.length]} porté quelques fois, très bon état.`,
        price: i % 3 === 0 ? `${5 + (i % 40)}.5` : 5 + (i % 60),
        brandId: brand?.[1] ?? null,
        brand: brand?.[0] ?? null,
        catalogId: catalogs[i % catalogs.length],
        sizeId: 2 + (i % 4),
        statusId: 1 + (i % 4),
        packageSizeId: 1 + (i % 3),
        colorIds: [colour[1]],
        materialIds: [44 + (i % 3)],
        isHidden: i % 50 === 49,
      });
    });
  }

  /** The seller changed an item on Vinted's own site. */
  editOnVinted(itemId: number, changes: FakeVintedItemChanges): void {
    const item = this.itemStore.get(itemId);
    if (!item) throw new Error(`no item ${itemId}`);
    const { price, ...rest } = changes;
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) Object.assign(item, { [key]: value });
    if (price !== undefined) item.price = vintedAmount(price);
    item.updatedAt = Date.now();
  }

  /** The seller deleted an item on Vinted's own site. */
  deleteOnVinted(itemId: number): void {
    const item = this.itemStore.get(itemId);
    if (!item) throw new Error(`no item ${itemId}`);
    this.itemStore.delete(itemId);
    this.deleted.set(itemId, { ...item, deletedAt: Date.now() });
  }

  /** A sale, as `GET /api/v2/my_orders?type=sold` lists it. */
  addOrder(userId: number, seed: FakeVintedOrderSeed): FakeVintedOrder {
    this.account(userId);
    const transactionId = seed.transactionId ?? ++this.next.transaction;
    const order: FakeVintedOrder = {
      transactionId,
      conversationId: seed.conversationId ?? transactionId + 5_000_000_000,
      itemId: seed.itemId ?? null,
      title: seed.title,
      price: vintedAmount(seed.price),
      currency: seed.currency ?? 'EUR',
      status: seed.status ?? 'completed',
      date: new Date(seed.date ?? Date.now()).toISOString(),
      buyer: seed.buyer ?? null,
      photoUrl: seed.photoUrl ?? null,
      items: (seed.items ?? (seed.itemId ? [{ itemId: seed.itemId, title: seed.title, price: seed.price }] : [])).map(
        (item) => ({ ...item, price: vintedAmount(item.price) }),
      ),
    };
    this.orderStore.set(userId, [...(this.orderStore.get(userId) ?? []), order]);
    return structuredClone(order);
  }

  // ---- messages: inbox, conversations, replies -----------------------------------------------------------------
  // Apart from the listings and orders above. A buyer writes to the seller (`addConversation`, `addBuyerMessage`);
  // the seller's extension lists the inbox (newest activity first), reads a conversation (which reads its messages,
  // as opening it on Vinted does) and replies. The faults of faults.ts apply to these routes like to any other:
  // `inject(user, 'lost-create', {when: {path: /\/replies$/}})` stores the reply and never sends its answer.

  /** A conversation a buyer started with the seller, with its messages (texts or offers), oldest first. */
  addConversation(userId: number, seed: FakeVintedConversationSeed = {}): FakeVintedConversation {
    this.account(userId);
    const id = ++this.next.conversation;
    const buyerId = seed.buyer?.id ?? ++this.next.user;
    const conversation: FakeVintedConversation = {
      id,
      userId,
      otherUser: { id: buyerId, login: seed.buyer?.login ?? `buyer_${buyerId}` },
      itemId: seed.itemId ?? null,
      transactionId: seed.itemId ? ++this.next.transaction : null,
      messages: [],
      updatedAt: this.tick(),
      readAt: 0,
    };
    this.conversationStore.set(id, conversation);
    for (const message of seed.messages ?? []) {
      const author = message.from === 'seller' ? userId : buyerId;
      // The seller answers what they have read.
      if (author === userId) conversation.readAt = conversation.updatedAt;
      if ('offer' in message) {
        this.storeMessage(conversation, author, {
          kind: 'offer',
          body: '',
          price: vintedAmount(message.offer.price),
          currency: message.offer.currency ?? 'EUR',
        });
      } else {
        this.storeMessage(conversation, author, { kind: 'message', body: message.body, price: null, currency: null });
      }
    }
    return structuredClone(conversation);
  }

  /** The buyer writes again: the conversation moves to the top of the inbox, one more unread message. */
  addBuyerMessage(userId: number, conversationId: number, body: string): FakeVintedMessage {
    const conversation = this.conversationStore.get(conversationId);
    if (conversation?.userId !== userId) throw new Error(`no conversation ${conversationId} for ${userId}`);
    return structuredClone(
      this.storeMessage(conversation, conversation.otherUser.id, {
        kind: 'message',
        body,
        price: null,
        currency: null,
      }),
    );
  }

  /** The account's conversations, newest activity first, with their messages. */
  conversations(userId: number): FakeVintedConversation[] {
    return [...this.conversationStore.values()]
      .filter((c) => c.userId === userId)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((c) => structuredClone(c));
  }

  private inbox({ account, query }: Request): Answer {
    const all = this.conversations(account.userId);
    const page = positiveInt(query.get('page')) ?? 1;
    const perPage = Math.min(positiveInt(query.get('per_page')) ?? INBOX_PER_PAGE.default, INBOX_PER_PAGE.max);
    const conversations = all
      .slice((page - 1) * perPage, page * perPage)
      .map((c) => inboxConversationJson(c, unreadOf(c)));
    return { status: 200, json: { conversations, pagination: paginationJson(page, perPage, all.length) } };
  }

  private conversation({ account, id }: Request): Answer {
    const conversation = this.conversationStore.get(id);
    // Another account's conversation is as good as missing.
    if (conversation?.userId !== account.userId) return { status: 404, json: ERRORS.notFound };
    conversation.readAt = Math.max(conversation.readAt, conversation.updatedAt);
    return { status: 200, json: { conversation: conversationJson(conversation) } };
  }

  private reply({ account, id, body }: Request): Answer {
    const conversation = this.conversationStore.get(id);
    if (conversation?.userId !== account.userId) return { status: 404, json: ERRORS.notFound };
    if (body.type === 'invalid') return { status: 400, json: ERRORS.badRequest(body.message) };
    const text = body.type === 'json' ? record(record(body.value)?.reply)?.body : undefined;
    if (typeof text !== 'string' || text.trim() === '') {
      return { status: 422, json: ERRORS.validation([{ field: 'body', value: "can't be blank" }]) };
    }
    if (text.length > REPLY_MAX_LENGTH) {
      return { status: 422, json: ERRORS.validation([{ field: 'body', value: 'is too long' }]) };
    }
    const message = this.storeMessage(conversation, account.userId, {
      kind: 'message',
      body: text,
      price: null,
      currency: null,
    });
    conversation.readAt = message.createdAt;
    return { status: 200, json: replyJson(conversation, message) };
  }

  private storeMessage(
    conversation: FakeVintedConversation,
    author: number,
    content: Pick<FakeVintedMessage, 'kind' | 'body' | 'price' | 'currency'>,
  ): FakeVintedMessage {
    const message: FakeVintedMessage = { id: ++this.next.message, userId: author, ...content, createdAt: this.tick() };
    conversation.messages.push(message);
    conversation.updatedAt = message.createdAt;
    return message;
  }

  /** Now, in ms, but always after the last one handed out. */
  private tick(): number {
    this.lastTick = Math.max(Date.now(), this.lastTick + 1);
    return this.lastTick;
  }

  // ---- reference lists (catalogs, size groups, brands) ---------------------------------------------------------

  /** Vinted renamed a catalog (same id). */
  renameCatalog(catalogId: number, title: string): void {
    const catalog = this.catalogStore.find((c) => c.id === catalogId);
    if (!catalog) throw new Error(`no catalog ${catalogId}`);
    catalog.title = title;
  }

  /** Vinted removed a catalog, and the catalogs below it, from its tree. */
  removeCatalog(catalogId: number): void {
    if (!this.catalogStore.some((c) => c.id === catalogId)) throw new Error(`no catalog ${catalogId}`);
    const gone = new Set([catalogId]);
    for (let grew = true; grew;) {
      grew = false;
      for (const c of this.catalogStore) {
        if (c.parentId === null || !gone.has(c.parentId) || gone.has(c.id)) continue;
        gone.add(c.id);
        grew = true;
      }
    }
    this.catalogStore = this.catalogStore.filter((c) => !gone.has(c.id));
  }

  /** Vinted added a catalog under `parentId`. */
  addCatalog(catalog: FakeCatalog): void {
    this.catalogStore.push({ ...catalog });
  }

  /** Vinted renamed a brand (same id). */
  renameBrand(brandId: number, title: string): void {
    const brand = this.brandStore.find((b) => b.id === brandId);
    if (!brand) throw new Error(`no brand ${brandId}`);
    brand.title = title;
  }

  /** Back to the lists of the seed files. */
  resetReference(): void {
    this.catalogStore = seededCatalogs();
    this.sizeGroupStore = seededSizeGroups();
    this.brandStore = seededBrands();
  }

  // ---- faults --------------------------------------------------------------------------------------------------

  /**
   * Makes the account's next matching call(s) fail as `fault` (see FaultOptions). Faults injected one after the
   * other hit successive matching calls.
   */
  inject(userId: number, fault: FaultKind, options: FaultOptions = {}): void {
    this.account(userId);
    this.faults.add(userId, fault, options);
  }

  /** Forgets the faults not yet fired, of one account or of all. */
  clearFaults(userId?: number): void {
    this.faults.clear(userId);
  }

  /** How many injected faults of the account have not fired all their `times` yet. */
  pendingFaults(userId: number): number {
    return this.faults.pending(userId);
  }

  // ---- what happened -------------------------------------------------------------------------------------------

  callsFor(userId: number): FakeVintedCall[] {
    return this.calls.filter((c) => c.userId === userId);
  }

  /** The account's live items, in creation order. */
  items(userId: number): FakeVintedItem[] {
    return [...this.itemStore.values()].filter((i) => i.userId === userId).map((i) => structuredClone(i));
  }

  photos(userId: number): FakeVintedPhoto[] {
    return [...this.photoStore.values()].filter((p) => p.userId === userId).map((p) => structuredClone(p));
  }

  deletedItems(userId: number): FakeVintedDeletedItem[] {
    return [...this.deleted.values()].filter((i) => i.userId === userId).map((i) => structuredClone(i));
  }

  /** Forgets accounts, photos, items, orders, faults and calls (ids keep growing); reference lists as seeded. */
  reset(): void {
    this.calls.length = 0;
    this.accounts.clear();
    this.byToken.clear();
    this.photoStore.clear();
    this.itemStore.clear();
    this.deleted.clear();
    this.orderStore.clear();
    this.conversationStore.clear();
    this.faults.clear();
    this.resetReference();
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    const account = this.byToken.get(cookieValue(header(req.headers, 'cookie'), COOKIES.accessToken) ?? '');
    if (method === 'GET' && IMAGE_PATH.test(path)) return this.image(res, path);
    if (method === 'GET' && !path.startsWith('/api/')) return this.page(res, path, account);
    const call: FakeVintedCall = {
      userId: account?.userId ?? null,
      method,
      path,
      status: 0,
      at: Date.now(),
      endedAt: null,
    };
    this.calls.push(call);
    res.on('close', () => (call.endedAt ??= Date.now()));
    // Taken at arrival, before the body is read, so that `nth` counts calls in the order they came in.
    const fault = account ? this.faults.take(account.userId, method, path) : undefined;
    if (fault) call.fault = fault.kind;

    const raw = await readBody(req).catch(() => undefined);
    if (raw === undefined) return; // the client went away
    if (fault?.kind === 'drop') return hangUp(req, call);

    let answer: Answer;
    if (raw === 'too-large') {
      answer = { status: 413, json: ERRORS.tooLarge };
    } else {
      const body = parseBody(header(req.headers, 'content-type'), raw);
      call.body = recordedBody(body);
      answer = (fault && faultAnswer(fault)) ?? this.answer(account, method, path, req.headers, body);
    }
    if (fault?.kind === 'short-page') answer = shortPage(answer);
    call.status = answer.status;
    if (fault?.kind === 'lost-create') return hangUp(req, call);
    // The work is done at once; only the answer is late, so a caller that gives up does not know the outcome.
    if (fault?.kind === 'slow') await this.sleep(fault.delayMs);
    if (this.closed || res.destroyed) return;
    send(res, answer);
  }

  /**
   * The web site around the API, for a real browser tab (the browser suite): `/__fake/login?user=<id>` sets the
   * account's session cookies as Vinted's login does, `/__fake/logout` clears them, and any other page is a Vinted
   * page carrying the logged-in account's CSRF token in its `csrf-token` meta. Pages are not API calls: not recorded.
   */
  private page(res: ServerResponse, path: string, account: Account | undefined): void {
    const { pathname, searchParams } = new URL(path, 'http://fake-vinted.invalid');
    if (pathname === '/__fake/login' || pathname === '/__fake/logout') {
      const login = pathname === '/__fake/login' ? this.accounts.get(Number(searchParams.get('user'))) : undefined;
      if (pathname === '/__fake/login' && !login) return send(res, { status: 404, json: ERRORS.notFound });
      const names = Object.values(COOKIES) as string[];
      const cookies = login
        ? (login.sessionHeaders.cookie ?? '').split('; ').map((pair) => `${pair}; Path=/; SameSite=Lax`)
        : names.map((name) => `${name}=; Path=/; Max-Age=0`);
      res.writeHead(302, { location: '/', 'set-cookie': cookies, 'content-length': '0' });
      return void res.end();
    }
    send(res, { status: 200, html: vintedPageHtml(account?.csrfToken ?? null) });
  }

  /**
   * Vinted's image CDN (`images1.vinted.net`, no session needed): the paths of `photoUrl` answer on the fake's own
   * origin with the photo's bytes, so an import can copy them (the extension simulator maps the CDN host here).
   */
  private image(res: ServerResponse, path: string): void {
    const id = Number(IMAGE_PATH.exec(path)?.[1]);
    if (!this.photoStore.has(id)) return send(res, { status: 404, html: 'Not found' });
    this.imageDownloads.push(id);
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(SEED_JPEG.length) });
    res.end(SEED_JPEG);
  }

  private answer(
    account: Account | undefined,
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
    body: Body,
  ): Answer {
    if (!account) return { status: 401, json: ERRORS.sessionExpired };
    if (WRITE_METHODS.has(method) && header(headers, HEADERS.csrf) !== account.csrfToken) {
      return { status: 403, json: ERRORS.accessDenied };
    }
    const { pathname, searchParams } = new URL(path, 'http://fake-vinted.invalid');
    for (const name of Object.keys(ROUTES) as RouteName[]) {
      const route = ROUTES[name];
      const match = route.pattern.exec(pathname);
      if (!match || route.method !== method) continue;
      const request = {
        account,
        id: match[1] === undefined ? NaN : Number(match[1]),
        query: searchParams,
        headers,
        body,
      };
      try {
        return this.handlers[name](request);
      } catch (error) {
        // A bug in the fake shows up as a 500 that names it, not as a hung test.
        return { status: 500, json: { code: 500, message: `fake-vinted: ${String(error)}` } };
      }
    }
    return { status: 404, json: ERRORS.notFound };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  // ---- endpoints -----------------------------------------------------------------------------------------------

  private currentUser({ account }: Request): Answer {
    const itemCount = this.items(account.userId).length;
    return { status: 200, json: { user: { id: account.userId, login: account.login, item_count: itemCount } } };
  }

  private uploadPhoto({ account, body }: Request): Answer {
    if (body.type === 'invalid') return { status: 400, json: ERRORS.badRequest(body.message) };
    if (body.type !== 'multipart') return { status: 400, json: ERRORS.badRequest('Expected multipart/form-data') };
    const { fields, files } = body.form;
    const errors: FieldError[] = [];
    if (fields[PHOTO_FIELDS.type] !== 'item') errors.push({ field: 'type', value: 'must be item' });
    const tempUuid = fields[PHOTO_FIELDS.tempUuid]?.trim();
    if (!tempUuid) errors.push({ field: 'temp_uuid', value: "can't be blank" });
    const file = files.find((f) => f.field === PHOTO_FIELDS.file);
    const contentType = file && IMAGE_SIGNATURES.find((s) => startsWith(file.data, s.magic))?.contentType;
    if (!file || file.data.length === 0) errors.push({ field: 'file', value: "can't be blank" });
    else if (!contentType) errors.push({ field: 'file', value: 'is not a JPEG or PNG image' });
    if (errors.length > 0 || !file || !contentType || !tempUuid) {
      return { status: 422, json: ERRORS.validation(errors) };
    }
    const photo = this.storePhoto(account.userId, tempUuid, file.filename, contentType, file.data.length);
    return { status: 200, json: photoJson(photo) };
  }

  private createItem(request: Request): Answer {
    if (header(request.headers, HEADERS.uploadForm) !== 'true') {
      return { status: 400, json: ERRORS.badRequest(`The ${HEADERS.uploadForm} header is required`) };
    }
    const form = this.readItemForm(request, null);
    if ('status' in form) return form;
    const item = this.storeItem(request.account.userId, form);
    return { status: 200, json: { item: itemUploadJson(item, this.photosOf(item)) } };
  }

  private getItem({ account, id }: Request): Answer {
    const item = this.owned(account, id);
    if (!item) return { status: 404, json: ERRORS.notFound };
    return { status: 200, json: { item: itemUploadJson(item, this.photosOf(item)) } };
  }

  private editItem(request: Request): Answer {
    const item = this.owned(request.account, request.id);
    if (!item) return { status: 404, json: ERRORS.notFound };
    const form = this.readItemForm(request, item.id);
    if ('status' in form) return form;
    Object.assign(item, form, {
      tempUuid: form.tempUuid ?? item.tempUuid,
      uploadSessionId: form.uploadSessionId ?? item.uploadSessionId,
      url: itemUrl(item.id, form.title),
      updatedAt: Date.now(),
    });
    return { status: 200, json: { item: itemUploadJson(item, this.photosOf(item)) } };
  }

  private deleteItem({ account, id }: Request): Answer {
    const item = this.owned(account, id);
    if (!item) return { status: 404, json: ERRORS.notFound };
    this.itemStore.delete(item.id);
    this.deleted.set(item.id, { ...item, deletedAt: Date.now() });
    return { status: 200, json: { code: 0 } };
  }

  private hideItem({ account, id, body }: Request): Answer {
    const item = this.owned(account, id);
    if (!item) return { status: 404, json: ERRORS.notFound };
    const isHidden = body.type === 'json' ? record(body.value)?.is_hidden : undefined;
    if (typeof isHidden !== 'boolean') {
      return { status: 422, json: ERRORS.validation([{ field: 'is_hidden', value: 'must be true or false' }]) };
    }
    item.isHidden = isHidden;
    item.updatedAt = Date.now();
    return { status: 200, json: { code: 0, item: { id: item.id, is_hidden: item.isHidden } } };
  }

  /** Anyone logged in may read a wardrobe; hidden items only show to their owner. Newest first. */
  private wardrobe({ account, id, query }: Request): Answer {
    const owner = this.accounts.get(id);
    if (!owner) return { status: 404, json: ERRORS.notFound };
    const all = this.items(owner.userId)
      .filter((i) => owner.userId === account.userId || !i.isHidden)
      .reverse();
    const page = positiveInt(query.get('page')) ?? 1;
    const perPage = Math.min(positiveInt(query.get('per_page')) ?? WARDROBE_PER_PAGE.default, WARDROBE_PER_PAGE.max);
    const items = all
      .slice((page - 1) * perPage, page * perPage)
      .map((i) => wardrobeItemJson(i, this.photosOf(i), owner, this.wardrobePriceFormat));
    return { status: 200, json: { items, pagination: paginationJson(page, perPage, all.length) } };
  }

  /** One sale's detail: what the buyer bought (several items for a bundle). Another account's is missing. */
  private transaction({ account, id }: Request): Answer {
    const order = (this.orderStore.get(account.userId) ?? []).find((o) => o.transactionId === id);
    if (!order) return { status: 404, json: ERRORS.notFound };
    return { status: 200, json: { transaction: transactionJson(order) } };
  }

  private myOrders({ account, query }: Request): Answer {
    const type = query.get('type') ?? '';
    const status = query.get('status') ?? 'all';
    if (!(ORDER_TYPES as readonly string[]).includes(type)) {
      return { status: 400, json: ERRORS.badRequest(`type must be one of ${ORDER_TYPES.join(', ')}`) };
    }
    if (!(ORDER_STATUSES as readonly string[]).includes(status)) {
      return { status: 400, json: ERRORS.badRequest(`status must be one of ${ORDER_STATUSES.join(', ')}`) };
    }
    // Seeded orders are sales; the fake has no purchases.
    const all = (type === 'sold' ? (this.orderStore.get(account.userId) ?? []) : [])
      .filter((o) => status === 'all' || o.status === status)
      .sort((a, b) => b.date.localeCompare(a.date));
    const page = positiveInt(query.get('page')) ?? 1;
    const perPage = positiveInt(query.get('per_page')) ?? 20;
    const orders = all.slice((page - 1) * perPage, page * perPage).map(orderJson);
    return { status: 200, json: { my_orders: orders, pagination: paginationJson(page, perPage, all.length) } };
  }

  private catalogList(): Answer {
    return { status: 200, json: catalogTreeJson(this.catalogStore) };
  }

  private sizeGroupList(): Answer {
    return { status: 200, json: { size_groups: structuredClone(this.sizeGroupStore) } };
  }

  /** Brands whose title contains the keyword (accents and case aside), exact matches first. */
  private brandSearch({ query }: Request): Answer {
    const keyword = foldTitle(query.get('keyword') ?? '').trim();
    if (!keyword) return { status: 200, json: { brands: [] } };
    const brands = this.brandStore
      .filter((b) => foldTitle(b.title).includes(keyword))
      .sort((a, b) => Number(foldTitle(b.title) === keyword) - Number(foldTitle(a.title) === keyword))
      .slice(0, BRANDS_PER_SEARCH)
      .map((b) => ({ id: b.id, title: b.title, slug: foldTitle(b.title).replace(/[^a-z0-9]+/g, '-') }));
    return { status: 200, json: { brands } };
  }

  // ---- state ---------------------------------------------------------------------------------------------------

  private account(userId: number): Account {
    const account = this.accounts.get(userId);
    if (!account) throw new Error(`FakeVinted has no account ${userId}`);
    return account;
  }

  /** The account's live item; another account's item is as good as missing. */
  private owned(account: Account, id: number): FakeVintedItem | undefined {
    const item = this.itemStore.get(id);
    return item?.userId === account.userId ? item : undefined;
  }

  private photosOf(item: FakeVintedItem): FakeVintedPhoto[] {
    return item.photoIds.flatMap((id) => this.photoStore.get(id) ?? []);
  }

  private storePhoto(userId: number, tempUuid: string, filename: string, contentType: string, size: number) {
    const id = ++this.next.photo;
    const photo: FakeVintedPhoto = {
      id,
      userId,
      tempUuid,
      filename,
      contentType,
      size,
      url: photoUrl(id),
      createdAt: Date.now(),
    };
    this.photoStore.set(id, photo);
    return photo;
  }

  private storeItem(userId: number, form: ItemForm): FakeVintedItem {
    const id = ++this.next.item;
    const now = Date.now();
    const item: FakeVintedItem = {
      ...form,
      id,
      userId,
      isHidden: false,
      url: itemUrl(id, form.title),
      createdSeq: ++this.seq,
      createdAt: now,
      updatedAt: now,
    };
    this.itemStore.set(id, item);
    return item;
  }

  /**
   * Validates the body of a create (`pathId` null: `item.id` must be null) or of an edit (`item.id` must be the
   * path's). Answers 400 for a body that is not JSON, 422 with Vinted's `errors` for missing or unknown values.
   */
  private readItemForm({ account, body }: Request, pathId: number | null): ItemForm | Answer {
    if (body.type === 'invalid') return { status: 400, json: ERRORS.badRequest(body.message) };
    if (body.type !== 'json') return { status: 400, json: ERRORS.badRequest('Expected a JSON body') };
    const root = record(body.value);
    const item = record(root?.item);
    if (!root || !item) return { status: 422, json: ERRORS.validation([{ field: 'item', value: "can't be blank" }]) };

    const errors: FieldError[] = [];
    const fail = (field: string, value: string) => void errors.push({ field, value });
    const id = item.id ?? null;
    if (pathId === null && id !== null) fail('id', 'must be blank on a create');
    if (pathId !== null && Number(id) !== pathId) fail('id', `must be ${pathId}`);

    const title = nonBlank(item.title);
    if (title === null) fail('title', "can't be blank");
    const description = nonBlank(item.description);
    if (description === null) fail('description', "can't be blank");
    const price = validPrice(item.price);
    if (price === null) fail('price', item.price === undefined ? "can't be blank" : 'is not a valid price');
    const currency = item.currency ?? 'EUR';
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) fail('currency', 'is not a currency');
    const catalogId = positiveIntValue(item.catalog_id);
    if (catalogId === null) fail('catalog_id', "can't be blank");
    const statusId = positiveIntValue(item.status_id);
    if (statusId === null) fail('status_id', "can't be blank");
    const optionalId = (field: string): number | null => {
      const value = item[field];
      if (value === undefined || value === null) return null;
      const n = positiveIntValue(value);
      if (n === null) fail(field, 'is not an id');
      return n;
    };
    const brandId = optionalId('brand_id');
    const sizeId = optionalId('size_id');
    const packageSizeId = optionalId('package_size_id');
    const brand = typeof item.brand === 'string' && item.brand.trim() ? item.brand.trim() : null;
    const colorIds = item.color_ids ?? [];
    if (!Array.isArray(colorIds) || !colorIds.every((c) => positiveIntValue(c) !== null))
      fail('color_ids', 'are not ids');
    const itemAttributes = item.item_attributes ?? [];
    if (!Array.isArray(itemAttributes)) fail('item_attributes', 'is not a list');

    const photoIds: number[] = [];
    const assigned = item.assigned_photos;
    if (!Array.isArray(assigned) || assigned.length === 0) {
      fail('assigned_photos', "can't be blank");
    } else {
      for (const entry of assigned) {
        const photoId = positiveIntValue(record(entry)?.id);
        const photo = photoId === null ? undefined : this.photoStore.get(photoId);
        // Another account's photo is refused exactly like one that does not exist.
        if (photoId === null || photo?.userId !== account.userId) fail('assigned_photos', `photo ${photoId} not found`);
        else photoIds.push(photoId);
      }
    }
    const tempUuid = typeof item.temp_uuid === 'string' && item.temp_uuid ? item.temp_uuid : null;
    const uploadSessionId = typeof root.upload_session_id === 'string' ? root.upload_session_id : null;

    const valid = title !== null && description !== null && price !== null;
    if (errors.length > 0 || !valid || catalogId === null || statusId === null) {
      return { status: 422, json: ERRORS.validation(errors) };
    }
    return {
      title,
      description,
      price: vintedAmount(price),
      currency: String(currency),
      catalogId,
      brandId,
      brand,
      sizeId,
      statusId,
      packageSizeId,
      colorIds: (colorIds as unknown[]).map(Number),
      photoIds,
      itemAttributes: itemAttributes as unknown[],
      tempUuid,
      uploadSessionId,
    };
  }
}

// ---- helpers -------------------------------------------------------------------------------------------------------

/** The other user's messages the seller has not read. */
function unreadOf(conversation: FakeVintedConversation): number {
  return conversation.messages.filter((m) => m.userId !== conversation.userId && m.createdAt > conversation.readAt)
    .length;
}

function faultAnswer(fault: Fault): Answer | undefined {
  switch (fault.kind) {
    case 'session-expired':
      return { status: 401, json: ERRORS.sessionExpired };
    case 'csrf':
      return { status: 403, json: ERRORS.accessDenied };
    case 'captcha':
      return fault.as === 'json'
        ? { status: 403, json: captchaJson(), headers: { 'x-datadome': 'protected' } }
        : { status: 403, html: captchaHtml(), headers: { 'x-datadome': 'protected' } };
    case 'html':
      return { status: 200, html: vintedPageHtml() };
    case 'cloudflare':
      return { status: 403, html: cloudflare1020Html(), headers: { ...CLOUDFLARE_HEADERS } };
    case 'rate-limit': {
      const headers: Record<string, string> =
        fault.retryAfterSeconds === null ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return { status: 429, json: ERRORS.rateLimited, headers };
    }
    case 'server-error':
      return fault.as === 'html'
        ? { status: fault.status, html: serverErrorHtml(fault.status) }
        : { status: fault.status, json: ERRORS.serverError(fault.status) };
    case 'slow':
    case 'drop':
    case 'lost-create':
    case 'short-page':
      return undefined; // they change how the normal answer is delivered, not what it is
  }
}

/** The same page with half its items missing, its pagination unchanged. */
function shortPage(answer: Answer): Answer {
  const json = record(answer.json);
  if (answer.status !== 200 || !json || !Array.isArray(json.items)) return answer;
  return { ...answer, json: { ...json, items: json.items.slice(0, Math.floor(json.items.length / 2)) } };
}

function send(res: ServerResponse, answer: Answer): void {
  const html = answer.html !== undefined;
  const text = html ? (answer.html as string) : JSON.stringify(answer.json ?? {});
  res.writeHead(answer.status, {
    'content-type': html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...answer.headers,
  });
  res.end(text);
}

/** Closes the connection without a byte of answer: the client's fetch rejects. */
function hangUp(req: IncomingMessage, call: FakeVintedCall): void {
  call.endedAt = Date.now();
  req.socket.destroy();
}

/** The whole body; 'too-large' past MAX_BODY_BYTES (still read to its end, so the answer can be sent). */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => reject(new Error('the client went away')));
  });
}

function parseBody(contentType: string | undefined, raw: Buffer): Body {
  if (raw.length === 0) return { type: 'none' };
  const boundary = multipartBoundary(contentType);
  if (boundary) {
    try {
      return { type: 'multipart', form: parseMultipart(raw, boundary) };
    } catch (error) {
      if (error instanceof MultipartError) return { type: 'invalid', message: `Malformed multipart: ${error.message}` };
      throw error;
    }
  }
  if (!/\bjson\b/i.test(contentType ?? ''))
    return { type: 'invalid', message: `Unsupported content type: ${contentType}` };
  try {
    return { type: 'json', value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { type: 'invalid', message: 'Malformed JSON' };
  }
}

function recordedBody(body: Body): unknown {
  if (body.type === 'json') return body.value;
  if (body.type !== 'multipart') return undefined;
  const files = body.form.files.map(({ field, filename, contentType, data }) => ({
    field,
    filename,
    contentType,
    size: data.length,
  }));
  return { fields: body.form.fields, files };
}

function header(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** Shaped like Vinted's tokens (the user id is the `sub`), but signed by nobody: only the fake reads it. */
function fakeJwt(userId: number, purpose: 'access' | 'refresh'): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    account_id: userId,
    app_id: 4,
    aud: 'fr.core.api',
    client_id: 'web',
    exp: now + 7200,
    iat: now,
    iss: 'vinted-iam-service',
    purpose,
    scope: 'user',
    sid: randomUUID(),
    sub: String(userId),
  };
  return [part({ kid: 'fake', alg: 'PS256' }), part(claims), randomBytes(32).toString('base64url')].join('.');
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function nonBlank(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A price as the sell form sends it ("12.5", "12.50") or as a number; positive, at most two decimals. */
function validPrice(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+(\.\d{1,2})?$/.test(text.trim())) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}

/** A positive integer id, as a number or as digits. */
function positiveIntValue(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

function positiveInt(text: string | null): number | null {
  return text !== null && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : null;
}

function startsWith(data: Buffer, magic: Buffer): boolean {
  return data.length >= magic.length && data.subarray(0, magic.length).equals(magic);
}
