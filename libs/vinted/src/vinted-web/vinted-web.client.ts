import { Injectable, Logger } from '@nestjs/common';

/**
 * Every URL, header and payload shape of Vinted's web API (VINTED.md) lives in this file, so a change at Vinted
 * is a one-file fix. Vinted is never called from here: the builders describe one HTTP call for the user's
 * extension, and the readers and `classifyVintedAnswer` interpret what the extension brings back.
 */

/** One call for the extension: a `PluginTaskSpec` without the bookkeeping the saga adds. */
export interface VintedCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the user's Vinted origin. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

/** The `item` object of a create or edit. */
export interface VintedItemPayload {
  id: number | null;
  title: string;
  description: string;
  /** Two decimals, as StoFlow stores it: a price never passes through a float. */
  price: string;
  currency: string;
  catalog_id: number;
  brand_id: number | null;
  /** The brand's title, sent instead of `brand_id` for a brand Vinted has no id for. */
  brand?: string;
  size_id: number | null;
  status_id: number;
  package_size_id: number;
  color_ids: number[];
  assigned_photos: { id: number; orientation: number }[];
  item_attributes: { code: 'material'; ids: number[] }[];
  is_unisex: boolean;
  temp_uuid: string;
}

export type VintedOrderStatus = 'all' | 'in_progress' | 'completed' | 'canceled';

/** A sale as `my_orders` lists it (the transaction is the order; one item per transaction). */
export interface VintedSale {
  transactionId: string;
  itemId: string | null;
  title: string | null;
  /** Vinted's amount, a decimal string ("12.5"). */
  amount: string;
  currency: string;
  status: Exclude<VintedOrderStatus, 'all'>;
  date: Date;
  buyer: string | null;
}

/** One sale's detail (`GET /api/v2/transactions/{id}`): every item it sold (a bundle sells several). */
export interface VintedTransaction {
  transactionId: string;
  status: Exclude<VintedOrderStatus, 'all'>;
  date: Date;
  buyer: string | null;
  title: string | null;
  /** What the buyer paid for the items. */
  total: { amount: string; currency: string };
  items: { itemId: string; title: string | null; amount: string; currency: string }[];
}

export interface VintedOrdersPage {
  orders: VintedSale[];
  currentPage: number;
  totalPages: number;
}

export interface VintedWardrobeItem {
  id: string;
  title: string;
  /** As Vinted wrote it (e.g. "12.0"); normalising it is the importer's job. */
  price: string | null;
  currency: string | null;
  url: string | null;
  /** Vinted's ids of the item's photos: a photo belongs to one item only. */
  photoIds: number[];
  photoUrls: string[];
  brand: string | null;
  size: string | null;
  isClosed: boolean;
  isHidden: boolean;
  isReserved: boolean;
  isDraft: boolean;
}

/** A node of Vinted's catalog tree, flattened: `parentId` null for a root. */
export interface VintedCatalogNode {
  id: number;
  title: string;
  parentId: number | null;
}

/** A size group of the sell form, with its sizes. */
export interface VintedSizeGroup {
  id: number;
  title: string;
  sizes: { id: number; title: string }[];
}

export interface VintedBrand {
  id: number;
  title: string;
}

/** The owner's edit view of an item (`GET /api/v2/item_upload/items/{id}`): what a wardrobe page lacks. */
export interface VintedItemDetails {
  id: string;
  title: string;
  description: string;
  /** As Vinted wrote it ("12.0"). */
  price: string | null;
  currency: string | null;
  url: string | null;
  catalogId: number | null;
  brandId: number | null;
  /** The brand's title (also the brand of an item listed with a brand Vinted has no id for). */
  brandTitle: string | null;
  sizeId: number | null;
  sizeTitle: string | null;
  /** The condition. */
  statusId: number | null;
  packageSizeId: number | null;
  colorIds: number[];
  materialIds: number[];
  /** In the item's order; `url` is the largest image Vinted serves. */
  photos: { id: number; url: string }[];
  isClosed: boolean;
  isHidden: boolean;
  isDraft: boolean;
}

export interface VintedWardrobePage {
  items: VintedWardrobeItem[];
  pagination: { currentPage: number; totalPages: number; totalEntries: number; perPage: number };
}

/** A conversation as the inbox lists it (newest activity first). */
export interface VintedInboxEntry {
  conversationId: string;
  updatedAt: Date;
  /** Vinted's count of messages the seller has not read there; null when the answer does not say. */
  unreadCount: number | null;
}

