/**
 * A stateful fake of Etsy's Open API v3, consent page and token endpoint on loopback (ETSY.md). Every call under
 * `/v3/application` is checked against Etsy's OpenAPI document (./contracts/openapi_v3.yaml, a 2021–2023 snapshot),
 * with today's behaviour where the document is stale — each departure applied in `patch()` and listed here:
 * - `x-api-key` must be `<keystring>:<shared secret>` (since February 2026); the keystring alone answers 403.
 * - `when_made` takes today's buckets (2020_2025, 2010_2019, 2006_2009, before_2006, 2000_2005, decades…); the
 *   document's 2020_2023 / 2004_2009 / before_2004 / 2000_2003 are refused.
 * - Processing profiles (`/shops/{shop_id}/readiness-state-definitions`, not in the document) exist, and a physical
 *   listing needs a `readiness_state_id` (in the draft and in each inventory offering).
 * - Multipart image uploads are checked by hand (the validator reads JSON and forms only).
 * Faults are injected on demand; violations of the document are kept in `violations`.
 */
import { OpenAPIBackend } from 'openapi-backend';
import { load } from 'js-yaml';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { multipartBoundary, parseMultipart } from '../vinted/multipart';

export const TODAYS_WHEN_MADE = [
  'made_to_order',
  '2020_2025',
  '2010_2019',
  '2006_2009',
  'before_2006',
  '2000_2005',
  '1990s',
  '1980s',
  '1970s',
  '1960s',
  '1950s',
  '1940s',
  '1930s',
  '1920s',
  '1910s',
  '1900s',
  '1800s',
  '1700s',
  'before_1700',
];

export interface EtsyFault {
  /** An operationId of the document, `token`, or `readinessStates`. */
  operation: string;
  status?: number;
  body?: unknown;
  retryAfterSeconds?: number;
  /** Apply the call, then close the connection without an answer. */
  lose?: boolean;
  times?: number;
}

export interface FakeEtsyListing {
  listing_id: number;
  shop_id: number;
  state: 'draft' | 'active' | 'inactive' | 'sold_out' | 'expired';
  title: string;
  description: string;
  price: number;
  quantity: number;
  when_made: string;
  taxonomy_id: number;
  shipping_profile_id: number | null;
  return_policy_id: number | null;
  readiness_state_id: number | null;
  created_timestamp: number;
  images: { listing_image_id: number; rank: number; bytes: number }[];
  inventory: { sku: string; quantity: number; price: number } | null;
  activations: number;
  url: string;
}

interface Shop {
  shop_id: number;
  user_id: number;
  shop_name: string;
  currency_code: string;
  country: string;
  shippingProfiles: { shipping_profile_id: number; title: string }[];
  returnPolicies: { return_policy_id: number; accepts_returns: boolean }[];
  readinessStates: {
    readiness_state_id: number;
    readiness_state: string;
    min_processing_time: number;
    max_processing_time: number;
  }[];
  listings: Map<number, FakeEtsyListing>;
  receipts: Record<string, unknown>[];
  refreshToken: string;
  revoked: boolean;
}

interface Token {
  shop: Shop;
  expiresAt: number;
}

export interface FakeEtsyCall {
  method: string;
  path: string;
  operationId: string;
  shopId: number | null;
  status: number;
  at: number;
  /** The `state` a listing update asked for (active, inactive), if any. */
  state?: string;
}

export class FakeEtsy {
  readonly keystring = 'stoflowtestkeystring';
  readonly sharedSecret = 'stoflowtestsecret';
  readonly redirectUri = 'http://127.0.0.1/api/etsy/callback';
  readonly calls: FakeEtsyCall[] = [];
  readonly violations: string[] = [];
  private readonly shops = new Map<string, Shop>();
  private readonly tokens = new Map<string, Token>();
  private readonly codes = new Map<string, { shop: Shop; challenge: string; redirectUri: string; used: boolean }>();
  private faults: (EtsyFault & { left: number })[] = [];
  private server!: Server;
  private api!: OpenAPIBackend;
  private base = '';
  private nextId = 1_000_000;

