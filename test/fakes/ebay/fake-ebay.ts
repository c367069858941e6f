import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { generateKeyPairSync, KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import { contracts, match, MountedContract } from './ebay-contract';
import {
  CategoryRow,
  defaultAspects,
  EbayErrorBody,
  ebayError,
  FakeAspect,
  MARKETPLACES,
  TREE_IDS,
} from './ebay-facts';

/** A fault the next matching calls meet (`operation` is an operationId, or `token` for the token endpoint). */
export interface EbayFault {
  operation: string;
  status?: number;
  errorId?: number;
  body?: unknown;
  retryAfterSeconds?: number;
  /** Apply the call, then close the connection without an answer (the caller cannot know it worked). */
  lose?: boolean;
  delayMs?: number;
  /** Calls it applies to; Infinity until `clearFaults()`. */
  times?: number;
  seller?: string;
}

export interface FakeCall {
  method: string;
  path: string;
  operationId: string;
  seller: string;
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
}

interface Item {
  sku: string;
  language: string;
  body: {
    condition?: string;
    availability?: { shipToLocationAvailability?: { quantity?: number } };
    product?: Record<string, unknown>;
  };
}

export interface FakeOffer {
  offerId: string;
  sku: string;
  marketplaceId: string;
  format: string;
  status: 'PUBLISHED' | 'UNPUBLISHED';
  body: Record<string, unknown>;
  listingId?: string;
}

export interface FakeListing {
  listingId: string;
  offerId: string;
  sku: string;
  marketplaceId: string;
  status: 'ACTIVE' | 'ENDED';
  quantity: number;
  title: string;
  price: string;
  revisions: number;
  /** Units bought (addOrder); eBay reports it as `soldQuantity` on the offer. */
  sold: number;
  url: string;
}

export interface FakeOrder {
  orderId: string;
  creationDate: string;
  lastModifiedDate: string;
  orderPaymentStatus: string;
  orderFulfillmentStatus: string;
  cancelStatus: { cancelState: string; cancelRequests: unknown[] };
  buyer: { username: string };
  pricingSummary: { total: { value: string; currency: string } };
  lineItems: {
    lineItemId: string;
    sku?: string;
    title: string;
    quantity: number;
    legacyItemId?: string;
    lineItemCost: { value: string; currency: string };
    total: { value: string; currency: string };
  }[];
}

interface Seller {
  username: string;
  userId: string;
  optedIn: boolean;
  optInAsked: boolean;
  scopes: string[];
  refreshToken: string;
  refreshRevoked: boolean;
  locations: Map<string, unknown>;
  items: Map<string, Item>;
  offers: Map<string, FakeOffer>;
  listings: Map<string, FakeListing>;
  orders: FakeOrder[];
  /** Policy ids per marketplace. */
  policies: Record<string, { fulfillment: string; payment: string; return: string }>;
}

interface Token {
  kind: 'user' | 'app';
  seller?: Seller;
  expiresAt: number;
  scopes: string[];
}

const SCOPE = 'https://api.ebay.com/oauth/api_scope';
const KNOWN_SCOPES = new Set([
  SCOPE,
  ...['sell.inventory', 'sell.account', 'sell.fulfillment', 'commerce.identity.readonly'].flatMap((s) => [
    `${SCOPE}/${s}`,
    `${SCOPE}/${s.replace('.readonly', '')}.readonly`,
  ]),
  `${SCOPE}/commerce.notification.subscription`,
]);
/** The scope each API's operations need (a `.readonly` one suffices for reads). */
const NEEDED: Record<string, string> = {
  'sell_inventory_v1_oas3.json': 'sell.inventory',
  'sell_account_v1_oas3.json': 'sell.account',
  'sell_fulfillment_v1_oas3.json': 'sell.fulfillment',
};
const APP_APIS = new Set(['commerce_taxonomy_v1_oas3.yaml', 'commerce_notification_v1_oas3.json']);

export interface FakeEbayOptions {
  clientId?: string;
  clientSecret?: string;
  ruName?: string;
  /** Where the consent page sends the seller back (the RuName's "auth accepted" URL). */
  acceptedUrl?: string;
  /** Fetch the item's photos on publish, as eBay does (default on): an unreachable one is refused (25014). */
  imageCheck?: boolean;
}

/**
 * A stateful fake of eBay's REST APIs, consent page and token endpoint on loopback (EBAY.md): every REST call is
 * checked against eBay's own OpenAPI documents (violations are kept in `violations`, and answered 400 like eBay),
 * tokens and Basic auth are checked, inventory items, offers, listings and orders are kept, answers carry eBay's
 * error bodies and ids, and faults are injected on demand.
 */
export class FakeEbay {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly ruName: string;
  acceptedUrl: string;
  readonly imageCheck: boolean;
  readonly calls: FakeCall[] = [];
  readonly violations: string[] = [];
  /** Bumped to make Taxonomy answer a new tree version. */
  treeVersion = 130;
  private readonly sellers = new Map<string, Seller>();
  private readonly tokens = new Map<string, Token>();
  private readonly codes = new Map<string, { seller: Seller; redirectUri: string; scopes: string[]; used: boolean }>();
  private readonly aspects = new Map<string, FakeAspect[]>();
  private faults: (EbayFault & { left: number })[] = [];
  private readonly keyId = randomUUID();
  private readonly keys: { privateKey: KeyObject; publicKey: KeyObject };
  private server!: Server;
  private mounted!: MountedContract[];
  private base = '';
  private nextId = 100_000_000_000;

  private constructor(
    options: FakeEbayOptions,
    private readonly categories: CategoryRow[],
  ) {
    this.clientId = options.clientId ?? 'stoflow-test-client';
    this.clientSecret = options.clientSecret ?? 'stoflow-test-secret';
    this.ruName = options.ruName ?? 'StoFlow-Test-RuName';
    this.acceptedUrl = options.acceptedUrl ?? 'http://127.0.0.1/accepted';
    this.imageCheck = options.imageCheck ?? true;
    this.keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  }

  static async start(options: FakeEbayOptions = {}): Promise<FakeEbay> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const categories = require('./categories.json') as CategoryRow[];
    const fake = new FakeEbay(options, categories);
    fake.mounted = await contracts();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** `EBAY_API_BASE_URL` */
  get apiBaseUrl(): string {
    return this.base;
  }

  /** `EBAY_AUTH_BASE_URL` (the same server answers the consent page). */
  get authBaseUrl(): string {
    return this.base;
  }

  /** The settings that point an app at this fake. */
  env(): Record<string, string> {
    return {
      EBAY_API_BASE_URL: this.apiBaseUrl,
      EBAY_AUTH_BASE_URL: this.authBaseUrl,
      EBAY_CLIENT_ID: this.clientId,
      EBAY_CLIENT_SECRET: this.clientSecret,
      EBAY_RU_NAME: this.ruName,
    };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- sellers, consent -------------------------------------------------------------------------------------

  addSeller(options: { username: string; userId?: string; optedIn?: boolean; scopes?: string[] }): void {
    const policies: Seller['policies'] = {};
    for (const id of Object.keys(MARKETPLACES)) {
      const n = this.id();
      policies[id] = { fulfillment: `F${n}`, payment: `P${n}`, return: `R${n}` };
    }
    this.sellers.set(options.username, {
      username: options.username,
      userId: options.userId ?? `u${randomBytes(6).toString('hex')}`,
      optedIn: options.optedIn ?? true,
      optInAsked: false,
      scopes: options.scopes ?? [...KNOWN_SCOPES],
      refreshToken: '',
      refreshRevoked: false,
      locations: new Map(),
      items: new Map(),
      offers: new Map(),
      listings: new Map(),
      orders: [],
      policies,
    });
  }

  policiesOf(username: string, marketplaceId: string): { fulfillment: string; payment: string; return: string } {
    return this.seller(username).policies[marketplaceId];
  }

  userIdOf(username: string): string {
    return this.seller(username).userId;
  }

  /**
   * The seller's browser on the consent page: answers what eBay's redirect to the accepted URL carries (a code
   * and the state, or `error=access_denied` when declined). Checks the page's query as eBay does.
   */
  async consent(
    authorizationUrl: string,
    username: string,
    options: { decline?: boolean } = {},
  ): Promise<{ code?: string; state?: string; error?: string }> {
    const url = new URL(authorizationUrl);
    url.searchParams.set('fake_seller', username);
    if (options.decline) url.searchParams.set('fake_decline', '1');
    const res = await fetch(url, { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`consent page answered ${res.status}: ${await res.text()}`);
    const back = new URL(res.headers.get('location')!);
    const get = (name: string) => back.searchParams.get(name) ?? undefined;
    return { code: get('code'), state: get('state'), error: get('error') };
  }

  completeOptIn(username: string): void {
    const seller = this.seller(username);
    seller.optedIn = true;
  }

  expireAccessTokens(username: string): void {
    for (const token of this.tokens.values()) if (token.seller?.username === username) token.expiresAt = 0;
  }

  revokeRefreshToken(username: string): void {
    this.seller(username).refreshRevoked = true;
    this.expireAccessTokens(username);
  }

  // --- faults, inspection -------------------------------------------------------------------------------------

  fault(fault: EbayFault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  callsOf(operationId: string, seller?: string): FakeCall[] {
    return this.calls.filter((c) => c.operationId === operationId && (!seller || c.seller === seller));
  }

  items(username: string): Item[] {
    return [...this.seller(username).items.values()];
  }

  offers(username: string): FakeOffer[] {
    return [...this.seller(username).offers.values()];
  }

  listings(username: string): FakeListing[] {
    return [...this.seller(username).listings.values()];
  }

  locations(username: string): string[] {
    return [...this.seller(username).locations.keys()];
  }

  setAspects(categoryId: string, aspects: FakeAspect[]): void {
    this.aspects.set(categoryId, aspects);
  }

  // --- orders ------------------------------------------------------------------------------------------------

  /** A buyer buys: the order is kept, and a listing of a sold SKU loses the units (it ends at 0). */
  addOrder(
    username: string,
    order: {
      orderId?: string;
      buyer?: string;
      lineItems: {
        sku?: string;
        quantity?: number;
        lineItemId?: string;
        value?: string;
        currency?: string;
        title?: string;
      }[];
    },
  ): FakeOrder {
    const seller = this.seller(username);
    const now = new Date().toISOString();
    const lines = order.lineItems.map((line) => {
      const listing = [...seller.listings.values()].find((l) => l.sku === line.sku && l.status === 'ACTIVE');
      const quantity = line.quantity ?? 1;
      const value = line.value ?? listing?.price ?? '10.00';
      const currency = line.currency ?? (listing ? MARKETPLACES[listing.marketplaceId].currency : 'EUR');
      if (listing) {
        listing.sold += quantity;
        listing.quantity = Math.max(0, listing.quantity - quantity);
        if (listing.quantity === 0) listing.status = 'ENDED';
      }
      return {
        lineItemId: line.lineItemId ?? String(this.id()),
        sku: line.sku,
        title: line.title ?? listing?.title ?? 'An item',
        quantity,
        legacyItemId: listing?.listingId,
        lineItemCost: { value, currency },
        total: { value, currency },
      };
    });
    const total = lines.reduce((sum, l) => sum + Number(l.total.value), 0).toFixed(2);
    const created: FakeOrder = {
      orderId: order.orderId ?? `${this.id()}-${this.id()}`,
      creationDate: now,
      lastModifiedDate: now,
      orderPaymentStatus: 'PAID',
      orderFulfillmentStatus: 'NOT_STARTED',
      cancelStatus: { cancelState: 'NONE_REQUESTED', cancelRequests: [] },
      buyer: { username: order.buyer ?? 'a_buyer' },
      pricingSummary: { total: { value: total, currency: lines[0]?.total.currency ?? 'EUR' } },
      lineItems: lines,
    };
    seller.orders.push(created);
    return created;
  }

  cancelOrder(username: string, orderId: string): void {
    const order = this.seller(username).orders.find((o) => o.orderId === orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    order.cancelStatus.cancelState = 'CANCELED';
    order.lastModifiedDate = new Date().toISOString();
  }

  // --- account deletion ----------------------------------------------------------------------------------------

  /** A Marketplace Account Deletion notice for the seller, signed as eBay signs them. */
  deletionNotice(username: string, notificationId = randomUUID()): { body: string; headers: Record<string, string> } {
    return this.notice(username, notificationId, this.keys.privateKey);
  }

  /** The same notice signed with a key that is not eBay's. */
  forgedDeletionNotice(username: string): { body: string; headers: Record<string, string> } {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    return this.notice(username, randomUUID(), other);
  }

  private notice(username: string, notificationId: string, key: KeyObject) {
    const seller = this.seller(username);
    const now = new Date().toISOString();
    const body = JSON.stringify({
      metadata: { topic: 'MARKETPLACE_ACCOUNT_DELETION', schemaVersion: '1.0', deprecated: false },
      notification: {
        notificationId,
        eventDate: now,
        publishDate: now,
        publishAttemptCount: 1,
        data: { username: seller.username, userId: seller.userId, eiasToken: randomBytes(12).toString('base64') },
      },
    });
    const signature = sign('sha1', Buffer.from(body), key).toString('base64');
    const header = Buffer.from(JSON.stringify({ alg: 'ECDSA', kid: this.keyId, signature, digest: 'SHA1' })).toString(
      'base64',
    );
    return { body, headers: { 'content-type': 'application/json', 'x-ebay-signature': header } };
  }

  // --- the server ----------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readBody(req);
    try {
      if (req.method === 'GET' && url.pathname === '/oauth2/authorize') return this.authorize(url, res);
      if (req.method === 'POST' && url.pathname === '/identity/v1/oauth2/token') return await this.token(req, raw, res);
      if (req.method === 'GET' && url.pathname === '/commerce/identity/v1/user/') return this.identity(req, res);
      await this.rest(req, url, raw, res);
    } catch (error) {
      send(res, 500, ebayError(25001, 'System error', String(error)));
    }
  }

  private authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const seller = this.sellers.get(q.get('fake_seller') ?? '');
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
    const problem =
      q.get('client_id') !== this.clientId
        ? 'unknown client_id'
        : q.get('redirect_uri') !== this.ruName
          ? 'redirect_uri must be the RuName'
          : q.get('response_type') !== 'code'
            ? 'response_type must be code'
            : scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))
              ? 'unknown scope'
              : !seller
                ? 'no such seller'
                : undefined;
    if (problem) {
      this.violations.push(`consent page: ${problem}`);
      send(res, 400, { error: 'invalid_request', error_description: problem });
      return;
    }
    const back = new URL(this.acceptedUrl);
    if (q.get('state') !== null) back.searchParams.set('state', q.get('state')!);
    if (q.get('fake_decline')) back.searchParams.set('error', 'access_denied');
    else {
      const code = `v^1.1#i^1#${randomBytes(24).toString('base64url')}`;
      this.codes.set(code, { seller: seller!, redirectUri: q.get('redirect_uri')!, scopes, used: false });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.toString() }).end();
  }

  private async token(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const fault = this.takeFault('token', undefined);
    if (fault && (await this.applyFault(fault, res, 'token', 'app'))) return;
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    const at = Date.now();
    const record = (status: number, seller = 'app') =>
      this.calls.push({ method: 'POST', path: '/identity/v1/oauth2/token', operationId: 'token', seller, status, at });
    if (req.headers.authorization !== expected) {
      record(401);
      return send(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
    }
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      this.violations.push('token endpoint: body must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(raw);
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') {
      const token = this.mint({ kind: 'app', scopes: [SCOPE] });
      record(200);
      return send(res, 200, { access_token: token, expires_in: 7200, token_type: 'Application Access Token' });
    }
    if (grant === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.used || code.redirectUri !== form.get('redirect_uri')) {
        record(400);
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'the provided authorization grant code is invalid or was issued to another client',
        });
      }
      code.used = true;
      code.seller.refreshToken = `v^1.1#r^1#${randomBytes(24).toString('base64url')}`;
      code.seller.refreshRevoked = false;
      const token = this.mint({ kind: 'user', seller: code.seller, scopes: code.scopes });
      record(200, code.seller.username);
      return send(res, 200, {
        access_token: token,
        expires_in: 7200,
        refresh_token: code.seller.refreshToken,
        refresh_token_expires_in: 47304000,
        token_type: 'User Access Token',
      });
    }
    if (grant === 'refresh_token') {
      const seller = [...this.sellers.values()].find(
        (s) => s.refreshToken && s.refreshToken === form.get('refresh_token'),
      );
      if (!seller || seller.refreshRevoked) {
        record(400, seller?.username);
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'the provided authorization refresh token is invalid or was issued to another client',
        });
      }
      const asked = form.get('scope');
      if (asked && asked.split(' ').some((s) => !seller.scopes.includes(s))) {
        record(400, seller.username);
        return send(res, 400, { error: 'invalid_scope', error_description: 'the requested scope is invalid' });
      }
      const token = this.mint({ kind: 'user', seller, scopes: seller.scopes });
      record(200, seller.username);
      return send(res, 200, { access_token: token, expires_in: 7200, token_type: 'User Access Token' });
    }
    record(400);
    send(res, 400, { error: 'unsupported_grant_type', error_description: `grant_type ${grant}` });
  }

  private identity(req: IncomingMessage, res: ServerResponse): void {
    const token = this.bearer(req);
    if (!token || token.kind !== 'user')
      return send(res, 401, ebayError(1001, 'Invalid access token', undefined, 'OAuth'));
    send(res, 200, { userId: token.seller!.userId, username: token.seller!.username, accountType: 'INDIVIDUAL' });
  }

  private async rest(req: IncomingMessage, url: URL, raw: string, res: ServerResponse): Promise<void> {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${req.method} ${url.pathname}: body is not JSON`);
        return send(res, 400, ebayError(2004, 'Invalid request', 'The request body is not JSON'));
      }
    }
    const found = match(this.mounted, {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });
    if (!found) {
      this.violations.push(`${req.method} ${url.pathname}: no such operation in eBay's documents`);
      return send(res, 404, ebayError(2002, 'Resource not found'));
    }
    const token = this.bearer(req);
    const who = token?.seller?.username ?? 'app';
    const at = Date.now();
    const record = (status: number) =>
      this.calls.push({
        method: req.method!,
        path: url.pathname,
        operationId: found.operationId,
        seller: who,
        status,
        at,
      });

    if (!token) {
      record(401);
      return send(
        res,
        401,
        ebayError(
          1001,
          'Invalid access token',
          'Invalid access token. Check the value of the Authorization HTTP request header.',
          'OAuth',
        ),
      );
    }
    const needsApp = APP_APIS.has(found.contract.name);
    const scope = NEEDED[found.contract.name];
    if ((needsApp && !token.scopes.includes(SCOPE)) || (scope && !hasScope(token, scope, req.method === 'GET'))) {
      record(403);
      return send(
        res,
        403,
        ebayError(1100, 'Access denied', 'Insufficient permissions to fulfill the request.', 'ACCESS'),
      );
    }
    if (!needsApp && token.kind !== 'user') {
      record(403);
      return send(res, 403, ebayError(1100, 'Access denied', 'This call needs a user token.', 'ACCESS'));
    }
    if (found.errors.length) {
      this.violations.push(`${req.method} ${url.pathname} (${found.operationId}): ${found.errors.join('; ')}`);
      record(400);
      return send(res, 400, ebayError(2004, 'Invalid request', found.errors.join('; ')));
    }
    const fault = this.takeFault(found.operationId, token.seller?.username);
    if (fault && fault.lose === undefined && (await this.applyFault(fault, res, found.operationId, who))) return;

    if (found.operationId === 'publishOffer' && this.imageCheck) {
      const unreachable = await this.unreachablePhoto(token.seller!, found.params.offerId);
      if (unreachable) {
        record(400);
        return send(
          res,
          400,
          ebayError(25014, `The picture URL ${unreachable} could not be fetched`, undefined, 'API_INVENTORY', [
            { name: 'imageUrls', value: unreachable },
          ]),
        );
      }
    }
    const answer = this.operate(
      found.operationId,
      found.params,
      Object.fromEntries(url.searchParams),
      body,
      token,
      headers,
    );
    record(answer.status);
    if (fault?.lose) {
      // Applied, but the answer never reaches the caller.
      res.socket?.destroy();
      return;
    }
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    send(res, answer.status, answer.body);
  }

  /** eBay copies the photos when it publishes: each URL must answer an image. */
  private async unreachablePhoto(seller: Seller, offerId: string): Promise<string | undefined> {
    const offer = seller.offers.get(offerId);
    const urls = (offer && (seller.items.get(offer.sku)?.body.product?.imageUrls as string[] | undefined)) ?? [];
    for (const url of urls) {
      const ok = await fetch(url)
        .then(
          async (r) =>
            r.ok &&
            (r.headers.get('content-type') ?? '').startsWith('image/') &&
            (await r.arrayBuffer()).byteLength > 0,
        )
        .catch(() => false);
      if (!ok) return url;
    }
    return undefined;
  }

  /** Answers the faults that replace the answer; a `delayMs`-only fault answers normally, later. */
  private async applyFault(fault: EbayFault, res: ServerResponse, operationId: string, who: string): Promise<boolean> {
    if (!fault.status) return false;
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    this.calls.push({ method: '?', path: '?', operationId, seller: who, status: fault.status, at: Date.now() });
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    const body =
      fault.body ??
      (fault.status === 429
        ? ebayError(
            fault.errorId ?? 2001,
            'Too many requests',
            'The request limit has been reached for the resource.',
            'ACCESS',
          )
        : fault.status === 401
          ? ebayError(fault.errorId ?? 1001, 'Invalid access token', undefined, 'OAuth')
          : ebayError(
              fault.errorId ?? 25001,
              fault.status >= 500 ? 'A system error has occurred.' : 'The request was refused.',
            ));
    send(res, fault.status, body, headers);
    return true;
  }

  private takeFault(operation: string, seller: string | undefined): EbayFault | undefined {
    const fault = this.faults.find(
      (f) => f.operation === operation && f.left > 0 && (!f.seller || f.seller === seller),
    );
    if (fault) fault.left -= 1;
    return fault;
  }

  // --- operations ------------------------------------------------------------------------------------------------

  private operate(
    op: string,
    params: Record<string, string>,
    query: Record<string, string>,
    body: unknown,
    token: Token,
    headers: Record<string, string>,
  ): { status: number; body?: unknown } {
    const seller = token.seller!;
    const b = (body ?? {}) as Record<string, unknown>;
    switch (op) {
      // Account
      case 'getOptedInPrograms':
        return {
          status: 200,
          body: { programs: seller.optedIn ? [{ programType: 'SELLING_POLICY_MANAGEMENT' }] : [] },
        };
      case 'optInToProgram':
        seller.optInAsked = true;
        return { status: 200, body: {} };
      case 'getFulfillmentPolicies':
      case 'getPaymentPolicies':
      case 'getReturnPolicies':
        return this.policies(op, seller, query.marketplace_id);
      // Inventory
      case 'createInventoryLocation':
        if (seller.locations.has(params.merchantLocationKey)) {
          return {
            status: 409,
            body: ebayError(25803, 'merchantLocationKey already exists', undefined, 'API_INVENTORY', [
              { name: 'merchantLocationKey', value: params.merchantLocationKey },
            ]),
          };
        }
        seller.locations.set(params.merchantLocationKey, body);
        return { status: 204 };
      case 'createOrReplaceInventoryItem':
        return this.putItem(seller, params.sku, b, headers['content-language']);
      case 'getInventoryItem': {
        const item = seller.items.get(params.sku);
        return item
          ? { status: 200, body: { sku: item.sku, ...item.body } }
          : { status: 404, body: ebayError(25702, 'SKU could not be found') };
      }
      case 'getOffers':
        return this.getOffers(seller, query);
      case 'createOffer':
        return this.createOffer(seller, b);
      case 'getOffer': {
        const offer = seller.offers.get(params.offerId);
        return offer
          ? { status: 200, body: offerView(offer, seller) }
          : { status: 404, body: ebayError(25713, 'This Offer is not available.') };
      }
      case 'updateOffer':
        return this.updateOffer(seller, params.offerId, b);
      case 'publishOffer':
        return this.publish(seller, params.offerId);
      case 'withdrawOffer':
        return this.withdraw(seller, params.offerId);
      case 'deleteOffer': {
        const offer = seller.offers.get(params.offerId);
        if (!offer) return { status: 404, body: ebayError(25713, 'This Offer is not available.') };
        if (offer.listingId) this.endListing(seller, offer.listingId);
        seller.offers.delete(offer.offerId);
        return { status: 204 };
      }
      // Fulfillment
      case 'getOrders':
        return this.getOrders(seller, query);
      case 'getOrder': {
        const order = seller.orders.find((o) => o.orderId === params.orderId);
        return order ? { status: 200, body: order } : { status: 404, body: ebayError(32100, 'Invalid order ID') };
      }
      // Taxonomy
      case 'getDefaultCategoryTreeId': {
        const id = TREE_IDS[query.marketplace_id];
        if (!id) return { status: 400, body: ebayError(62003, 'The specified marketplace ID was not found.') };
        return { status: 200, body: { categoryTreeId: id, categoryTreeVersion: String(this.treeVersion) } };
      }
      case 'getCategorySuggestions':
        return this.suggest(query.q ?? '');
      case 'getItemAspectsForCategory':
        return this.itemAspects(query.category_id ?? '');
      // Notification
      case 'getPublicKey':
        if (params.public_key_id !== this.keyId) {
          return {
            status: 404,
            body: ebayError(195001, 'The specified key id is invalid.', undefined, 'API_NOTIFICATION'),
          };
        }
        return {
          status: 200,
          body: {
            algorithm: 'ECDSA',
            digest: 'SHA1',
            key: (this.keys.publicKey.export({ type: 'spki', format: 'pem' }) as string).replace(/\n/g, ''),
          },
        };
      default:
        return { status: 501, body: ebayError(2003, `The fake does not implement ${op}`) };
    }
  }

  private policies(op: string, seller: Seller, marketplaceId: string | undefined) {
    if (!seller.optedIn) {
      return {
        status: 400,
        body: ebayError(20403, 'User is not eligible for Business Policy.', undefined, 'API_ACCOUNT'),
      };
    }
    const ids = marketplaceId ? seller.policies[marketplaceId] : undefined;
    if (!ids) return { status: 400, body: ebayError(20401, 'Invalid marketplace id') };
    const [field, idField, id, name] =
      op === 'getFulfillmentPolicies'
        ? ['fulfillmentPolicies', 'fulfillmentPolicyId', ids.fulfillment, 'Colissimo 48h']
        : op === 'getPaymentPolicies'
          ? ['paymentPolicies', 'paymentPolicyId', ids.payment, 'Managed payments']
          : ['returnPolicies', 'returnPolicyId', ids.return, '30 days, buyer pays'];
    return { status: 200, body: { total: 1, [field]: [{ [idField]: id, name, marketplaceId, description: name }] } };
  }

  private putItem(seller: Seller, sku: string, body: Record<string, unknown>, language: string) {
    if (!/^[A-Za-z0-9]{1,50}$/.test(sku)) {
      return {
        status: 400,
        body: ebayError(
          25707,
          'This is an invalid value for a SKU. Only alphanumeric characters can be used for SKUs, and their length must not exceed 50 characters',
          undefined,
          'API_INVENTORY',
          [{ name: 'sku', value: sku }],
        ),
      };
    }
    if (
      ![
        'NEW',
        'NEW_OTHER',
        'NEW_WITH_DEFECTS',
        'LIKE_NEW',
        'PRE_OWNED_EXCELLENT',
        'USED_EXCELLENT',
        'PRE_OWNED_FAIR',
        'USED_VERY_GOOD',
        'USED_GOOD',
        'USED_ACCEPTABLE',
        'FOR_PARTS_OR_NOT_WORKING',
        undefined,
      ].includes(body.condition as string | undefined)
    ) {
      return { status: 400, body: { errors: [{ message: 'Could not serialize field [condition]' }] } };
    }
    const item: Item = { sku, language, body: body as Item['body'] };
    seller.items.set(sku, item);
    // A published offer of this SKU is revised at once: the listing follows the item.
    for (const offer of seller.offers.values()) {
      if (offer.sku !== sku || !offer.listingId) continue;
      const listing = seller.listings.get(offer.listingId);
      if (!listing || listing.status !== 'ACTIVE') continue;
      listing.revisions += 1;
      listing.title = String(item.body.product?.title ?? listing.title);
      listing.quantity = Math.min(quantityOf(item), Number(offer.body.availableQuantity ?? quantityOf(item)));
      if (listing.quantity === 0) listing.status = 'ENDED';
    }
    return { status: 204 };
  }

  private getOffers(seller: Seller, query: Record<string, string>) {
    const offers = [...seller.offers.values()].filter(
      (o) => o.sku === query.sku && (!query.marketplace_id || o.marketplaceId === query.marketplace_id),
    );
    if (!/^[A-Za-z0-9]{1,50}$/.test(query.sku ?? '')) {
      return { status: 400, body: ebayError(25707, 'This is an invalid value for a SKU.') };
    }
    if (offers.length === 0) return { status: 404, body: ebayError(25713, 'This Offer is not available.') };
    return {
      status: 200,
      body: { total: offers.length, size: offers.length, offers: offers.map((o) => offerView(o, seller)) },
    };
  }

  private createOffer(seller: Seller, body: Record<string, unknown>) {
    const sku = String(body.sku);
    const existing = [...seller.offers.values()].find(
      (o) => o.sku === sku && o.marketplaceId === body.marketplaceId && o.format === body.format,
    );
    if (existing) {
      return {
        status: 400,
        body: ebayError(25002, 'A user error has occurred. Offer entity already exists.', undefined, 'API_INVENTORY', [
          { name: 'offerId', value: existing.offerId },
        ]),
      };
    }
    if (!seller.items.has(sku)) {
      return {
        status: 400,
        body: ebayError(25702, `SKU ${sku} is not available in the system`, undefined, 'API_INVENTORY', [
          { name: 'sku', value: sku },
        ]),
      };
    }
    const offer: FakeOffer = {
      offerId: String(this.id()),
      sku,
      marketplaceId: String(body.marketplaceId),
      format: String(body.format),
      status: 'UNPUBLISHED',
      body,
    };
    seller.offers.set(offer.offerId, offer);
    return { status: 201, body: { offerId: offer.offerId } };
  }

  private updateOffer(seller: Seller, offerId: string, body: Record<string, unknown>) {
    const offer = seller.offers.get(offerId);
    if (!offer) return { status: 404, body: ebayError(25713, 'This Offer is not available.') };
    if (offer.status === 'PUBLISHED' && !body.listingDescription) {
      return {
        status: 400,
        body: ebayError(25016, 'The listingDescription is required for a published offer', undefined, 'API_INVENTORY', [
          { name: 'listingDescription', value: '' },
        ]),
      };
    }
    offer.body = { ...body, sku: offer.sku, marketplaceId: offer.marketplaceId, format: offer.format };
    const listing = offer.listingId ? seller.listings.get(offer.listingId) : undefined;
    if (listing?.status === 'ACTIVE') {
      if (listing.revisions >= 250) {
        return {
          status: 400,
          body: ebayError(25019, 'This listing cannot be revised: it was revised 250 times today'),
        };
      }
      listing.revisions += 1;
      listing.price = priceOf(offer);
      const item = seller.items.get(offer.sku);
      listing.quantity = Math.min(item ? quantityOf(item) : 0, Number(body.availableQuantity ?? 0));
    }
    return { status: 204 };
  }

  private publish(seller: Seller, offerId: string) {
    const offer = seller.offers.get(offerId);
    if (!offer) return { status: 404, body: ebayError(25713, 'This Offer is not available.') };
    const item = seller.items.get(offer.sku);
    const b = offer.body as {
      categoryId?: string;
      merchantLocationKey?: string;
      pricingSummary?: { price?: { value?: string; currency?: string } };
      listingPolicies?: { fulfillmentPolicyId?: string; paymentPolicyId?: string; returnPolicyId?: string };
    };
    const policies = seller.policies[offer.marketplaceId];
    const missing = (errorId: number, message: string, name: string) => ({
      status: 400,
      body: ebayError(errorId, message, undefined, 'API_INVENTORY', [{ name, value: name }]),
    });
    if (!item) return missing(25702, 'The SKU has no inventory item', 'sku');
    if (!b.categoryId) return missing(25005, 'The category ID is missing', 'categoryId');
    if (!b.pricingSummary?.price?.value) return missing(25021, 'The price is missing', 'price');
    if (b.pricingSummary.price.currency !== MARKETPLACES[offer.marketplaceId]?.currency) {
      return missing(25021, "The currency is not the marketplace's", 'currency');
    }
    if (b.listingPolicies?.fulfillmentPolicyId !== policies.fulfillment)
      return missing(
        25007,
        'Please add at least one valid shipping service option to your listing.',
        'fulfillmentPolicyId',
      );
    if (b.listingPolicies?.paymentPolicyId !== policies.payment)
      return missing(25008, 'The payment policy is invalid', 'paymentPolicyId');
    if (b.listingPolicies?.returnPolicyId !== policies.return)
      return missing(25009, 'The return policy is invalid', 'returnPolicyId');
    if (!b.merchantLocationKey || !seller.locations.has(b.merchantLocationKey)) {
      return missing(25012, 'No Item.Country exists or the merchant location is unknown', 'merchantLocationKey');
    }
    const product = item.body.product ?? {};
    if (!Array.isArray(product.imageUrls) || product.imageUrls.length === 0)
      return missing(25014, 'The pictures are invalid: at least one is needed', 'imageUrls');
    if (!item.body.condition) return missing(25021, 'The item condition is missing', 'condition');
    if (String(product.title ?? '').length === 0 || String(product.title).length > 80)
      return missing(25015, 'The title is missing or longer than 80 characters', 'title');
    if (quantityOf(item) < 1) return missing(25021, 'The quantity must be at least 1', 'availableQuantity');
    const leaf = this.categories.find((c) => String(c.ebayCategoryId) === String(b.categoryId));
    if (!leaf?.ebayLeaf) return missing(25005, 'The category is not a leaf category', 'categoryId');
    if (offer.status === 'PUBLISHED' && offer.listingId) {
      return { status: 200, body: { listingId: offer.listingId, warnings: [] } };
    }
    const listingId = String(this.id());
    offer.status = 'PUBLISHED';
    offer.listingId = listingId;
    seller.listings.set(listingId, {
      listingId,
      offerId,
      sku: offer.sku,
      marketplaceId: offer.marketplaceId,
      status: 'ACTIVE',
      quantity: Math.min(
        quantityOf(item),
        Number((offer.body as { availableQuantity?: number }).availableQuantity ?? quantityOf(item)),
      ),
      title: String(product.title),
      price: priceOf(offer),
      revisions: 0,
      sold: 0,
      url: `https://${MARKETPLACES[offer.marketplaceId].site}/itm/${listingId}`,
    });
    return { status: 200, body: { listingId, warnings: [] } };
  }

  private withdraw(seller: Seller, offerId: string) {
    const offer = seller.offers.get(offerId);
    if (!offer || offer.status !== 'PUBLISHED' || !offer.listingId) {
      return { status: 400, body: ebayError(25713, 'This Offer is not available.') };
    }
    const listingId = offer.listingId;
    this.endListing(seller, listingId);
    offer.status = 'UNPUBLISHED';
    offer.listingId = undefined;
    return { status: 200, body: { listingId, warnings: [] } };
  }

  private endListing(seller: Seller, listingId: string): void {
    const listing = seller.listings.get(listingId);
    if (listing) listing.status = 'ENDED';
  }

  private getOrders(seller: Seller, query: Record<string, string>) {
    const limit = Math.min(200, Number(query.limit ?? 50));
    const offset = Number(query.offset ?? 0);
    let orders = seller.orders;
    const filter = /lastmodifieddate:\[([^\]]*?)\.\.([^\]]*)\]/.exec(query.filter ?? '');
    if (query.filter && !filter) return { status: 400, body: ebayError(30700, 'Invalid filter') };
    if (filter) {
      const from = filter[1] ? Date.parse(filter[1]) : 0;
      const to = filter[2] ? Date.parse(filter[2]) : Infinity;
      if (Number.isNaN(from) || Number.isNaN(to)) return { status: 400, body: ebayError(30700, 'Invalid filter date') };
      orders = orders.filter((o) => Date.parse(o.lastModifiedDate) >= from && Date.parse(o.lastModifiedDate) <= to);
    }
    const page = orders.slice(offset, offset + limit);
    return {
      status: 200,
      body: {
        href: '',
        total: orders.length,
        limit,
        offset,
        orders: page.map((o) => ({ ...o, cancelStatus: { ...o.cancelStatus, cancelRequests: [] } })),
        ...(offset + limit < orders.length ? { next: `?offset=${offset + limit}&limit=${limit}` } : {}),
      },
    };
  }

  private suggest(q: string) {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return { status: 400, body: ebayError(62007, 'Missing q') };
    const scored = this.categories
      .filter((c) => c.ebayLeaf)
      .map((c) => {
        const text = `${c.name} ${c.ebayPathUS ?? ''}`.toLowerCase();
        return { c, score: words.filter((w) => text.includes(w)).length };
      })
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    return {
      status: 200,
      body: {
        categorySuggestions: scored.map(({ c }) => {
          const path = (c.ebayPathUS ?? c.name).split(' > ');
          return {
            category: { categoryId: String(c.ebayCategoryId), categoryName: path[path.length - 1] },
            categoryTreeNodeAncestors: path
              .slice(0, -1)
              .reverse()
              .map((name, i) => ({ categoryName: name, categoryTreeNodeLevel: path.length - 1 - i })),
            categoryTreeNodeLevel: path.length,
          };
        }),
      },
    };
  }

  private itemAspects(categoryId: string) {
    const category = this.categories.find((c) => String(c.ebayCategoryId) === categoryId);
    if (!category) return { status: 400, body: ebayError(62005, 'The category is not in this tree') };
    if (!category.ebayLeaf) return { status: 400, body: ebayError(62009, 'The category is not a leaf category') };
    return { status: 200, body: { categoryId, aspects: this.aspects.get(categoryId) ?? defaultAspects(category) } };
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  private seller(username: string): Seller {
    const seller = this.sellers.get(username);
    if (!seller) throw new Error(`no eBay seller ${username}`);
    return seller;
  }

  private mint(token: Omit<Token, 'expiresAt'>): string {
    const value = `v^1.1#i^1#${randomBytes(32).toString('base64url')}`;
    this.tokens.set(value, { ...token, expiresAt: Date.now() + 7200 * 1000 });
    return value;
  }

  private bearer(req: IncomingMessage): Token | undefined {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return undefined;
    const token = this.tokens.get(header.slice(7));
    if (!token || token.expiresAt <= Date.now()) return undefined;
    if (token.seller?.refreshRevoked) return undefined;
    return token;
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }
}

