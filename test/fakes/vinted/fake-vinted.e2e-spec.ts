/**
 * The fake Vinted itself: that it checks what Vinted checks, keeps state per account, answers with Vinted's shapes,
 * injects each failure as described, records every call, and accepts what the extension simulator sends.
 * No StoFlow app here: requests go straight from this process (or through FakeExtension.execute) to the fake.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { FakeExtension, PluginTask } from '../extension/extension';
import { FakeVinted, FakeVintedAccount, PATHS } from './fake-vinted';

let fake: FakeVinted;
let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  fake = await FakeVinted.start();
  const image = sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } });
  jpeg = await image.clone().jpeg().toBuffer();
  png = await image.clone().png().toBuffer();
});

afterAll(() => fake.close());

beforeEach(() => fake.reset());

interface Reply {
  status: number;
  contentType: string;
  headers: Headers;
  body: unknown;
}

interface CallInit {
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Session headers to leave out (e.g. the CSRF token). */
  omit?: string[];
  signal?: AbortSignal;
}

/** One call to the fake as the logged-in tab of `account` makes it (no account: no session at all). */
async function vinted(account: FakeVintedAccount | null, method: string, path: string, init: CallInit = {}) {
  const headers: Record<string, string> = { ...account?.sessionHeaders, ...init.headers };
  for (const name of init.omit ?? []) delete headers[name];
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.form,
    signal: init.signal,
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const body: unknown = contentType.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, contentType, headers: res.headers, body } satisfies Reply;
}

function photoForm(bytes: Buffer, tempUuid = 'draft-1', type = 'item', contentType = 'image/jpeg'): FormData {
  const form = new FormData();
  form.append('photo[type]', type);
  form.append('photo[temp_uuid]', tempUuid);
  form.append('photo[file]', new Blob([bytes], { type: contentType }), '1.jpg');
  return form;
}

async function uploadPhoto(account: FakeVintedAccount, bytes = jpeg): Promise<number> {
  const res = await vinted(account, 'POST', PATHS.photos, { form: photoForm(bytes) });
  expect(res.status).toBe(200);
  return (res.body as { id: number }).id;
}

const UPLOAD_FORM = { 'x-upload-form': 'true' };

function itemBody(photoIds: number[], item: Record<string, unknown> = {}) {
  return {
    item: {
      id: null,
      title: 'Veste en jean Levi’s',
      description: 'Très bon état, taille M',
      price: '24.50',
      currency: 'EUR',
      catalog_id: 1206,
      brand_id: 53,
      size_id: 207,
      status_id: 2,
      package_size_id: 1,
      color_ids: [9],
      assigned_photos: photoIds.map((id) => ({ id, orientation: 0 })),
      item_attributes: [{ code: 'material', ids: [44] }],
      temp_uuid: 'draft-1',
      ...item,
    },
    feedback_id: null,
    push_up: false,
    parcel: null,
    upload_session_id: 'upload-session-1',
  };
}

async function createItem(account: FakeVintedAccount, item: Record<string, unknown> = {}): Promise<number> {
  const photoId = await uploadPhoto(account);
  const res = await vinted(account, 'POST', PATHS.items, { json: itemBody([photoId], item), headers: UPLOAD_FORM });
  expect(res.status).toBe(200);
  return (res.body as { item: { id: number } }).item.id;
}

function wardrobeOf(viewer: FakeVintedAccount, owner: FakeVintedAccount, query = '') {
  return vinted(viewer, 'GET', `${PATHS.wardrobe(owner.userId)}${query}`);
}

describe('session and CSRF', () => {
  it('knows the account of the access_token_web cookie, whose JWT sub is the user id', async () => {
    const seller = fake.createAccount({ login: 'marie_v' });
    const res = await vinted(seller, 'GET', PATHS.currentUser);
    expect(res).toMatchObject({ status: 200, body: { user: { id: seller.userId, login: 'marie_v' } } });

    const token = /access_token_web=([^;]+)/.exec(seller.sessionHeaders.cookie)?.[1] ?? '';
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string };
    expect(claims.sub).toBe(String(seller.userId));
    expect(seller.sessionHeaders.cookie).toMatch(/_vinted_fr_session=[^;]+/);
    expect(Object.keys(seller.sessionHeaders).sort()).toEqual(['cookie', 'x-anon-id', 'x-csrf-token']);
  });

  it('answers 401 code 100 without a session cookie or with an unknown one', async () => {
    const expired = { code: 100, message_code: 'invalid_authentication_token' };
    const none = await vinted(null, 'GET', PATHS.currentUser);
    expect(none).toMatchObject({ status: 401, body: expired });
    const unknown = await vinted(null, 'GET', PATHS.currentUser, {
      headers: { cookie: 'access_token_web=not-a-session; _vinted_fr_session=x' },
    });
    expect(unknown).toMatchObject({ status: 401, body: expired });
    expect(fake.calls.map((c) => [c.userId, c.status])).toEqual([
      [null, 401],
      [null, 401],
    ]);
  });

  it('refuses a write without the account’s x-csrf-token (403 code 106), and lets reads through', async () => {
    const seller = fake.createAccount();
    const other = fake.createAccount();
    const denied = { status: 403, body: { code: 106, message_code: 'access_denied' } };
    const form = () => photoForm(jpeg);
    expect(await vinted(seller, 'POST', PATHS.photos, { form: form(), omit: ['x-csrf-token'] })).toMatchObject(denied);
    const stolen = { 'x-csrf-token': other.sessionHeaders['x-csrf-token'] };
    expect(await vinted(seller, 'POST', PATHS.photos, { form: form(), headers: stolen })).toMatchObject(denied);
    expect((await vinted(seller, 'GET', PATHS.currentUser, { omit: ['x-csrf-token'] })).status).toBe(200);
    expect(fake.photos(seller.userId)).toEqual([]);
  });
});