export interface VintedInboxPage {
  conversations: VintedInboxEntry[];
  currentPage: number;
  totalPages: number;
}

export interface VintedConversationMessage {
  /** Vinted's id of the message: unique across Vinted. */
  messageId: string;
  kind: 'message' | 'offer';
  /** `in`: from the other user; `out`: from the seller (a reply, from StoFlow or from Vinted's own site). */
  direction: 'in' | 'out';
  body: string;
  /** An offer's price as Vinted wrote it ("12.5"); null for a plain message. */
  price: string | null;
  currency: string | null;
  sentAt: Date;
}

export interface VintedConversation {
  conversationId: string;
  itemId: string | null;
  /** The other user's display name (login) only. */
  counterpart: string | null;
  updatedAt: Date;
  /** Oldest first. */
  messages: VintedConversationMessage[];
}

/** Vinted answered 2xx with a body this adapter does not recognise (Vinted changed, or the wrong call was read). */
export class UnexpectedVintedAnswer extends Error {
  readonly code = 'VINTED_UNEXPECTED_ANSWER';

  constructor(what: string, body: unknown) {
    super(`Vinted answered ${what} in an unexpected shape: ${excerpt(body)}`);
    this.name = 'UnexpectedVintedAnswer';
  }
}

const API = '/api/v2';
const READ_TIMEOUT_MS = 20_000;
const WRITE_TIMEOUT_MS = 30_000;
// The extension first fetches the image from StoFlow, then uploads it to Vinted.
const PHOTO_TIMEOUT_MS = 60_000;

/** Builders and readers only: no state, no I/O. A class so a second adapter (Vinted's Pro API) can take its place. */
@Injectable()
export class VintedWebClient {
  currentUser(): VintedCall {
    return { method: 'GET', url: `${API}/users/current`, timeoutMs: READ_TIMEOUT_MS };
  }

  uploadPhoto(photo: { tempUuid: string; imageUrl: string; filename: string; contentType?: string }): VintedCall {
    const files = [
      {
        field: 'photo[file]',
        url: photo.imageUrl,
        filename: photo.filename,
        contentType: photo.contentType ?? 'image/jpeg',
      },
    ];
    return {
      method: 'POST',
      url: `${API}/photos`,
      body: { multipart: { fields: { 'photo[type]': 'item', 'photo[temp_uuid]': photo.tempUuid }, files } },
      timeoutMs: PHOTO_TIMEOUT_MS,
    };
  }