function hasScope(token: Token, scope: string, read: boolean): boolean {
  return token.scopes.includes(`${SCOPE}/${scope}`) || (read && token.scopes.includes(`${SCOPE}/${scope}.readonly`));
}

/** An offer as eBay shows it; a published one carries its listing's status (ENDED once sold out) and units sold. */
function offerView(offer: FakeOffer, seller: Seller) {
  const listing = offer.listingId ? seller.listings.get(offer.listingId) : undefined;
  return {
    ...offer.body,
    offerId: offer.offerId,
    sku: offer.sku,
    marketplaceId: offer.marketplaceId,
    format: offer.format,
    status: offer.status,
    ...(offer.listingId
      ? {
          listing: {
            listingId: offer.listingId,
            listingStatus: listing?.status ?? 'ACTIVE',
            listingOnHold: false,
            soldQuantity: listing?.sold ?? 0,
          },
        }
      : {}),
  };
}

function quantityOf(item: Item): number {
  return Number(item.body.availability?.shipToLocationAvailability?.quantity ?? 0);
}

function priceOf(offer: FakeOffer): string {
  return String(
    (offer.body as { pricingSummary?: { price?: { value?: string } } }).pricingSummary?.price?.value ?? '0',
  );
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined || status === 204) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export type { EbayErrorBody };