  static async start(): Promise<FakeEtsy> {
    const fake = new FakeEtsy();
    fake.api = await contract();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get url(): string {
    return this.base;
  }

  env(): Record<string, string> {
    return {
      ETSY_API_BASE_URL: this.base,
      ETSY_AUTH_BASE_URL: this.base,
      ETSY_KEYSTRING: this.keystring,
      ETSY_SHARED_SECRET: this.sharedSecret,
      ETSY_REDIRECT_URI: this.redirectUri,
    };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addShop(name: string, options: { currency?: string; country?: string; processingProfile?: boolean } = {}): Shop {
    const shop: Shop = {
      shop_id: this.id(),
      user_id: this.id(),
      shop_name: name,
      currency_code: options.currency ?? 'EUR',
      country: options.country ?? 'FR',
      shippingProfiles: [{ shipping_profile_id: this.id(), title: 'Colissimo' }],
      returnPolicies: [{ return_policy_id: this.id(), accepts_returns: true }],
      readinessStates:
        options.processingProfile === false
          ? []
          : [
              {
                readiness_state_id: this.id(),
                readiness_state: 'ready_to_ship',
                min_processing_time: 1,
                max_processing_time: 3,
              },
            ],
      listings: new Map(),
      receipts: [],
      refreshToken: '',
      revoked: false,
    };
    this.shops.set(name, shop);
    return shop;
  }

  shop(name: string): Shop {
    const shop = this.shops.get(name);
    if (!shop) throw new Error(`no Etsy shop ${name}`);
    return shop;
  }

  listings(name: string): FakeEtsyListing[] {
    return [...this.shop(name).listings.values()];
  }

  /** The seller's browser on the consent page: answers the code and state the redirect carries. */
  async consent(authorizationUrl: string, shopName: string, options: { decline?: boolean } = {}) {
    const url = new URL(authorizationUrl);
    url.searchParams.set('fake_shop', shopName);
    if (options.decline) url.searchParams.set('fake_decline', '1');
    const res = await fetch(url, { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
    const back = new URL(res.headers.get('location')!);
    return {
      code: back.searchParams.get('code') ?? undefined,
      state: back.searchParams.get('state') ?? undefined,
      error: back.searchParams.get('error') ?? undefined,
    };
  }

  expireAccessTokens(name: string): void {
    for (const token of this.tokens.values()) if (token.shop.shop_name === name) token.expiresAt = 0;
  }

  revokeRefreshToken(name: string): void {
    this.shop(name).revoked = true;
    this.expireAccessTokens(name);
  }

  /** A listing already live in the shop (made outside StoFlow), for scripts that act on live listings directly. */
  addLiveListing(name: string, seed: { title: string; price: number; quantity?: number }): FakeEtsyListing {
    const shop = this.shop(name);
    const id = this.id();
    const listing: FakeEtsyListing = {
      listing_id: id,
      shop_id: shop.shop_id,
      state: 'active',
      title: seed.title,
      description: seed.title,
      price: seed.price,
      quantity: seed.quantity ?? 1,
      when_made: '1990s',
      taxonomy_id: 1,
      shipping_profile_id: shop.shippingProfiles[0]?.shipping_profile_id ?? null,
      return_policy_id: null,
      readiness_state_id: shop.readinessStates[0]?.readiness_state_id ?? null,
      created_timestamp: Math.floor(Date.now() / 1000),
      images: [],
      inventory: null,
      activations: 1,
      url: `https://www.etsy.com/listing/${id}`,
    };
    shop.listings.set(id, listing);
    return listing;
  }

  /** The headers of an app granted the shop's consent (a valid access token and the app's key). */
  authorizedHeaders(name: string): Record<string, string> {
    const { access_token } = this.grant(this.shop(name));
    return { authorization: `Bearer ${access_token}`, 'x-api-key': `${this.keystring}:${this.sharedSecret}` };
  }

  /** A buyer pays for a listing: a receipt with one transaction carrying the listing's SKU. */
  addReceipt(name: string, listingId: number, quantity = 1): Record<string, unknown> {
    const shop = this.shop(name);
    const listing = shop.listings.get(listingId)!;
    listing.quantity = Math.max(0, listing.quantity - quantity);
    if (listing.quantity === 0) listing.state = 'sold_out';
    const now = Math.floor(Date.now() / 1000);
    const money = (amount: number) => ({
      amount: Math.round(amount * 100),
      divisor: 100,
      currency_code: shop.currency_code,
    });
    const receipt = {
      receipt_id: this.id(),
      status: 'paid',
      is_paid: true,
      is_shipped: false,
      create_timestamp: now,
      updated_timestamp: now,
      buyer_user_id: this.id(),
      name: 'A. Buyer',
      grandtotal: money(listing.price * quantity),
      transactions: [
        {
          transaction_id: this.id(),
          listing_id: listingId,
          sku: listing.inventory?.sku ?? '',
          quantity,
          price: money(listing.price),
          title: listing.title,
        },
      ],
    };
    shop.receipts.push(receipt);
    return receipt;
  }

  cancelReceipt(name: string, receiptId: number): void {
    const receipt = this.shop(name).receipts.find((r) => r.receipt_id === receiptId)!;
    receipt.status = 'canceled';
    receipt.updated_timestamp = Math.floor(Date.now() / 1000) + 1;
  }

  fault(fault: EtsyFault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  callsOf(operationId: string): FakeEtsyCall[] {
    return this.calls.filter((c) => c.operationId === operationId);
  }

  // --- the server ------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readBody(req);
    try {
      if (req.method === 'GET' && url.pathname === '/oauth/connect') return this.authorize(url, res);
      if (req.method === 'POST' && url.pathname === '/v3/public/oauth/token')
        return await this.token(raw.toString('utf8'), res);
      if (url.pathname.startsWith('/v3/application/')) return await this.application(req, url, raw, res);
      send(res, 404, { error: 'Not found' });
    } catch (error) {
      send(res, 500, { error: String(error) });
    }
  }

  private authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const shop = this.shops.get(q.get('fake_shop') ?? '');
    const problem =
      q.get('response_type') !== 'code'
        ? 'response_type must be code'
        : q.get('client_id') !== this.keystring
          ? 'unknown client_id'
          : q.get('redirect_uri') !== this.redirectUri
            ? 'redirect_uri is not registered'
            : q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')
              ? 'PKCE S256 is required'
              : !q.get('state')
                ? 'state is required'
                : !shop
                  ? 'no such shop'
                  : undefined;
    if (problem) {
      this.violations.push(`consent: ${problem}`);
      return send(res, 400, { error: 'invalid_request', error_description: problem });
    }
    const back = new URL(this.redirectUri);
    back.searchParams.set('state', q.get('state')!);
    if (q.get('fake_decline')) {
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = randomBytes(24).toString('base64url');
      this.codes.set(code, {
        shop: shop!,
        challenge: q.get('code_challenge')!,
        redirectUri: q.get('redirect_uri')!,
        used: false,
      });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.toString() }).end();
  }

  private async token(raw: string, res: ServerResponse): Promise<void> {
    const fault = this.take('token');
    if (fault && (await this.applyFault(fault, res))) return;
    const form = new URLSearchParams(raw);
    const record = (status: number) =>
      this.calls.push({
        method: 'POST',
        path: '/v3/public/oauth/token',
        operationId: 'token',
        shopId: null,
        status,
        at: Date.now(),
      });
    if (form.get('client_id') !== this.keystring) {
      record(401);
      return send(res, 401, { error: 'invalid_client', error_description: 'client_id is unknown' });
    }
    if (form.get('grant_type') === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!code || code.used || code.redirectUri !== form.get('redirect_uri') || code.challenge !== challenge) {
        record(400);
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'code is invalid, used, or the code_verifier does not match',
        });
      }
      code.used = true;
      code.shop.revoked = false;
      record(200);
      return send(res, 200, this.grant(code.shop));
    }
    if (form.get('grant_type') === 'refresh_token') {
      const shop = [...this.shops.values()].find((s) => s.refreshToken && s.refreshToken === form.get('refresh_token'));
      if (!shop || shop.revoked) {
        record(400);
        return send(res, 400, { error: 'invalid_grant', error_description: 'refresh_token is revoked' });
      }
      record(200);
      return send(res, 200, this.grant(shop));
    }
    record(400);
    send(res, 400, { error: 'unsupported_grant_type' });
  }

  /** Access token for an hour and a new refresh token: Etsy rotates it at every use, the old one is spent. */
  private grant(shop: Shop) {
    const access = `${shop.user_id}.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(access, { shop, expiresAt: Date.now() + 3600_000 });
    shop.refreshToken = `${shop.user_id}.${randomBytes(24).toString('base64url')}`;
    return { access_token: access, token_type: 'Bearer', expires_in: 3600, refresh_token: shop.refreshToken };
  }

  private async application(req: IncomingMessage, url: URL, raw: Buffer, res: ServerResponse): Promise<void> {
    const key = String(req.headers['x-api-key'] ?? '');
    if (key !== `${this.keystring}:${this.sharedSecret}`) {
      if (key === this.keystring) return send(res, 403, { error: 'Shared secret is required in x-api-key header.' });
      return send(res, 403, { error: 'Invalid API key' });
    }
    const bearer = String(req.headers.authorization ?? '');
    const token = bearer.startsWith('Bearer ') ? this.tokens.get(bearer.slice(7)) : undefined;
    const readiness = /^\/v3\/application\/shops\/(\d+)\/readiness-state-definitions$/.exec(url.pathname);
    let operationId: string;
    let params: Record<string, string> = {};
    let body: unknown;
    const type = String(req.headers['content-type'] ?? '');
    if (readiness) {
      operationId = req.method === 'POST' ? 'createReadinessState' : 'getReadinessStates';
      params = { shop_id: readiness[1] };
      body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    } else {
      const boundary = multipartBoundary(type);
      if (boundary) {
        const form = parseMultipart(raw, boundary);
        body = { ...form.fields, ...(form.files[0] ? { image: form.files[0] } : {}) };
      } else if (type.startsWith('application/x-www-form-urlencoded')) {
        body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      } else if (raw.length) {
        body = JSON.parse(raw.toString('utf8'));
      }
      const request = {
        method: req.method!,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: boundary ? {} : body,
      };
      const operation = this.api.matchOperation(request);
      if (!operation) {
        this.violations.push(`${req.method} ${url.pathname}: no such operation`);
        return send(res, 404, { error: 'Resource not found' });
      }
      operationId = operation.operationId!;
      params = this.api.router.parseRequest(request, operation).params as Record<string, string>;
      const result = this.api.validateRequest(request, operation);
      const errors = (result.errors ?? []).filter((e) => !/security|x-api-key/i.test(e.message ?? ''));
      if (errors.length) {
        const said = errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
        this.violations.push(`${req.method} ${url.pathname} (${operationId}): ${said}`);
        return send(res, 400, { error: said });
      }
    }
    const at = Date.now();
    const asked = (body as { state?: unknown } | undefined)?.state;
    const record = (status: number) =>
      this.calls.push({
        method: req.method!,
        path: url.pathname,
        operationId,
        shopId: token?.shop.shop_id ?? null,
        status,
        at,
        ...(typeof asked === 'string' ? { state: asked } : {}),
      });
    if (!token || token.expiresAt <= Date.now() || token.shop.revoked) {
      record(401);
      return send(res, 401, { error: 'invalid_token', error_description: 'access token is expired' });
    }
    const fault = this.take(operationId);
    if (fault && !fault.lose && (await this.applyFault(fault, res))) {
      record(fault.status!);
      return;
    }
    const answer = this.operate(
      operationId,
      params,
      Object.fromEntries(url.searchParams),
      body as Record<string, unknown>,
      token.shop,
    );
    record(answer.status);
    if (fault?.lose) {
      res.socket?.destroy();
      return;
    }
    send(res, answer.status, answer.body, answer.headers);
  }

  private operate(
    op: string,
    params: Record<string, string>,
    query: Record<string, string>,
    body: Record<string, unknown>,
    shop: Shop,
  ): { status: number; body?: unknown; headers?: Record<string, string> } {
    const mine = !params.shop_id || Number(params.shop_id) === shop.shop_id;
    if (!mine) return { status: 403, body: { error: 'You do not have permission to access this shop' } };
    const listing = params.listing_id ? shop.listings.get(Number(params.listing_id)) : undefined;
    switch (op) {
      case 'getMe':
        return { status: 200, body: { user_id: shop.user_id, shop_id: shop.shop_id } };
      case 'getShop':
        return {
          status: 200,
          body: {
            shop_id: shop.shop_id,
            shop_name: shop.shop_name,
            currency_code: shop.currency_code,
            url: `https://www.etsy.com/shop/${shop.shop_name}`,
            is_vacation: false,
            shop_location_country_iso: shop.country,
          },
        };
      case 'getShopShippingProfiles':
        return { status: 200, body: { count: shop.shippingProfiles.length, results: shop.shippingProfiles } };
      case 'getShopReturnPolicies':
        return { status: 200, body: { count: shop.returnPolicies.length, results: shop.returnPolicies } };
      case 'getReadinessStates':
        return { status: 200, body: { count: shop.readinessStates.length, results: shop.readinessStates } };
      case 'createReadinessState': {
        const existing = shop.readinessStates.find(
          (r) =>
            r.readiness_state === body.readiness_state &&
            r.min_processing_time === Number(body.min_processing_time) &&
            r.max_processing_time === Number(body.max_processing_time),
        );
        if (existing) {
          return {
            status: 409,
            body: { error: 'A readiness state definition like this one exists' },
            headers: {
              'content-location': `/v3/application/shops/${shop.shop_id}/readiness-state-definitions/${existing.readiness_state_id}`,
            },
          };
        }
        const created = {
          readiness_state_id: this.id(),
          readiness_state: String(body.readiness_state),
          min_processing_time: Number(body.min_processing_time),
          max_processing_time: Number(body.max_processing_time),
        };
        shop.readinessStates.push(created);
        return { status: 201, body: created };
      }
      case 'createDraftListing':
        return this.createDraft(shop, body);
      case 'getListingsByShop': {
        const state = query.state ?? 'active';
        const all = [...shop.listings.values()].filter((l) => l.state === state);
        const offset = Number(query.offset ?? 0);
        const limit = Number(query.limit ?? 25);
        return { status: 200, body: { count: all.length, results: all.slice(offset, offset + limit).map(view) } };
      }
      case 'getListing':
        return listing ? { status: 200, body: view(listing) } : { status: 404, body: { error: 'Listing not found' } };
      case 'uploadListingImage': {
        if (!listing) return { status: 404, body: { error: 'Listing not found' } };
        const image = body.image as { data?: Buffer } | undefined;
        if (!image?.data?.length) return { status: 400, body: { error: 'An image file is required' } };
        const rank = Number(body.rank ?? listing.images.length + 1);
        if (listing.images.length >= 10 && !listing.images.some((i) => i.rank === rank)) {
          return { status: 400, body: { error: 'A listing has at most 10 images' } };
        }
        listing.images = listing.images.filter((i) => !(i.rank === rank && String(body.overwrite) === 'true'));
        const created = { listing_image_id: this.id(), rank, bytes: image.data.length };
        listing.images.push(created);
        return {
          status: 201,
          body: { listing_id: listing.listing_id, listing_image_id: created.listing_image_id, rank },
        };
      }
      case 'getListingImages':
        if (!listing) return { status: 404, body: { error: 'Listing not found' } };
        return {
          status: 200,
          body: {
            count: listing.images.length,
            results: [...listing.images]
              .sort((a, b) => a.rank - b.rank)
              .map((i) => ({ listing_id: listing.listing_id, listing_image_id: i.listing_image_id, rank: i.rank })),
          },
        };
      case 'deleteListingImage': {
        if (!listing) return { status: 404, body: { error: 'Listing not found' } };
        const gone = listing.images.find((i) => i.listing_image_id === Number(params.listing_image_id));
        if (!gone) return { status: 404, body: { error: 'Listing image not found' } };
        listing.images = listing.images.filter((i) => i !== gone);
        return { status: 204 };
      }
      case 'updateListingInventory': {
        if (!listing) return { status: 404, body: { error: 'Listing not found' } };
        const product = (
          body.products as {
            sku?: string;
            offerings?: { price: number; quantity: number; readiness_state_id?: number }[];
          }[]
        )[0];
        const offering = product?.offerings?.[0];
        if (!offering || offering.quantity <= 0)
          return { status: 400, body: { error: 'One offering must have quantity greater than 0' } };
        if (!offering.readiness_state_id)
          return { status: 400, body: { error: 'readiness_state_id is required for each offering' } };
        listing.inventory = { sku: product.sku ?? '', quantity: offering.quantity, price: offering.price };
        listing.quantity = offering.quantity;
        listing.price = offering.price;
        return { status: 200, body: { products: body.products } };
      }
      case 'updateListing': {
        if (!listing) return { status: 404, body: { error: 'Listing not found' } };
        for (const field of ['title', 'description'] as const)
          if (typeof body[field] === 'string') listing[field] = body[field] as string;
        if (body.state === 'active') {
          if (listing.images.length === 0)
            return { status: 400, body: { error: 'A listing needs at least one image to be active' } };
          if (!listing.readiness_state_id) return { status: 400, body: { error: 'A processing profile is required' } };
          if (listing.state !== 'active') listing.activations += 1;
          listing.state = 'active';
        } else if (body.state === 'inactive') {
          listing.state = 'inactive';
        }
        return { status: 200, body: view(listing) };
      }
      case 'deleteListing':
        if (!listing) return { status: 404, body: { error: 'Listing not found' } };
        shop.listings.delete(listing.listing_id);
        return { status: 204 };
      case 'getShopReceipts': {
        const since = Number(query.min_last_modified ?? 0);
        const all = shop.receipts.filter((r) => Number(r.updated_timestamp) >= since);
        const offset = Number(query.offset ?? 0);
        const limit = Number(query.limit ?? 25);
        return { status: 200, body: { count: all.length, results: all.slice(offset, offset + limit) } };
      }
      default:
        return { status: 501, body: { error: `The fake does not implement ${op}` } };
    }
  }

  private createDraft(shop: Shop, body: Record<string, unknown>) {
    if (!TODAYS_WHEN_MADE.includes(String(body.when_made))) {
      return { status: 400, body: { error: `when_made must be one of ${TODAYS_WHEN_MADE.join(', ')}` } };
    }
    const triplet = ['who_made', 'when_made', 'is_supply'].filter((f) => body[f] !== undefined).length;
    if (triplet !== 0 && triplet !== 3)
      return { status: 400, body: { error: 'who_made, when_made and is_supply go together' } };
    if (!body.readiness_state_id)
      return { status: 400, body: { error: 'readiness_state_id is required for a physical listing' } };
    if (!shop.shippingProfiles.some((p) => p.shipping_profile_id === Number(body.shipping_profile_id))) {
      return { status: 400, body: { error: 'shipping_profile_id is not one of the shop' } };
    }
    const listing: FakeEtsyListing = {
      listing_id: this.id(),
      shop_id: shop.shop_id,
      state: 'draft',
      title: String(body.title),
      description: String(body.description),
      price: Number(body.price),
      quantity: Number(body.quantity),
      when_made: String(body.when_made),
      taxonomy_id: Number(body.taxonomy_id),
      shipping_profile_id: Number(body.shipping_profile_id),
      return_policy_id: body.return_policy_id ? Number(body.return_policy_id) : null,
      readiness_state_id: Number(body.readiness_state_id),
      created_timestamp: Math.floor(Date.now() / 1000),
      images: [],
      inventory: null,
      activations: 0,
      url: '',
    };
    listing.url = `https://www.etsy.com/listing/${listing.listing_id}`;
    shop.listings.set(listing.listing_id, listing);
    return { status: 201, body: view(listing) };
  }

  private take(operation: string): EtsyFault | undefined {
    const fault = this.faults.find((f) => f.operation === operation && f.left > 0);
    if (fault) fault.left -= 1;
    return fault;
  }

  private async applyFault(fault: EtsyFault, res: ServerResponse): Promise<boolean> {
    if (!fault.status) return false;
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    send(
      res,
      fault.status,
      fault.body ?? { error: fault.status === 429 ? 'Too many requests' : 'Server error' },
      headers,
    );
    return true;
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }
}

function view(listing: FakeEtsyListing) {
  const { images, inventory, activations, ...rest } = listing;
  void images;
  void inventory;
  void activations;
  return { ...rest, price: { amount: Math.round(listing.price * 100), divisor: 100 } };
}

let loaded: Promise<OpenAPIBackend> | undefined;

/** The document, with today's departures applied (see the top of this file). */
function contract(): Promise<OpenAPIBackend> {
  loaded ??= (async () => {
    const definition = load(readFileSync(path.join(__dirname, 'contracts', 'openapi_v3.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    patch(definition);
    const api = new OpenAPIBackend({
      definition: definition as never,
      quick: true,
      validate: true,
      ajvOpts: { strict: false, coerceTypes: true },
    });
    await api.init();
    return api;
  })();
  return loaded;
}

function patch(definition: Record<string, unknown>): void {
  // Today's when_made buckets, wherever the document lists the stale ones.
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.enum) && record.enum.includes('2020_2023')) record.enum = TODAYS_WHEN_MADE;
    for (const value of Object.values(record)) walk(value);
  };
  walk(definition);
  // The server of the document is openapi.etsy.com/v3; calls are matched on the path alone.
  definition.servers = [{ url: '/' }];
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined || status === 204) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