  /**
   * Copies one of the item's photos into StoFlow: the extension downloads Vinted's image (its CDN, no session
   * needed) and posts the bytes as the part `file` to `uploadUrl`, a signed StoFlow upload URL. The result it
   * reports is StoFlow's answer to that upload.
   */
  copyPhoto(photo: { photoId: string; imageUrl: string; uploadUrl: string }): VintedCall {
    if (!/^https?:\/\//.test(photo.imageUrl)) throw new RangeError(`Not an image URL: ${photo.imageUrl}`);
    return {
      method: 'GET',
      url: photo.imageUrl,
      body: { copy: { to: photo.uploadUrl, field: 'file', filename: `vinted-${pathId(photo.photoId)}.jpg` } },
      timeoutMs: PHOTO_TIMEOUT_MS,
    };
  }

  /** StoFlow's answer to a photo copied by `copyPhoto`: the catalog image it became. */
  readCopiedPhoto(body: unknown): { imageId: string } {
    const id = record(body)?.id;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id))
      throw new UnexpectedVintedAnswer('a copied photo', body);
    return { imageId: id };
  }

  createItem(item: VintedItemPayload, uploadSessionId: string): VintedCall {
    return this.itemForm('POST', `${API}/item_upload/items`, { ...item, id: null }, uploadSessionId);
  }

  getItem(itemId: string): VintedCall {
    return { method: 'GET', url: `${API}/item_upload/items/${pathId(itemId)}`, timeoutMs: READ_TIMEOUT_MS };
  }

  editItem(itemId: string, item: VintedItemPayload, uploadSessionId: string): VintedCall {
    const id = pathId(itemId);
    return this.itemForm('PUT', `${API}/item_upload/items/${id}`, { ...item, id: Number(id) }, uploadSessionId);
  }

  deleteItem(itemId: string): VintedCall {
    return { method: 'POST', url: `${API}/items/${pathId(itemId)}/delete`, timeoutMs: WRITE_TIMEOUT_MS };
  }

  hideItem(itemId: string, hidden: boolean): VintedCall {
    const url = `${API}/items/${pathId(itemId)}/is_hidden`;
    return { method: 'PUT', url, body: { is_hidden: hidden }, timeoutMs: WRITE_TIMEOUT_MS };
  }

  wardrobePage(vintedUserId: string, page: number, perPage: number): VintedCall {
    const query = new URLSearchParams({ page: String(page), per_page: String(perPage), order: 'relevance' });
    return { method: 'GET', url: `${API}/wardrobe/${pathId(vintedUserId)}/items?${query}`, timeoutMs: READ_TIMEOUT_MS };
  }

  myOrders(status: VintedOrderStatus, page: number): VintedCall {
    const query = new URLSearchParams({ type: 'sold', status, page: String(page) });
    return { method: 'GET', url: `${API}/my_orders?${query}`, timeoutMs: READ_TIMEOUT_MS };
  }

  /** A sale's detail, as the web app's order page loads it: what the buyer bought, item by item. */
  transaction(transactionId: string): VintedCall {
    return { method: 'GET', url: `${API}/transactions/${pathId(transactionId)}`, timeoutMs: READ_TIMEOUT_MS };
  }

  /**
   * The web app's inbox endpoint (what vinted.fr/inbox loads): the account's conversations, the one with the
   * newest activity first, `{conversations: [...], pagination}`.
   */
  inbox(page: number, perPage: number): VintedCall {
    const query = new URLSearchParams({ page: String(page), per_page: String(perPage) });
    return { method: 'GET', url: `${API}/inbox?${query}`, timeoutMs: READ_TIMEOUT_MS };
  }

  /** One conversation with its messages (offers included), as the web app's conversation view loads it. */
  getConversation(conversationId: string): VintedCall {
    return { method: 'GET', url: `${API}/conversations/${pathId(conversationId)}`, timeoutMs: READ_TIMEOUT_MS };
  }

  replyToConversation(conversationId: string, body: string): VintedCall {
    return {
      method: 'POST',
      url: `${API}/conversations/${pathId(conversationId)}/replies`,
      body: { reply: { body } },
      timeoutMs: WRITE_TIMEOUT_MS,
    };
  }

  /** The whole catalog tree of the sell form (one call: Vinted answers it nested). */
  catalogs(): VintedCall {
    return { method: 'GET', url: `${API}/item_upload/catalogs`, timeoutMs: READ_TIMEOUT_MS };
  }

  sizeGroups(): VintedCall {
    return { method: 'GET', url: `${API}/item_upload/size_groups`, timeoutMs: READ_TIMEOUT_MS };
  }

  /** The sell form's brand search: the brands whose title matches `keyword`. */
  brands(keyword: string): VintedCall {
    const query = new URLSearchParams({ keyword: keyword.slice(0, 100) });
    return { method: 'GET', url: `${API}/item_upload/brands?${query}`, timeoutMs: READ_TIMEOUT_MS };
  }

  /** Every node of the tree, parents before children. Throws on a node without an id or a title. */
  readCatalogs(body: unknown): VintedCatalogNode[] {
    const roots = record(parseBody(body))?.catalogs;
    if (!Array.isArray(roots)) throw new UnexpectedVintedAnswer('the catalog tree', body);
    const nodes: VintedCatalogNode[] = [];
    const walk = (list: unknown[], parentId: number | null, depth: number) => {
      if (depth > 20) throw new UnexpectedVintedAnswer('the catalog tree (too deep)', null);
      for (const raw of list) {
        const node = record(raw);
        const id = node?.id;
        if (!node || typeof id !== 'number' || !Number.isSafeInteger(id) || typeof node.title !== 'string') {
          fail('a catalog', raw);
        }
        nodes.push({ id, title: node.title, parentId });
        if (Array.isArray(node.catalogs)) walk(node.catalogs, id, depth + 1);
      }
    };
    walk(roots, null, 0);
    return nodes;
  }

  readSizeGroups(body: unknown): VintedSizeGroup[] {
    const groups = record(parseBody(body))?.size_groups;
    if (!Array.isArray(groups)) throw new UnexpectedVintedAnswer('the size groups', body);
    return groups.map((raw) => {
      const group = record(raw);
      const id = group?.id;
      if (!group || typeof id !== 'number' || !Number.isSafeInteger(id) || !Array.isArray(group.sizes)) {
        return fail('a size group', raw);
      }
      const sizes = group.sizes.map((s: unknown) => {
        const size = record(s);
        const title = size?.title ?? size?.caption;
        if (!size || typeof size.id !== 'number' || !Number.isSafeInteger(size.id) || typeof title !== 'string') {
          return fail('a size', s);
        }
        return { id: size.id, title };
      });
      const title = group.caption ?? group.title;
      return { id, title: typeof title === 'string' ? title : '', sizes };
    });
  }

  readBrands(body: unknown): VintedBrand[] {
    const brands = record(parseBody(body))?.brands;
    if (!Array.isArray(brands)) throw new UnexpectedVintedAnswer('a brand search', body);
    return brands.map((raw) => {
      const brand = record(raw);
      const id = brand?.id;
      if (!brand || typeof id !== 'number' || !Number.isSafeInteger(id) || typeof brand.title !== 'string') {
        return fail('a brand', raw);
      }
      return { id, title: brand.title };
    });
  }

  readCurrentUser(body: unknown): { userId: string; login: string | null } {
    const user = record(record(body)?.user);
    const userId = idOf(user?.id);
    if (!user || userId === null) throw new UnexpectedVintedAnswer('the current user', body);
    return { userId, login: plainName(user.login) };
  }

  readPhoto(body: unknown): { photoId: number } {
    const id = record(body)?.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new UnexpectedVintedAnswer('a photo upload', body);
    return { photoId: id };
  }

  /** Reads the answer of a create, an edit or `getItem`. */
  readItem(body: unknown): { itemId: string; url: string | null } {
    const item = record(record(body)?.item);
    const itemId = idOf(item?.id);
    if (!item || itemId === null) throw new UnexpectedVintedAnswer('an item', body);
    return { itemId, url: listingUrl(item.url) };
  }

  /** Reads `getItem`'s answer with every field an import maps; throws when it is not an item. */
  readItemDetails(body: unknown): VintedItemDetails {
    const item = record(record(body)?.item);
    const id = idOf(item?.id);
    if (!item || id === null || typeof item.title !== 'string') throw new UnexpectedVintedAnswer('an item', body);
    const price = record(item.price);
    const amount = price ? price.amount : item.price;
    const currency = price ? price.currency_code : item.currency;
    const brandDto = record(item.brand_dto);
    const brandTitle = [brandDto?.title, item.brand, item.brand_title].find(
      (t): t is string => typeof t === 'string' && t.trim() !== '',
    );
    // Vinted has sent colours both as `color_ids` and as `color1_id`/`color2_id`.
    const colorIds = Array.isArray(item.color_ids)
      ? item.color_ids.flatMap((c: unknown) => intOf(c) ?? [])
      : [intOf(item.color1_id), intOf(item.color2_id)].flatMap((c) => c ?? []);
    const attributes = Array.isArray(item.item_attributes) ? item.item_attributes.map(record) : [];
    const materials = attributes.find((a) => a?.code === 'material')?.ids;
    const photos = (Array.isArray(item.photos) ? item.photos : []).flatMap((raw: unknown) => {
      const photo = record(raw);
      const photoId = intOf(photo?.id);
      const url = photo?.full_size_url ?? photo?.url;
      return photoId !== null && typeof url === 'string' && /^https?:\/\//.test(url) ? [{ id: photoId, url }] : [];
    });
    return {
      id,
      title: item.title,
      description: typeof item.description === 'string' ? item.description : '',
      price: typeof amount === 'string' || typeof amount === 'number' ? String(amount) : null,
      currency: typeof currency === 'string' ? currency : null,
      url: listingUrl(item.url),
      catalogId: intOf(item.catalog_id),
      brandId: intOf(item.brand_id ?? brandDto?.id),
      brandTitle: brandTitle?.trim().slice(0, 200) ?? null,
      sizeId: intOf(item.size_id),
      sizeTitle: typeof item.size_title === 'string' && item.size_title.trim() ? item.size_title.trim() : null,
      statusId: intOf(item.status_id),
      packageSizeId: intOf(item.package_size_id),
      colorIds,
      materialIds: Array.isArray(materials) ? materials.flatMap((m: unknown) => intOf(m) ?? []) : [],
      photos,
      isClosed: item.is_closed === true,
      isHidden: item.is_hidden === true,
      isDraft: item.is_draft === true,
    };
  }

  /** Throws unless the page carries its pagination: a page that cannot say whether it is the last proves nothing. */
  readWardrobe(body: unknown): VintedWardrobePage {
    const page = record(body);
    const p = record(page?.pagination);
    const numbers = [p?.current_page, p?.total_pages, p?.total_entries, p?.per_page];
    if (!page || !Array.isArray(page.items) || !numbers.every((n) => Number.isSafeInteger(n))) {
      throw new UnexpectedVintedAnswer('a wardrobe page', body);
    }
    const [currentPage, totalPages, totalEntries, perPage] = numbers as number[];
    const items = page.items.map((raw) => wardrobeItem(raw) ?? fail('a wardrobe item', raw));
    return { items, pagination: { currentPage, totalPages, totalEntries, perPage } };
  }

  /** One page of `GET /api/v2/my_orders?type=sold`: the account's sales, newest first. */
  readOrders(body: unknown): VintedOrdersPage {
    const page = record(body);
    const p = record(page?.pagination);
    const numbers = [p?.current_page, p?.total_pages];
    if (!page || !Array.isArray(page.my_orders) || !numbers.every((n) => Number.isSafeInteger(n))) {
      throw new UnexpectedVintedAnswer('a page of sales', body);
    }
    const [currentPage, totalPages] = numbers as number[];
    const orders = page.my_orders.map((raw) => sale(raw) ?? fail('a sale', raw));
    return { orders, currentPage, totalPages };
  }

  /** A sale's detail; throws unless it carries its id, status and date and each item its id and price. */
  readTransaction(body: unknown): VintedTransaction {
    const raw = record(record(body)?.transaction);
    const transactionId = idOf(raw?.id);
    const status = raw?.transaction_user_status;
    const date = typeof raw?.date === 'string' ? new Date(raw.date) : null;
    if (!raw || !transactionId || !Array.isArray(raw.items) || !date || Number.isNaN(date.getTime())) {
      throw new UnexpectedVintedAnswer('a sale', body);
    }
    if (!SALE_STATUSES.includes(status as VintedSale['status'])) throw new UnexpectedVintedAnswer('a sale', body);
    const items = raw.items.map((entry: unknown) => {
      const item = record(entry);
      const price = record(item?.price);
      const itemId = idOf(item?.id);
      const amount =
        typeof price?.amount === 'string' || typeof price?.amount === 'number' ? String(price.amount) : null;
      if (!itemId || !amount || !/^\d+(\.\d+)?$/.test(amount)) return fail('an item of a sale', entry);
      return {
        itemId,
        title: typeof item?.title === 'string' ? item.title.slice(0, 300) : null,
        amount,
        currency: typeof price?.currency_code === 'string' ? price.currency_code : 'EUR',
      };
    });
    const total = record(raw.total_item_price);
    const totalAmount =
      typeof total?.amount === 'string' || typeof total?.amount === 'number' ? String(total.amount) : null;
    if (!totalAmount || !/^\d+(\.\d+)?$/.test(totalAmount)) throw new UnexpectedVintedAnswer('a sale', body);
    return {
      transactionId,
      status: status as VintedSale['status'],
      date,
      buyer: plainName(record(raw.buyer)?.login),
      title: typeof raw.title === 'string' ? raw.title.slice(0, 300) : null,
      total: {
        amount: totalAmount,
        currency: typeof total?.currency_code === 'string' ? total.currency_code : 'EUR',
      },
      items,
    };
  }

  /** One page of the inbox; throws unless it carries its pagination and every entry its id and `updated_at`. */
  readInbox(body: unknown): VintedInboxPage {
    const page = record(body);
    const p = record(page?.pagination);
    const numbers = [p?.current_page, p?.total_pages];
    if (!page || !Array.isArray(page.conversations) || !numbers.every((n) => Number.isSafeInteger(n))) {
      throw new UnexpectedVintedAnswer('a page of the inbox', body);
    }
    const [currentPage, totalPages] = numbers as number[];
    const conversations = page.conversations.map((raw) => inboxEntry(raw) ?? fail('a conversation of the inbox', raw));
    return { conversations, currentPage, totalPages };
  }

  /**
   * A conversation and its messages. A message is the seller's (`out`) unless its author is the other user; an
   * offer is a message of kind `offer` with its price. Entries of other kinds (status notices) are left out.
   */
  readConversation(body: unknown): VintedConversation {
    const conversation = record(record(body)?.conversation);
    const conversationId = idOf(conversation?.id);
    const updatedAt = dateOf(conversation?.updated_at);
    if (!conversation || conversationId === null || !updatedAt || !Array.isArray(conversation.messages)) {
      throw new UnexpectedVintedAnswer('a conversation', body);
    }
    const other = record(conversation.opposite_user);
    const otherId = idOf(other?.id);
    const transaction = record(conversation.transaction);
    const messages = conversation.messages.flatMap((raw) => {
      const message = conversationMessage(raw, otherId);
      if (message === undefined) fail('a message', raw);
      return message ? [message] : [];
    });
    messages.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    return {
      conversationId,
      itemId: idOf(transaction?.item_id) ?? idOf(conversation.item_id),
      counterpart: plainName(other?.login),
      updatedAt,
      messages,
    };
  }

  /** The answer of a reply: Vinted's id of the message it created. */
  readReply(body: unknown): { messageId: string; sentAt: Date | null } {
    const reply = record(record(body)?.reply) ?? record(record(body)?.message);
    const messageId = idOf(reply?.id);
    if (!reply || messageId === null) throw new UnexpectedVintedAnswer('a reply', body);
    return { messageId, sentAt: dateOf(reply.created_at_ts) };
  }

  private itemForm(method: 'POST' | 'PUT', url: string, item: VintedItemPayload, uploadSessionId: string): VintedCall {
    return {
      method,
      url,
      // What Vinted's own sell form sends with a create; an edit posts the same form, so it sends it too.
      headers: { 'x-upload-form': 'true' },
      body: { item, feedback_id: null, push_up: false, parcel: null, upload_session_id: uploadSessionId },
      timeoutMs: WRITE_TIMEOUT_MS,
    };
  }
}