describe('photos', () => {
  it('stores a JPEG or PNG uploaded as real multipart, for the account that uploaded it', async () => {
    const seller = fake.createAccount();
    const res = await vinted(seller, 'POST', PATHS.photos, { form: photoForm(jpeg, 'draft-42') });
    expect(res.status).toBe(200);
    const photo = res.body as { id: number; temp_uuid: string; url: string };
    expect(photo.temp_uuid).toBe('draft-42');
    expect(photo.url).toMatch(/^https:\/\/images1\.vinted\.net\//);
    const pngRes = await vinted(seller, 'POST', PATHS.photos, {
      form: photoForm(png, 'draft-42', 'item', 'image/png'),
    });
    expect(pngRes.status).toBe(200);

    expect(fake.photos(seller.userId)).toEqual([
      expect.objectContaining({ id: photo.id, tempUuid: 'draft-42', contentType: 'image/jpeg', size: jpeg.length }),
      expect.objectContaining({ contentType: 'image/png', size: png.length }),
    ]);
    expect(fake.calls[0].body).toEqual({
      fields: { 'photo[type]': 'item', 'photo[temp_uuid]': 'draft-42' },
      files: [{ field: 'photo[file]', filename: '1.jpg', contentType: 'image/jpeg', size: jpeg.length }],
    });
  });

  it('refuses a file that is not an image, an empty file, a wrong type, and a body that is not multipart', async () => {
    const seller = fake.createAccount();
    const notImage = await vinted(seller, 'POST', PATHS.photos, { form: photoForm(Buffer.from('GIF89a not a jpeg')) });
    expect(notImage).toMatchObject({ status: 422, body: { code: 99, errors: [{ field: 'file' }] } });
    const empty = await vinted(seller, 'POST', PATHS.photos, { form: photoForm(Buffer.alloc(0)) });
    expect(empty).toMatchObject({ status: 422, body: { errors: [{ field: 'file', value: "can't be blank" }] } });
    const avatar = await vinted(seller, 'POST', PATHS.photos, { form: photoForm(jpeg, 'draft-1', 'user') });
    expect(avatar).toMatchObject({ status: 422, body: { errors: [{ field: 'type' }] } });
    const json = await vinted(seller, 'POST', PATHS.photos, { json: { photo: { type: 'item' } } });
    expect(json.status).toBe(400);
    expect(fake.photos(seller.userId)).toEqual([]);
  });
});

describe('listings', () => {
  it('creates, lists in the wardrobe, shows, edits, hides and deletes an item; a second delete is a 404', async () => {
    const seller = fake.createAccount({ login: 'marie_v' });
    const photoId = await uploadPhoto(seller);

    const refused = await vinted(seller, 'POST', PATHS.items, { json: itemBody([photoId]) });
    expect(refused.status).toBe(400); // no x-upload-form header

    const created = await vinted(seller, 'POST', PATHS.items, { json: itemBody([photoId]), headers: UPLOAD_FORM });
    expect(created.status).toBe(200);
    const item = (created.body as { item: { id: number; title: string; url: string } }).item;
    expect(item.title).toBe('Veste en jean Levi’s');
    expect(item.url).toBe(`https://www.vinted.fr/items/${item.id}-veste-en-jean-levi-s`);

    const wardrobe = await wardrobeOf(seller, seller, '?page=1&per_page=20&order=relevance');
    expect(wardrobe.status).toBe(200);
    expect(wardrobe.body).toMatchObject({
      items: [
        {
          id: item.id,
          title: 'Veste en jean Levi’s',
          price: { amount: '24.5', currency_code: 'EUR' },
          photos: [{ id: photoId }],
          is_hidden: false,
          user: { id: seller.userId, login: 'marie_v' },
        },
      ],
      pagination: { current_page: 1, total_pages: 1, total_entries: 1, per_page: 20 },
    });
    // The draft's uuid is nowhere in the wardrobe (photos show `temp_uuid: null`): a lost create is found by title.
    expect(JSON.stringify(wardrobe.body)).not.toContain('draft-1');

    const shown = await vinted(seller, 'GET', PATHS.item(item.id));
    expect(shown).toMatchObject({ status: 200, body: { item: { id: item.id, catalog_id: 1206, status_id: 2 } } });

    const edit = itemBody([photoId], { id: item.id, title: 'Veste en jean Levi’s 501', price: '30' });
    const edited = await vinted(seller, 'PUT', PATHS.item(item.id), { json: edit, headers: UPLOAD_FORM });
    expect(edited).toMatchObject({ status: 200, body: { item: { id: item.id, title: 'Veste en jean Levi’s 501' } } });
    const wrongId = itemBody([photoId], { id: item.id + 1 });
    expect(await vinted(seller, 'PUT', PATHS.item(item.id), { json: wrongId })).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'id' }] },
    });
    const noPhotos = itemBody([], { id: item.id });
    expect(await vinted(seller, 'PUT', PATHS.item(item.id), { json: noPhotos })).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'assigned_photos' }] },
    });
    expect(fake.items(seller.userId)).toEqual([
      expect.objectContaining({
        id: item.id,
        title: 'Veste en jean Levi’s 501',
        price: '30.0',
        catalogId: 1206,
        photoIds: [photoId],
        tempUuid: 'draft-1',
        createdSeq: 1,
      }),
    ]);

    const hidden = await vinted(seller, 'PUT', PATHS.hideItem(item.id), { json: { is_hidden: true } });
    expect(hidden).toMatchObject({ status: 200, body: { code: 0 } });
    expect(fake.items(seller.userId)[0].isHidden).toBe(true);
    const visitor = fake.createAccount();
    expect((await wardrobeOf(visitor, seller)).body).toMatchObject({ items: [], pagination: { total_entries: 0 } });
    expect((await wardrobeOf(seller, seller)).body).toMatchObject({ items: [{ id: item.id, is_hidden: true }] });

    const deleted = await vinted(seller, 'POST', PATHS.deleteItem(item.id));
    expect(deleted).toMatchObject({ status: 200, body: { code: 0 } });
    const again = await vinted(seller, 'POST', PATHS.deleteItem(item.id));
    expect(again).toMatchObject({ status: 404, body: { code: 404 } });
    expect((await vinted(seller, 'GET', PATHS.item(item.id))).status).toBe(404);
    expect(fake.items(seller.userId)).toEqual([]);
    expect(fake.deletedItems(seller.userId)).toEqual([
      expect.objectContaining({ id: item.id, title: 'Veste en jean Levi’s 501', deletedAt: expect.any(Number) }),
    ]);
  });

  it('refuses a create with missing fields, no photos, or a photo that does not exist', async () => {
    const seller = fake.createAccount();
    const blank = { title: ' ', description: undefined, price: undefined, catalog_id: null, status_id: undefined };
    const missing = await vinted(seller, 'POST', PATHS.items, { json: itemBody([], blank), headers: UPLOAD_FORM });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 99, message: 'Validation failed' });
    const fields = (missing.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields.sort()).toEqual(['assigned_photos', 'catalog_id', 'description', 'price', 'status_id', 'title']);

    const ghost = await vinted(seller, 'POST', PATHS.items, { json: itemBody([987654321]), headers: UPLOAD_FORM });
    expect(ghost).toMatchObject({ status: 422, body: { errors: [{ field: 'assigned_photos', value: /987654321/ }] } });
    const badPrice = await vinted(seller, 'POST', PATHS.items, {
      json: itemBody([await uploadPhoto(seller)], { price: '-3' }),
      headers: UPLOAD_FORM,
    });
    expect(badPrice).toMatchObject({ status: 422, body: { errors: [{ field: 'price' }] } });
    expect(fake.items(seller.userId)).toEqual([]);
  });

  it('keeps accounts apart: another account’s photo, item and calls are out of reach', async () => {
    const alice = fake.createAccount({ login: 'alice' });
    const bob = fake.createAccount({ login: 'bob' });
    const alicePhoto = await uploadPhoto(alice);
    const aliceItem = await createItem(alice);

    const borrowed = await vinted(bob, 'POST', PATHS.items, { json: itemBody([alicePhoto]), headers: UPLOAD_FORM });
    expect(borrowed).toMatchObject({ status: 422, body: { errors: [{ field: 'assigned_photos' }] } });
    expect((await vinted(bob, 'GET', PATHS.item(aliceItem))).status).toBe(404);
    const edit = itemBody([alicePhoto], { id: aliceItem, title: 'Mine now' });
    expect((await vinted(bob, 'PUT', PATHS.item(aliceItem), { json: edit })).status).toBe(404);
    expect((await vinted(bob, 'PUT', PATHS.hideItem(aliceItem), { json: { is_hidden: true } })).status).toBe(404);
    expect((await vinted(bob, 'POST', PATHS.deleteItem(aliceItem))).status).toBe(404);

    expect(fake.items(alice.userId)).toEqual([
      expect.objectContaining({ id: aliceItem, title: 'Veste en jean Levi’s', isHidden: false }),
    ]);
    expect(fake.items(bob.userId)).toEqual([]);
    expect(fake.photos(bob.userId)).toEqual([]);
    expect((await wardrobeOf(bob, bob)).body).toMatchObject({ items: [], pagination: { total_entries: 0 } });
    // Bob may look at Alice's public wardrobe, as on Vinted.
    expect((await wardrobeOf(bob, alice)).body).toMatchObject({ items: [{ id: aliceItem }] });
    expect(fake.callsFor(alice.userId)).toHaveLength(3);
    expect(fake.callsFor(bob.userId).map((c) => c.status)).toEqual([422, 404, 404, 404, 404, 200, 200]);
  });

  it('pages the wardrobe newest first, with prices as objects or strings', async () => {
    const seller = fake.createAccount();
    for (const n of [1, 2, 3, 4, 5]) fake.addItem(seller.userId, { title: `Item ${n}`, price: 10 + n });
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await wardrobeOf(seller, seller, `?page=${page}&per_page=2`);
      pages.push(res.body as { items: { title: string }[]; pagination: unknown });
    }
    expect(pages.map((p) => p.items.map((i) => i.title))).toEqual([
      ['Item 5', 'Item 4'],
      ['Item 3', 'Item 2'],
      ['Item 1'],
    ]);
    expect(pages[2].pagination).toEqual({ current_page: 3, total_pages: 3, total_entries: 5, per_page: 2 });

    fake.wardrobePriceFormat = 'string';
    try {
      const res = await wardrobeOf(seller, seller, '?per_page=1');
      expect(res.body).toMatchObject({ items: [{ title: 'Item 5', price: '15.0', currency: 'EUR' }] });
    } finally {
      fake.wardrobePriceFormat = 'object';
    }
  });

  it('lists seeded sales in my_orders, filtered by status', async () => {
    const seller = fake.createAccount();
    fake.addOrder(seller.userId, { title: 'Old', price: '8.00', status: 'completed', date: '2026-01-01T10:00:00Z' });
    fake.addOrder(seller.userId, { title: 'New', price: 12.5, status: 'in_progress', date: '2026-02-01T10:00:00Z' });
    fake.addOrder(seller.userId, { title: 'Gone', price: 5, status: 'canceled', date: '2026-01-15T10:00:00Z' });

    const all = await vinted(seller, 'GET', `${PATHS.myOrders}?type=sold&status=all`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      my_orders: [
        { title: 'New', price: { amount: '12.5', currency_code: 'EUR' }, transaction_user_status: 'in_progress' },
        { title: 'Gone', transaction_user_status: 'canceled' },
        { title: 'Old', price: { amount: '8.0' }, date: '2026-01-01T10:00:00.000Z' },
      ],
      pagination: { total_entries: 3 },
    });
    const completed = await vinted(seller, 'GET', `${PATHS.myOrders}?type=sold&status=completed`);
    expect((completed.body as { my_orders: { title: string }[] }).my_orders.map((o) => o.title)).toEqual(['Old']);
    const bought = await vinted(seller, 'GET', `${PATHS.myOrders}?type=purchased&status=all`);
    expect(bought.body).toMatchObject({ my_orders: [] });
    expect((await vinted(seller, 'GET', `${PATHS.myOrders}?type=sold&status=lost`)).status).toBe(400);
    expect((await vinted(fake.createAccount(), 'GET', `${PATHS.myOrders}?type=sold`)).body).toMatchObject({
      my_orders: [],
    });
  });

  it('answers 404 JSON for an unknown path or a known path with the wrong method', async () => {
    const seller = fake.createAccount();
    expect(await vinted(seller, 'GET', '/api/v2/nothing/here')).toMatchObject({ status: 404, body: { code: 404 } });
    expect(await vinted(seller, 'DELETE', PATHS.currentUser)).toMatchObject({ status: 404, body: { code: 404 } });
  });
});

