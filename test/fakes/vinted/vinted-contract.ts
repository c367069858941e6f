/**
 * Everything the fake knows about Vinted's web API, in one place, mirroring shared/VINTED.md: paths, headers,
 * cookies, error bodies, the HTML pages of the bot protections, and the JSON shapes of the answers. When Vinted
 * (or VINTED.md) changes, this is the file to change.
 */
import type {
  FakeVintedConversation,
  FakeVintedItem,
  FakeVintedMessage,
  FakeVintedOrder,
  FakeVintedPhoto,
} from './fake-vinted';

export const API = '/api/v2';

/** Paths as a client writes them (the spec and the tests that seed faults use these). */
export const PATHS = {
  currentUser: `${API}/users/current`,
  photos: `${API}/photos`,
  items: `${API}/item_upload/items`,
  item: (id: number | string) => `${API}/item_upload/items/${id}`,
  deleteItem: (id: number | string) => `${API}/items/${id}/delete`,
  hideItem: (id: number | string) => `${API}/items/${id}/is_hidden`,
  wardrobe: (userId: number | string) => `${API}/wardrobe/${userId}/items`,
  myOrders: `${API}/my_orders`,
  transaction: (id: number | string) => `${API}/transactions/${id}`,
  inbox: `${API}/inbox`,
  conversation: (id: number | string) => `${API}/conversations/${id}`,
  replies: (id: number | string) => `${API}/conversations/${id}/replies`,
  catalogs: `${API}/item_upload/catalogs`,
  sizeGroups: `${API}/item_upload/size_groups`,
  brands: `${API}/item_upload/brands`,
} as const;

/** The routes the fake answers, matched against the path without its query. A capture group is an id. */
export const ROUTES = {
  currentUser: { method: 'GET', pattern: /^\/api\/v2\/users\/current$/ },
  uploadPhoto: { method: 'POST', pattern: /^\/api\/v2\/photos$/ },
  createItem: { method: 'POST', pattern: /^\/api\/v2\/item_upload\/items$/ },
  getItem: { method: 'GET', pattern: /^\/api\/v2\/item_upload\/items\/(\d+)$/ },
  editItem: { method: 'PUT', pattern: /^\/api\/v2\/item_upload\/items\/(\d+)$/ },
  deleteItem: { method: 'POST', pattern: /^\/api\/v2\/items\/(\d+)\/delete$/ },
  hideItem: { method: 'PUT', pattern: /^\/api\/v2\/items\/(\d+)\/is_hidden$/ },
  wardrobe: { method: 'GET', pattern: /^\/api\/v2\/wardrobe\/(\d+)\/items$/ },
  myOrders: { method: 'GET', pattern: /^\/api\/v2\/my_orders$/ },
  transaction: { method: 'GET', pattern: /^\/api\/v2\/transactions\/(\d+)$/ },
  inbox: { method: 'GET', pattern: /^\/api\/v2\/inbox$/ },
  conversation: { method: 'GET', pattern: /^\/api\/v2\/conversations\/(\d+)$/ },
  reply: { method: 'POST', pattern: /^\/api\/v2\/conversations\/(\d+)\/replies$/ },
  catalogs: { method: 'GET', pattern: /^\/api\/v2\/item_upload\/catalogs$/ },
  sizeGroups: { method: 'GET', pattern: /^\/api\/v2\/item_upload\/size_groups$/ },
  brands: { method: 'GET', pattern: /^\/api\/v2\/item_upload\/brands$/ },
} as const;

/** The brand search answers at most this many brands. */
export const BRANDS_PER_SEARCH = 20;

export type RouteName = keyof typeof ROUTES;

/** The session cookies a logged-in browser sends; the account is the one of `access_token_web`. */
export const COOKIES = {
  accessToken: 'access_token_web',
  refreshToken: 'refresh_token_web',
  session: '_vinted_fr_session',
  anonId: 'anon_id',
} as const;

export const HEADERS = {
  csrf: 'x-csrf-token',
  anonId: 'x-anon-id',
  /** What the sell form sends with a create (Vinted refuses a create without it). */
  uploadForm: 'x-upload-form',
} as const;

/** Methods that need the CSRF header. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where Vinted's public pages and images live (the fake's own origin is never shown in an answer). */
export const PUBLIC_ORIGIN = 'https://www.vinted.fr';
const IMAGES_ORIGIN = 'https://images1.vinted.net';