// ---- classifying an answer -------------------------------------------------------------------------------

/** What the extension reported for one call (a task result, or a failed-task event with `status: null`). */
export interface VintedAnswer {
  ok: boolean;
  status: number | null;
  body?: unknown;
  error?: { code: string; message: string; retryAfterSeconds?: unknown } | null;
}

interface OutcomeBase {
  /** Vinted's HTTP status (null or 0: no answer). */
  status: number | null;
  /** A sentence the reseller can act on. */
  message: string;
  /** Stop every call of this Vinted account until the user acts (logs in, solves a captcha). */
  pausesAccount: boolean;
  /** Sending the same call again may succeed without the user doing anything. */
  retryable: boolean;
}

export type VintedOutcome =
  | (OutcomeBase & { kind: 'ok'; body: unknown })
  | (OutcomeBase & { kind: 'not-found' })
  | (OutcomeBase & { kind: 'session-expired' })
  | (OutcomeBase & { kind: 'csrf' })
  | (OutcomeBase & { kind: 'captcha' })
  | (OutcomeBase & { kind: 'blocked' })
  | (OutcomeBase & { kind: 'rate-limited'; retryAfterMs: number | null })
  | (OutcomeBase & { kind: 'transient' })
  | (OutcomeBase & { kind: 'rejected'; fields: { field: string; issue: string }[] });