describe('faults', () => {
  const cases: {
    fault: Parameters<FakeVinted['inject']>[1];
    options?: Parameters<FakeVinted['inject']>[2];
    status: number;
    html: boolean;
    check: (reply: Reply) => void;
  }[] = [
    {
      fault: 'session-expired',
      status: 401,
      html: false,
      check: (r) => expect(r.body).toMatchObject({ code: 100, message_code: 'invalid_authentication_token' }),
    },
    {
      fault: 'csrf',
      status: 403,
      html: false,
      check: (r) => expect(r.body).toMatchObject({ code: 106, message_code: 'access_denied' }),
    },
    { fault: 'captcha', status: 403, html: true, check: (r) => expect(r.body).toContain('captcha-delivery') },
    {
      fault: 'captcha',
      options: { as: 'json' },
      status: 403,
      html: false,
      check: (r) => expect(r.body).toEqual({ url: expect.stringContaining('captcha-delivery.com') }),
    },
    {
      fault: 'html',
      status: 200,
      html: true,
      check: (r) => {
        expect(r.body).toMatch(/^<!DOCTYPE html>/);
        expect((r.body as string).length).toBeGreaterThan(2048);
      },
    },
    {
      fault: 'cloudflare',
      status: 403,
      html: true,
      check: (r) => {
        expect(r.body).toContain('error code: 1020');
        expect(r.headers.get('server')).toBe('cloudflare');
      },
    },
    { fault: 'rate-limit', status: 429, html: false, check: (r) => expect(r.headers.get('retry-after')).toBe('30') },
    {
      fault: 'rate-limit',
      options: { retryAfterSeconds: 7 },
      status: 429,
      html: false,
      check: (r) => expect(r.headers.get('retry-after')).toBe('7'),
    },
    {
      fault: 'rate-limit',
      options: { retryAfterSeconds: null },
      status: 429,
      html: false,
      check: (r) => expect(r.headers.has('retry-after')).toBe(false),
    },
    { fault: 'server-error', status: 500, html: false, check: (r) => expect(r.body).toMatchObject({ code: 500 }) },
    {
      fault: 'server-error',
      options: { status: 502, as: 'html' },
      status: 502,
      html: true,
      check: (r) => expect(r.body).toContain('502 Bad Gateway'),
    },
    {
      fault: 'server-error',
      options: { status: 503 },
      status: 503,
      html: false,
      check: (r) => expect(r.body).toMatchObject({ code: 503 }),
    },
  ];

  const labelled = cases.map((c) => ({ ...c, label: c.options ? JSON.stringify(c.options) : '(defaults)' }));

  it.each(labelled)(
    '$fault $label answers $status (html: $html), once',
    async ({ fault, options, status, html, check }) => {
      const seller = fake.createAccount();
      fake.inject(seller.userId, fault, options);
      const reply = await vinted(seller, 'GET', PATHS.currentUser);
      expect({ status: reply.status, html: reply.contentType.startsWith('text/html') }).toEqual({ status, html });
      check(reply);
      expect((await vinted(seller, 'GET', PATHS.currentUser)).status).toBe(200);
      expect(fake.calls.map((c) => [c.status, c.fault])).toEqual([
        [status, fault],
        [200, undefined],
      ]);
      expect(fake.pendingFaults(seller.userId)).toBe(0);
    },
  );

  it('slow holds the answer back but does the work at once', async () => {
    const seller = fake.createAccount();
    fake.inject(seller.userId, 'slow', { delayMs: 300 });
    const started = Date.now();
    expect((await vinted(seller, 'GET', PATHS.currentUser)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const [call] = fake.calls;
    expect(call).toMatchObject({ status: 200, fault: 'slow' });
    expect((call.endedAt ?? 0) - call.at).toBeGreaterThanOrEqual(290);

    // A caller that gives up before the answer does not know the item was created.
    const photoId = await uploadPhoto(seller);
    fake.inject(seller.userId, 'slow', { delayMs: 2000, when: { method: 'POST', path: PATHS.items } });
    const timedOut = vinted(seller, 'POST', PATHS.items, {
      json: itemBody([photoId]),
      headers: UPLOAD_FORM,
      signal: AbortSignal.timeout(100),
    });
    await expect(timedOut).rejects.toThrow(/aborted/i);
    expect(fake.items(seller.userId).map((i) => i.title)).toEqual(['Veste en jean Levi’s']);
  });

  it('drop closes the connection without answering or doing anything', async () => {
    const seller = fake.createAccount();
    const photoId = await uploadPhoto(seller);
    fake.inject(seller.userId, 'drop', { when: { path: PATHS.items } });
    const dropped = vinted(seller, 'POST', PATHS.items, { json: itemBody([photoId]), headers: UPLOAD_FORM });
    await expect(dropped).rejects.toThrow('fetch failed');
    expect(fake.items(seller.userId)).toEqual([]);
    expect(fake.calls[1]).toMatchObject({ method: 'POST', path: PATHS.items, status: 0, fault: 'drop' });
    expect(fake.calls[1].endedAt).toEqual(expect.any(Number));
  });

  it('lost-create creates the item, then closes the connection: found again in the wardrobe by title', async () => {
    const seller = fake.createAccount();
    fake.inject(seller.userId, 'lost-create');
    // The default `when` of lost-create is the create call: the photo upload before it goes through.
    const photoId = await uploadPhoto(seller);
    const lost = vinted(seller, 'POST', PATHS.items, { json: itemBody([photoId]), headers: UPLOAD_FORM });
    await expect(lost).rejects.toThrow('fetch failed');

    const [item] = fake.items(seller.userId);
    expect(item).toMatchObject({ title: 'Veste en jean Levi’s', tempUuid: 'draft-1', photoIds: [photoId] });
    expect(fake.calls.map((c) => [c.path, c.status, c.fault])).toEqual([
      [PATHS.photos, 200, undefined],
      [PATHS.items, 200, 'lost-create'],
    ]);
    const wardrobe = await wardrobeOf(seller, seller);
    expect(wardrobe.body).toMatchObject({ items: [{ id: item.id, title: 'Veste en jean Levi’s' }] });
  });

  it('fires on the nth matching call from now, `times` times in a row, ignoring calls that do not match', async () => {
    const seller = fake.createAccount();
    fake.inject(seller.userId, 'server-error', { times: 2, when: { method: 'get', path: PATHS.currentUser, nth: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await vinted(seller, 'GET', PATHS.currentUser)).status);
      // Neither another path nor another method counts towards nth or times.
      expect((await wardrobeOf(seller, seller)).status).toBe(200);
      expect((await vinted(seller, 'POST', PATHS.currentUser)).status).toBe(404);
    }
    expect(statuses).toEqual([200, 500, 500, 200]);
    expect(fake.pendingFaults(seller.userId)).toBe(0);
  });

  it('matches a RegExp against the path with its query, and fires queued faults on successive calls', async () => {
    const seller = fake.createAccount();
    fake.inject(seller.userId, 'captcha', { when: { path: /per_page=5/ } });
    fake.inject(seller.userId, 'rate-limit', { when: { path: /per_page=5/ } });
    expect((await wardrobeOf(seller, seller, '?per_page=10')).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await wardrobeOf(seller, seller, '?page=1&per_page=5')).status);
    expect(statuses).toEqual([403, 429, 200]);
  });

  it('keeps firing with times: Infinity until clearFaults, and only for its account', async () => {
    const alice = fake.createAccount();
    const bob = fake.createAccount();
    fake.inject(alice.userId, 'session-expired', { times: Infinity });
    for (let i = 0; i < 3; i++) expect((await vinted(alice, 'GET', PATHS.currentUser)).status).toBe(401);
    expect((await vinted(bob, 'GET', PATHS.currentUser)).status).toBe(200);
    expect(fake.pendingFaults(alice.userId)).toBe(1);
    fake.clearFaults(alice.userId);
    expect((await vinted(alice, 'GET', PATHS.currentUser)).status).toBe(200);
    expect(() => fake.inject(123, 'drop')).toThrow('no account 123');
    expect(() => fake.inject(alice.userId, 'drop', { when: { nth: 0 } })).toThrow(RangeError);
  });
});

describe('messages', () => {
  it('lists the inbox newest activity first with unread counts, shows a conversation and reads it', async () => {
    const seller = fake.createAccount();
    const older = fake.addConversation(seller.userId, {
      buyer: { id: 901, login: 'claire_b' },
      itemId: 5_100_000_001,
      messages: [{ body: 'Bonjour !' }, { offer: { price: 10 } }],
    });
    const newer = fake.addConversation(seller.userId, {
      messages: [{ body: 'Hello' }, { from: 'seller', body: 'Hi' }, { body: 'Still there?' }],
    });
    const inbox = await vinted(seller, 'GET', `${PATHS.inbox}?page=1&per_page=20`);
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({
      conversations: [
        { id: newer.id, unread_count: 1, description: 'Still there?' },
        { id: older.id, unread_count: 2, opposite_user: { id: 901, login: 'claire_b' }, description: '10.0 EUR' },
      ],
      pagination: { current_page: 1, total_pages: 1, total_entries: 2 },
    });

    const shown = await vinted(seller, 'GET', PATHS.conversation(older.id));
    expect(shown.body).toEqual({
      conversation: {
        id: older.id,
        updated_at: new Date(older.updatedAt).toISOString(),
        opposite_user: { id: 901, login: 'claire_b', photo: null },
        transaction: { id: older.transactionId, item_id: 5_100_000_001 },
        messages: [
          expect.objectContaining({ entity_type: 'message', entity: expect.objectContaining({ body: 'Bonjour !' }) }),
          expect.objectContaining({
            entity_type: 'offer_request_message',
            entity: { user_id: 901, price: { amount: '10.0', currency_code: 'EUR' } },
          }),
        ],
      },
    });
    // Opened: read; a new buyer message puts it back on top, unread.
    fake.addBuyerMessage(seller.userId, older.id, 'Vous êtes là ?');
    const again = await vinted(seller, 'GET', PATHS.inbox);
    expect((again.body as { conversations: { id: number; unread_count: number }[] }).conversations).toEqual([
      expect.objectContaining({ id: older.id, unread_count: 1 }),
      expect.objectContaining({ id: newer.id, unread_count: 1 }),
    ]);
  });

  it('takes a reply as {reply: {body}} with the CSRF token, and keeps conversations to their account', async () => {
    const seller = fake.createAccount();
    const stranger = fake.createAccount();
    const conversation = fake.addConversation(seller.userId, { messages: [{ body: 'Dispo ?' }] });
    const answer = await vinted(seller, 'POST', PATHS.replies(conversation.id), { json: { reply: { body: 'Oui' } } });
    expect(answer.status).toBe(200);
    const [message] = fake.conversations(seller.userId)[0].messages.slice(-1);
    expect(message).toMatchObject({ userId: seller.userId, kind: 'message', body: 'Oui' });
    expect(answer.body).toEqual({
      reply: expect.objectContaining({ id: message.id, conversation_id: conversation.id, body: 'Oui' }),
    });

    const json = { reply: { body: 'x' } };
    expect((await vinted(seller, 'POST', PATHS.replies(conversation.id), { json: { reply: {} } })).status).toBe(422);
    expect(
      (await vinted(seller, 'POST', PATHS.replies(conversation.id), { json, omit: ['x-csrf-token'] })).status,
    ).toBe(403);
    expect((await vinted(stranger, 'POST', PATHS.replies(conversation.id), { json })).status).toBe(404);
    expect((await vinted(stranger, 'GET', PATHS.conversation(conversation.id))).status).toBe(404);
    expect((await vinted(stranger, 'GET', PATHS.inbox)).body).toMatchObject({ conversations: [] });
    expect(fake.conversations(seller.userId)[0].messages).toHaveLength(2);
  });

  it('applies the faults to these routes: a lost reply is stored, its answer never sent', async () => {
    const seller = fake.createAccount();
    const conversation = fake.addConversation(seller.userId, { messages: [{ body: 'Dispo ?' }] });
    fake.inject(seller.userId, 'lost-create', { when: { path: /\/replies$/ } });
    fake.inject(seller.userId, 'server-error', { when: { path: PATHS.inbox } });
    const lost = vinted(seller, 'POST', PATHS.replies(conversation.id), { json: { reply: { body: 'Oui' } } });
    await expect(lost).rejects.toThrow('fetch failed');
    expect(fake.conversations(seller.userId)[0].messages.map((m) => m.body)).toEqual(['Dispo ?', 'Oui']);
    expect((await vinted(seller, 'GET', PATHS.inbox)).status).toBe(500);
    expect((await vinted(seller, 'GET', PATHS.inbox)).status).toBe(200);
  });
});

describe('recording', () => {
  it('records every call in arrival order, with its account, path and query, status and times', async () => {
    const seller = fake.createAccount();
    const before = Date.now();
    await vinted(seller, 'GET', PATHS.currentUser);
    await vinted(null, 'GET', PATHS.currentUser);
    await wardrobeOf(seller, seller, '?page=2&per_page=10');
    const after = Date.now();

    expect(fake.calls.map(({ userId, method, path, status }) => ({ userId, method, path, status }))).toEqual([
      { userId: seller.userId, method: 'GET', path: PATHS.currentUser, status: 200 },
      { userId: null, method: 'GET', path: PATHS.currentUser, status: 401 },
      {
        userId: seller.userId,
        method: 'GET',
        path: `${PATHS.wardrobe(seller.userId)}?page=2&per_page=10`,
        status: 200,
      },
    ]);
    for (const [i, call] of fake.calls.entries()) {
      expect(call.at).toBeGreaterThanOrEqual(before);
      expect(call.endedAt).toBeGreaterThanOrEqual(call.at);
      expect(call.endedAt).toBeLessThanOrEqual(after);
      if (i > 0) expect(call.at).toBeGreaterThanOrEqual(fake.calls[i - 1].at);
    }
    expect(fake.callsFor(seller.userId)).toHaveLength(2);

    fake.reset();
    expect(fake.calls).toEqual([]);
    expect((await vinted(seller, 'GET', PATHS.currentUser)).status).toBe(401); // the account is gone too
  });
});

describe('the extension simulator against the fake', () => {
  let media: http.Server;
  let mediaUrl: string;

  beforeAll(async () => {
    // Stands in for StoFlow's signed media URLs, which the extension fetches before uploading.
    media = http.createServer((req, res) => {
      if (req.url !== '/media/1.jpg') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
    });
    await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
    mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    media.closeAllConnections();
    await new Promise((resolve) => media.close(resolve));
  });

  function task(spec: Partial<PluginTask> & Pick<PluginTask, 'method' | 'url'>): PluginTask {
    return { id: 'task-1', attempt: 1, headers: {}, body: null, timeoutMs: 5000, ...spec };
  }

  function extensionFor(account: FakeVintedAccount): FakeExtension {
    // Never polls: execute() only talks to the Vinted origin.
    return new FakeExtension(
      { api: 'http://127.0.0.1:9', vinted: fake.url, sessionHeaders: account.sessionHeaders },
      't',
    );
  }

  it('uploads a photo through its multipart code, then creates an item with it', async () => {
    const seller = fake.createAccount();
    const ext = extensionFor(seller);
    const upload = await ext.execute(
      task({
        method: 'POST',
        url: PATHS.photos,
        // A content type from the task must not replace the multipart one (with its boundary) that fetch writes.
        headers: { 'content-type': 'application/json' },
        body: {
          multipart: {
            fields: { 'photo[type]': 'item', 'photo[temp_uuid]': 'draft-7' },
            files: [
              { field: 'photo[file]', url: `${mediaUrl}/media/1.jpg`, filename: '1.jpg', contentType: 'image/jpeg' },
            ],
          },
        },
      }),
    );
    expect(upload).toMatchObject({ attempt: 1, ok: true, status: 200, body: { temp_uuid: 'draft-7' } });
    const photoId = (upload.body as { id: number }).id;
    expect(fake.photos(seller.userId)).toEqual([
      expect.objectContaining({ id: photoId, filename: '1.jpg', contentType: 'image/jpeg', size: jpeg.length }),
    ]);

    const create = await ext.execute(
      task({
        method: 'POST',
        url: PATHS.items,
        headers: UPLOAD_FORM,
        body: itemBody([photoId], { temp_uuid: 'draft-7' }),
      }),
    );
    expect(create).toMatchObject({ ok: true, status: 200, body: { item: { title: 'Veste en jean Levi’s' } } });
    expect(fake.items(seller.userId)).toEqual([expect.objectContaining({ tempUuid: 'draft-7', photoIds: [photoId] })]);
  });

  it('reports HTML as its first 2 KB, a dropped connection as status 0, and a media URL that fails', async () => {
    const seller = fake.createAccount();
    const ext = extensionFor(seller);
    fake.inject(seller.userId, 'html');
    const html = await ext.execute(task({ method: 'GET', url: PATHS.currentUser }));
    expect(html).toMatchObject({ ok: true, status: 200 });
    expect(html.body).toMatch(/^<!DOCTYPE html>/);
    expect((html.body as string).length).toBe(2048);

    fake.inject(seller.userId, 'drop');
    const dropped = await ext.execute(task({ method: 'GET', url: PATHS.currentUser }));
    expect(dropped).toMatchObject({ ok: false, status: 0, error: { code: 'NETWORK_ERROR' } });

    const missing = await ext.execute(
      task({
        method: 'POST',
        url: PATHS.photos,
        body: {
          multipart: {
            fields: { 'photo[type]': 'item', 'photo[temp_uuid]': 'draft-8' },
            files: [
              { field: 'photo[file]', url: `${mediaUrl}/media/gone.jpg`, filename: 'x.jpg', contentType: 'image/jpeg' },
            ],
          },
        },
      }),
    );
    expect(missing).toMatchObject({ ok: false, status: 0, error: { message: expect.stringContaining('404') } });
    // Nothing reached the fake for the failed upload.
    expect(fake.callsFor(seller.userId).map((c) => c.path)).toEqual([PATHS.currentUser, PATHS.currentUser]);
  });
});

describe('reference lists', () => {
  interface Node {
    id: number;
    title: string;
    catalogs: Node[];
  }
  const flatten = (
    nodes: Node[],
    parentId: number | null = null,
  ): { id: number; title: string; parentId: number | null }[] =>
    nodes.flatMap((n) => [{ id: n.id, title: n.title, parentId }, ...flatten(n.catalogs, n.id)]);
  const tree = async (account: FakeVintedAccount) => {
    const res = await vinted(account, 'GET', PATHS.catalogs);
    expect(res.status).toBe(200);
    return flatten((res.body as { catalogs: Node[] }).catalogs);
  };

  it('serves the seeded catalog tree, size groups and brands to a logged-in tab only', async () => {
    const account = fake.createAccount();
    expect((await vinted(null, 'GET', PATHS.catalogs)).status).toBe(401);
    const catalogs = await tree(account);
    expect(catalogs.filter((c) => c.parentId === null).map((c) => c.id)).toEqual([1904, 5, 1193]);
    expect(catalogs).toContainEqual({ id: 178, title: 'Mini-dresses', parentId: 10 });
    expect(catalogs).toContainEqual({ id: 5492, title: 'Polo shirts', parentId: expect.any(Number) });
    expect(new Set(catalogs.map((c) => c.id)).size).toBe(catalogs.length);

    const groups = (await vinted(account, 'GET', PATHS.sizeGroups)).body as {
      size_groups: { id: number; sizes: { id: number; title: string }[] }[];
    };
    const women = groups.size_groups.find((g) => g.id === 4)!;
    expect(women.sizes.map((s) => s.id)).toEqual(expect.arrayContaining([2, 3, 4]));
    expect(groups.size_groups.find((g) => g.id === 7)!.sizes.length).toBeGreaterThan(10);

    const nike = (await vinted(account, 'GET', `${PATHS.brands}?keyword=nike`)).body as {
      brands: { id: number; title: string }[];
    };
    expect(nike.brands[0]).toMatchObject({ id: 53, title: 'Nike' });
    const kookai = (await vinted(account, 'GET', `${PATHS.brands}?keyword=KOOKAI`)).body as { brands: unknown[] };
    expect(kookai.brands).toContainEqual(expect.objectContaining({ id: 123 }));
    expect((await vinted(account, 'GET', `${PATHS.brands}?keyword=`)).body).toEqual({ brands: [] });
  });

  it('renames and removes catalogs (with what is below them), renames brands, and goes back to the seeds on reset', async () => {
    const account = fake.createAccount();
    fake.renameCatalog(179, 'Denim & chambray dresses');
    fake.removeCatalog(1774);
    fake.renameBrand(53, 'NIKE');
    const catalogs = await tree(account);
    expect(catalogs).toContainEqual({ id: 179, title: 'Denim & chambray dresses', parentId: 10 });
    // Special-occasion dresses go with the five catalogs below them; their siblings stay.
    for (const id of [1774, 1775, 1776, 1777, 1778, 1060]) expect(catalogs.find((c) => c.id === id)).toBeUndefined();
    expect(catalogs).toContainEqual({ id: 178, title: 'Mini-dresses', parentId: 10 });
    const nike = (await vinted(account, 'GET', `${PATHS.brands}?keyword=nike`)).body as { brands: { title: string }[] };
    expect(nike.brands[0].title).toBe('NIKE');

    fake.reset();
    const again = fake.createAccount();
    const seeded = await tree(again);
    expect(seeded).toContainEqual({ id: 179, title: 'Denim dresses', parentId: 10 });
    expect(seeded).toContainEqual({ id: 1775, title: 'Party & cocktail dresses', parentId: 1774 });
  });
});