export const PHOTO_FIELDS = { type: 'photo[type]', file: 'photo[file]', tempUuid: 'photo[temp_uuid]' } as const;

/** Magic bytes of the image types Vinted takes. */
export const IMAGE_SIGNATURES: readonly { contentType: string; magic: Buffer }[] = [
  { contentType: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
  { contentType: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
];

export const WARDROBE_PER_PAGE = { default: 20, max: 96 } as const;
export const ORDER_STATUSES = ['all', 'in_progress', 'completed', 'canceled'] as const;
export const ORDER_TYPES = ['sold', 'purchased'] as const;

// ---- error bodies --------------------------------------------------------------------------------------------

export interface FieldError {
  field: string;
  value: string;
}

export const ERRORS = {
  sessionExpired: {
    code: 100,
    message_code: 'invalid_authentication_token',
    message: 'Veuillez vous reconnecter pour continuer.',
  },
  accessDenied: { code: 106, message_code: 'access_denied', message: 'Accès refusé' },
  notFound: { code: 404, message_code: 'not_found', message: 'Page introuvable' },
  validation: (errors: FieldError[]) => ({
    code: 99,
    message_code: 'validation_error',
    message: 'Validation failed',
    errors,
  }),
  badRequest: (message: string) => ({ code: 99, message_code: 'validation_error', message, errors: [] }),
  tooLarge: { code: 413, message_code: 'payload_too_large', message: 'Payload too large' },
  rateLimited: { code: 429, message_code: 'too_many_requests', message: 'Too many requests' },
  serverError: (status: number) => ({ code: status, message_code: 'internal_error', message: 'Something went wrong' }),
} as const;

// ---- HTML pages ------------------------------------------------------------------------------------------------

/**
 * DataDome's block page, as a browser gets it (an XHR gets `captchaJson` instead). The backend classifies it by
 * `captcha-delivery`, so that string sits well inside the first 2 KB the extension reports.
 */
export function captchaHtml(): string {
  return (
    '<html lang="en"><head><title>vinted.fr</title>' +
    '<style>#cmsg{animation: A 1.5s;}@keyframes A{0%{opacity:0;}99%{opacity:0;}100%{opacity:1;}}</style></head>' +
    '<body style="margin:0"><p id="cmsg">Please enable JS and disable any ad blocker</p>' +
    "<script data-cfasync=\"false\">var dd={'rt':'c','cid':'AHrlqAAAAAMAfake','hsh':'0F8A1E0F0C6A1B1D','t':'fe'," +
    "'s':43337,'e':'fake','host':'geo.captcha-delivery.com','cookie':'fake'}</script>" +
    '<script data-cfasync="false" src="https://ct.captcha-delivery.com/c.js"></script></body></html>'
  );
}

/** What DataDome answers an XHR: JSON that points at its captcha page. */
export function captchaJson(): { url: string } {
  return { url: 'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMAfake&hash=0F8A1E0F0C6A1B1D&t=fe' };
}

/** Cloudflare's firewall page (rule 1020: access denied). */
export function cloudflare1020Html(): string {
  return (
    '<!DOCTYPE html><html lang="en-US"><head><title>Access denied | www.vinted.fr used Cloudflare to restrict ' +
    'access</title><meta charset="UTF-8" /></head><body><div id="cf-wrapper"><div id="cf-error-details">' +
    '<h1><span class="cf-error-type">Error</span> <span class="cf-error-code">1020</span></h1>' +
    '<h2>Access denied</h2><p>The site owner may have set restrictions that prevent you from accessing the site.</p>' +
    '<p>error code: 1020</p><p>Cloudflare Ray ID: <strong>8f0c0ffee0000000</strong></p></div></div></body></html>'
  );
}

/**
 * A Vinted web page where JSON was expected (a redirect to the home page or a challenge). Longer than 2 KB, like
 * a real page, so the extension's truncation is exercised. With `csrfToken`, the page of a logged-in session
 * (what the extension reads before a write).
 */
export function vintedPageHtml(csrfToken: string | null = 'page-token'): string {
  const meta = csrfToken === null ? '' : `<meta name="csrf-token" content="${csrfToken}">`;
  const filler = Array.from({ length: 40 }, (_, i) => `<li><a href="/catalog/${i + 1}">Catégorie ${i + 1}</a></li>`);
  return (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Vinted | Vends et achète des vêtements, ' +
    `chaussures et accessoires</title>${meta}</head><body>` +
    `<div id="__next"><header>Vinted</header><nav><ul>${filler.join('')}</ul></nav><main></main></div></body></html>`
  );
}

export function serverErrorHtml(status: number): string {
  const reason = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' }[status];
  const title = `${status} ${reason ?? 'Error'}`;
  return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
}

/** The bytes of every seeded photo: a small valid JPEG (8×8), so an import can bring it into a catalog. */
export const SEED_JPEG = Buffer.from(
  '/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKAATb//2Q==',
  'base64',
);

/** Headers that come with Cloudflare's own answers. */
export const CLOUDFLARE_HEADERS = { server: 'cloudflare', 'cf-ray': '8f0c0ffee0000000-CDG' } as const;

// ---- JSON shapes -----------------------------------------------------------------------------------------------

/** Vinted writes amounts like Ruby's BigDecimal: "12.0", "12.5", "12.99". */
export function vintedAmount(price: string | number): string {
  const n = Number(price);
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

export function itemUrl(id: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${PUBLIC_ORIGIN}/items/${id}${slug ? `-${slug}` : ''}`;
}

export function photoUrl(id: number, size = 'f800'): string {
  return `${IMAGES_ORIGIN}/t/${id.toString(36)}/${size}/${id}.jpeg`;
}

/**
 * The answer of `POST /api/v2/photos`, and (`inItem`) a photo inside an item, where the draft's uuid is no longer
 * shown: an item can only be found again by what the wardrobe shows (its title).
 */
export function photoJson(photo: FakeVintedPhoto, imageNo = 1, inItem = false) {
  return {
    id: photo.id,
    image_no: imageNo,
    width: 800,
    height: 800,
    dominant_color: '#C4C4C4',
    dominant_color_opaque: '#C4C4C4',
    url: photo.url,
    is_main: imageNo === 1,
    thumbnails: [
      { type: 'thumb70x100', url: photoUrl(photo.id, '70x100'), width: 70, height: 100, original_size: null },
      { type: 'thumb150x210', url: photoUrl(photo.id, '150x210'), width: 150, height: 210, original_size: null },
    ],
    temp_uuid: inItem ? null : photo.tempUuid,
    is_suspicious: false,
    orientation: 0,
    full_size_url: photoUrl(photo.id, 'f1600'),
  };
}

/** The owner's view of an item: the answer of a create, an edit and `GET /item_upload/items/{id}`. */
export function itemUploadJson(item: FakeVintedItem, photos: FakeVintedPhoto[]) {
  return {
    id: item.id,
    user_id: item.userId,
    title: item.title,
    description: item.description,
    price: item.price,
    currency: item.currency,
    catalog_id: item.catalogId,
    brand_id: item.brandId,
    brand: item.brand,
    size_id: item.sizeId,
    status_id: item.statusId,
    package_size_id: item.packageSizeId,
    color_ids: item.colorIds,
    item_attributes: item.itemAttributes,
    photos: photos.map((p, i) => photoJson(p, i + 1, true)),
    is_hidden: item.isHidden,
    is_draft: false,
    is_closed: false,
    is_reserved: false,
    url: item.url,
  };
}

/**
 * One item of a wardrobe page. It never carries the `temp_uuid` the item was created with (a lost create is
 * found again by its title). Vinted has answered prices both as `{amount, currency_code}` and as a string.
 */
export function wardrobeItemJson(
  item: FakeVintedItem,
  photos: FakeVintedPhoto[],
  owner: { userId: number; login: string },
  priceFormat: 'object' | 'string',
) {
  const photoJsons = photos.map((p, i) => photoJson(p, i + 1, true));
  const price =
    priceFormat === 'object'
      ? { price: { amount: item.price, currency_code: item.currency } }
      : { price: item.price, currency: item.currency };
  return {
    id: item.id,
    title: item.title,
    ...price,
    catalog_id: item.catalogId,
    brand_title: item.brand ?? '',
    size_title: '',
    url: item.url,
    photo: photoJsons[0] ?? null,
    photos: photoJsons,
    is_hidden: item.isHidden,
    is_closed: false,
    is_reserved: false,
    is_draft: false,
    favourite_count: 0,
    view_count: 0,
    user: { id: owner.userId, login: owner.login },
  };
}

const ORDER_STATUS_TEXT = {
  in_progress: 'Commande en cours',
  completed: 'Commande terminée',
  canceled: 'Commande annulée',
} as const;

/** One sale of `GET /api/v2/my_orders`. */
export function orderJson(order: FakeVintedOrder) {
  return {
    transaction_id: order.transactionId,
    conversation_id: order.conversationId,
    item_id: order.itemId,
    title: order.title,
    price: { amount: vintedAmount(order.price), currency_code: order.currency },
    status: ORDER_STATUS_TEXT[order.status],
    transaction_user_status: order.status,
    date: order.date,
    photo: order.photoUrl ? { url: order.photoUrl } : null,
    user: order.buyer ? { id: order.buyer.id, login: order.buyer.login } : null,
  };
}

/** `GET /api/v2/transactions/{id}`: one sale with every item it sold (a bundle sells several). */
export function transactionJson(order: FakeVintedOrder) {
  return {
    id: order.transactionId,
    title: order.title,
    status: ORDER_STATUS_TEXT[order.status],
    transaction_user_status: order.status,
    date: order.date,
    buyer: order.buyer ? { id: order.buyer.id, login: order.buyer.login } : null,
    total_item_price: { amount: vintedAmount(order.price), currency_code: order.currency },
    items: order.items.map((item) => ({
      id: item.itemId,
      title: item.title,
      price: { amount: item.price, currency_code: order.currency },
    })),
  };
}

export function paginationJson(page: number, perPage: number, total: number) {
  return { current_page: page, total_pages: Math.ceil(total / perPage), total_entries: total, per_page: perPage };
}

// ---- messages ----------------------------------------------------------------------------------------------------

export const INBOX_PER_PAGE = { default: 20, max: 50 } as const;
/** What a reply may hold (Vinted's message box). */
export const REPLY_MAX_LENGTH = 2000;

/** One conversation of `GET /api/v2/inbox` (the web app's inbox list), newest activity first. */
export function inboxConversationJson(conversation: FakeVintedConversation, unreadCount: number) {
  const last = conversation.messages.at(-1);
  return {
    id: conversation.id,
    item_count: conversation.itemId === null ? 0 : 1,
    is_unread: unreadCount > 0,
    unread_count: unreadCount,
    updated_at: new Date(conversation.updatedAt).toISOString(),
    description: last ? messageExcerpt(last) : '',
    opposite_user: { id: conversation.otherUser.id, login: conversation.otherUser.login, photo: null },
    item_photos: [],
  };
}

/** `GET /api/v2/conversations/{id}`: the conversation and its messages, oldest first. */
export function conversationJson(conversation: FakeVintedConversation) {
  return {
    id: conversation.id,
    updated_at: new Date(conversation.updatedAt).toISOString(),
    opposite_user: { id: conversation.otherUser.id, login: conversation.otherUser.login, photo: null },
    transaction: conversation.itemId === null ? null : { id: conversation.transactionId, item_id: conversation.itemId },
    messages: conversation.messages.map(conversationMessageJson),
  };
}

/** A message of a conversation: a text (`message`) or a price offered (`offer_request_message`). */
export function conversationMessageJson(message: FakeVintedMessage) {
  const created_at_ts = new Date(message.createdAt).toISOString();
  if (message.kind === 'message') {
    return {
      id: message.id,
      entity_type: 'message',
      entity: { body: message.body, user_id: message.userId, photos: [] },
      created_at_ts,
    };
  }
  return {
    id: message.id,
    entity_type: 'offer_request_message',
    entity: { user_id: message.userId, price: { amount: message.price, currency_code: message.currency } },
    created_at_ts,
  };
}

/** The answer of `POST /api/v2/conversations/{id}/replies`. */
export function replyJson(conversation: FakeVintedConversation, message: FakeVintedMessage) {
  return {
    reply: {
      id: message.id,
      conversation_id: conversation.id,
      body: message.body,
      user_id: message.userId,
      created_at_ts: new Date(message.createdAt).toISOString(),
    },
  };
}

function messageExcerpt(message: FakeVintedMessage): string {
  return message.kind === 'offer' ? `${message.price} ${message.currency}` : message.body.slice(0, 100);
}