export type VintedOutcomeKind = VintedOutcome['kind'];

const CAPTCHA = /captcha-delivery|datadome/i;
const CLOUDFLARE_1020 = /error(?: code)?:?\s*1020/i;

export function classifyVintedAnswer(answer: VintedAnswer): VintedOutcome {
  const status = answer.status;
  const body = parseBody(answer.body);
  const json = record(body);
  const text = typeof body === 'string' ? body : null;
  const base = { status, pausesAccount: false, retryable: false };

  if (!status) {
    const why = answer.error?.message ? ` (${answer.error.message})` : '';
    return { ...base, kind: 'transient', retryable: true, message: `Vinted did not answer${why}; StoFlow will retry` };
  }
  // DataDome answers browsers with an HTML page and XHR calls with JSON pointing at captcha-delivery.com.
  if ((text !== null || status === 403) && CAPTCHA.test(text ?? JSON.stringify(body ?? ''))) {
    const message = 'Vinted asks for a captcha: solve it in your Vinted tab, then resume';
    return { ...base, kind: 'captcha', pausesAccount: true, message };
  }
  if (status === 401 || json?.code === 100 || json?.message_code === 'invalid_authentication_token') {
    const message = 'Your Vinted session has expired: log in to Vinted again in your browser';
    return { ...base, kind: 'session-expired', pausesAccount: true, message };
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(answer.error?.retryAfterSeconds) ?? retryAfterSeconds(json?.retryAfterSeconds);
    const retryAfterMs = seconds === null ? null : seconds * 1000;
    const message = 'Vinted asks StoFlow to slow down; the call will be retried later';
    return { ...base, kind: 'rate-limited', retryable: true, retryAfterMs, message };
  }
  if (status >= 500) {
    return {
      ...base,
      kind: 'transient',
      retryable: true,
      message: `Vinted had an error (${status}); StoFlow will retry`,
    };
  }
  if (text !== null) {
    const message = CLOUDFLARE_1020.test(text)
      ? "Vinted's firewall blocked the request (Cloudflare 1020): open Vinted in your browser, then resume"
      : 'Vinted answered with a web page instead of data (blocked or challenged): open your Vinted tab, then resume';
    return { ...base, kind: 'blocked', pausesAccount: true, message };
  }
  if (status === 403 && (json?.code === 106 || json?.message_code === 'access_denied')) {
    const message = "Vinted refused the extension's security token; it is refreshed and the call retried once";
    return { ...base, kind: 'csrf', retryable: true, message };
  }
  if (status === 404) return { ...base, kind: 'not-found', message: 'Vinted no longer has this item' };
  if (status >= 200 && status < 300) return { ...base, kind: 'ok', body, message: 'Done' };
  return rejected(status, json);
}

function rejected(status: number, json: Record<string, unknown> | null): VintedOutcome {
  const fields = (Array.isArray(json?.errors) ? json.errors : []).flatMap((raw: unknown) => {
    const e = record(raw);
    return typeof e?.field === 'string' ? [{ field: e.field, issue: String(e.value ?? e.message ?? 'refused') }] : [];
  });
  const said = typeof json?.message === 'string' && json.message.trim() ? json.message.trim() : `error ${status}`;
  const details = fields.length ? ` (${fields.map((f) => `${f.field}: ${f.issue}`).join('; ')})` : '';
  const message = `Vinted refused the request: ${said}${details}`.slice(0, 500);
  return { kind: 'rejected', status, message, fields, pausesAccount: false, retryable: false };
}

// ---- helpers -----------------------------------------------------------------------------------------------

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The extension may hand JSON over as text; anything else textual is an HTML (or plain) page. */
function parseBody(body: unknown): unknown {
  if (typeof body !== 'string' || !/^\s*[[{]/.test(body)) return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** Vinted ids are integers, some beyond 2^31; StoFlow keeps them as strings. */
function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^[1-9]\d*$/.test(value)) return value;
  return null;
}

/** Refuses anything but digits, so an id can never rewrite the path it is put in. */
function intOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

function pathId(id: string): string {
  if (!/^[1-9]\d{0,19}$/.test(id)) throw new RangeError(`Not a Vinted id: ${id}`);
  return id;
}

function retryAfterSeconds(value: unknown): number | null {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

function wardrobeItem(raw: unknown): VintedWardrobeItem | null {
  const item = record(raw);
  const id = idOf(item?.id);
  if (!item || id === null || typeof item.title !== 'string') return null;
  // Older answers carry `price: "12.0"` and `currency`; newer ones `price: {amount, currency_code}`.
  const price = record(item.price);
  const amount = price ? price.amount : item.price;
  const currency = price ? price.currency_code : item.currency;
  const photos = Array.isArray(item.photos) ? item.photos : [];
  return {
    id,
    title: item.title,
    price: typeof amount === 'string' || typeof amount === 'number' ? String(amount) : null,
    currency: typeof currency === 'string' ? currency : null,
    url: listingUrl(item.url),
    photoIds: photos.flatMap((p: unknown) => {
      const photoId = record(p)?.id;
      return Number.isSafeInteger(photoId) ? [photoId as number] : [];
    }),
    photoUrls: photos.flatMap((p: unknown) => {
      const photo = record(p);
      const url = photo?.full_size_url ?? photo?.url;
      return typeof url === 'string' ? [url] : [];
    }),
    brand: typeof item.brand_title === 'string' ? item.brand_title : typeof item.brand === 'string' ? item.brand : null,
    size: typeof item.size_title === 'string' ? item.size_title : typeof item.size === 'string' ? item.size : null,
    isClosed: item.is_closed === true,
    isHidden: item.is_hidden === true,
    isReserved: item.is_reserved === true,
    isDraft: item.is_draft === true,
  };
}

const SALE_STATUSES: readonly VintedSale['status'][] = ['in_progress', 'completed', 'canceled'];

function sale(raw: unknown): VintedSale | null {
  const order = record(raw);
  const price = record(order?.price);
  const transactionId = idOf(order?.transaction_id);
  const amount = typeof price?.amount === 'string' || typeof price?.amount === 'number' ? String(price.amount) : null;
  const status = order?.transaction_user_status;
  const date = typeof order?.date === 'string' ? new Date(order.date) : null;
  if (!order || !transactionId || !amount || !/^\d+(\.\d+)?$/.test(amount) || !date || Number.isNaN(date.getTime())) {
    return null;
  }
  if (!SALE_STATUSES.includes(status as VintedSale['status'])) return null;
  return {
    transactionId,
    itemId: idOf(order.item_id),
    title: typeof order.title === 'string' ? order.title.slice(0, 300) : null,
    amount,
    currency: typeof price?.currency_code === 'string' ? price.currency_code : 'EUR',
    status: status as VintedSale['status'],
    date,
    buyer: plainName(record(order.user)?.login),
  };
}

function dateOf(value: unknown): Date | null {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

function inboxEntry(raw: unknown): VintedInboxEntry | null {
  const entry = record(raw);
  const conversationId = idOf(entry?.id);
  const updatedAt = dateOf(entry?.updated_at);
  if (!entry || conversationId === null || !updatedAt) return null;
  const unread = entry.unread_count;
  return {
    conversationId,
    updatedAt,
    unreadCount: Number.isSafeInteger(unread) && (unread as number) >= 0 ? (unread as number) : null,
  };
}

const OFFER_ENTITIES = new Set(['offer_message', 'offer_request_message']);

/** A message or an offer; null for an entry of another kind (skipped); undefined for one that is malformed. */
function conversationMessage(raw: unknown, otherUserId: string | null): VintedConversationMessage | null | undefined {
  const message = record(raw);
  const entity = record(message?.entity);
  const type = message?.entity_type;
  if (type !== 'message' && !OFFER_ENTITIES.has(String(type))) return message ? null : undefined;
  const messageId = idOf(message?.id) ?? idOf(entity?.id);
  const sentAt = dateOf(message?.created_at_ts);
  if (!entity || messageId === null || !sentAt) return undefined;
  const direction = otherUserId !== null && idOf(entity.user_id) === otherUserId ? 'in' : 'out';
  if (type === 'message') {
    if (typeof entity.body !== 'string') return undefined;
    return { messageId, kind: 'message', direction, body: entity.body, price: null, currency: null, sentAt };
  }
  const price = record(entity.price);
  const amount = typeof price?.amount === 'string' || typeof price?.amount === 'number' ? String(price.amount) : null;
  if (amount === null || !/^\d+(\.\d+)?$/.test(amount)) return undefined;
  const currency = typeof price?.currency_code === 'string' ? price.currency_code : 'EUR';
  return { messageId, kind: 'offer', direction, body: '', price: amount, currency, sentAt };
}

function fail(what: string, body: unknown): never {
  throw new UnexpectedVintedAnswer(what, body);
}

function excerpt(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Vinted's public sites: `vinted.fr`, `www.vinted.co.uk`, `vinted.com`… */
const VINTED_HOST = /^(?:[a-z0-9-]+\.)*vinted\.(?:[a-z]{2,3}|co\.uk)$/;
const log = new Logger('VintedWebClient');

/**
 * A listing URL as the dashboard will show it as a link: only `https` on Vinted's own hosts. Anything else
 * (`javascript:`, another host) is dropped with a warning rather than handed back to the user.
 */
export function listingUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  let url: URL | null = null;
  try {
    url = value.length <= 2048 ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (url && url.protocol === 'https:' && VINTED_HOST.test(url.hostname) && !url.username && !url.password) {
    return url.toString();
  }
  log.warn(`Dropped a listing URL that is not https on a Vinted host (${value.length} characters)`);
  return null;
}

export const PLAIN_NAME = /^[\p{L}\p{N}_.-]{1,100}$/u;

/** A Vinted login or name as plain text: letters, digits and `_ . -`, at most 100 characters; else none. */
export function plainName(value: unknown): string | null {
  return typeof value === 'string' && PLAIN_NAME.test(value) ? value : null;
}
