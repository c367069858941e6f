import {
  classifyVintedAnswer,
  UnexpectedVintedAnswer,
  VintedAnswer,
  VintedItemPayload,
  VintedOutcomeKind,
  VintedWebClient,
} from './vinted-web.client';

const client = new VintedWebClient();

const ITEM: VintedItemPayload = {
  id: null,
  title: 'Jean Levi’s 501 W32',
  description: 'Très bon état, coupe droite.',
  price: '25.00',
  currency: 'EUR',
  catalog_id: 1819,
  brand_id: 10,
  size_id: 1640,
  status_id: 2,
  package_size_id: 2,
  color_ids: [9],
  assigned_photos: [{ id: 987, orientation: 0 }],
  item_attributes: [{ code: 'material', ids: [44] }],
  is_unisex: false,
  temp_uuid: '5c1d1f7e-2b8a-4a57-9a51-0e6c2f3d8b44',
};

describe('VintedWebClient calls', () => {
  it('uploads a photo as a multipart description the extension fetches from StoFlow', () => {
    expect(
      client.uploadPhoto({ tempUuid: ITEM.temp_uuid, imageUrl: 'https://api.example/media/abc', filename: '1.jpg' }),
    ).toEqual({
      method: 'POST',
      url: '/api/v2/photos',
      body: {
        multipart: {
          fields: { 'photo[type]': 'item', 'photo[temp_uuid]': ITEM.temp_uuid },
          files: [
            {
              field: 'photo[file]',
              url: 'https://api.example/media/abc',
              filename: '1.jpg',
              contentType: 'image/jpeg',
            },
          ],
        },
      },
      timeoutMs: 60_000,
    });
  });

  it('creates with a null id and edits with the item id, both as the sell form', () => {
    const envelope = { feedback_id: null, push_up: false, parcel: null, upload_session_id: 'session-1' };
    expect(client.createItem({ ...ITEM, id: 5 }, 'session-1')).toEqual({
      method: 'POST',
      url: '/api/v2/item_upload/items',
      headers: { 'x-upload-form': 'true' },
      body: { item: ITEM, ...envelope },
      timeoutMs: 30_000,
    });
    expect(client.editItem('4412345678', ITEM, 'session-1')).toEqual({
      method: 'PUT',
      url: '/api/v2/item_upload/items/4412345678',
      headers: { 'x-upload-form': 'true' },
      body: { item: { ...ITEM, id: 4412345678 }, ...envelope },
      timeoutMs: 30_000,
    });
  });

  it.each([
    ['currentUser', client.currentUser(), 'GET', '/api/v2/users/current'],
    ['getItem', client.getItem('4412345678'), 'GET', '/api/v2/item_upload/items/4412345678'],
    ['deleteItem', client.deleteItem('4412345678'), 'POST', '/api/v2/items/4412345678/delete'],
    ['hideItem', client.hideItem('4412345678', true), 'PUT', '/api/v2/items/4412345678/is_hidden'],
    [
      'wardrobePage',
      client.wardrobePage('88', 2, 96),
      'GET',
      '/api/v2/wardrobe/88/items?page=2&per_page=96&order=relevance',
    ],
    ['myOrders', client.myOrders('in_progress', 3), 'GET', '/api/v2/my_orders?type=sold&status=in_progress&page=3'],
  ])('%s', (_, call, method, url) => {
    expect({ method: call.method, url: call.url }).toEqual({ method, url });
  });

  it('copies a photo from Vinted’s CDN to a StoFlow upload URL', () => {
    const call = client.copyPhoto({
      photoId: '21000000001',
      imageUrl: 'https://images1.vinted.net/t/x/f1600/21000000001.jpeg',
      uploadUrl: '/media/uploads/tok',
    });
    expect(call).toEqual({
      method: 'GET',
      url: 'https://images1.vinted.net/t/x/f1600/21000000001.jpeg',
      body: { copy: { to: '/media/uploads/tok', field: 'file', filename: 'vinted-21000000001.jpg' } },
      timeoutMs: 60_000,
    });
    expect(() => client.copyPhoto({ photoId: '1', imageUrl: 'javascript:alert(1)', uploadUrl: '/u' })).toThrow(
      RangeError,
    );
    expect(client.readCopiedPhoto({ id: '0f8fad5b-d9cb-469f-a165-70867728950e', position: 0 })).toEqual({
      imageId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
    expect(() => client.readCopiedPhoto({ error: {} })).toThrow(UnexpectedVintedAnswer);
  });

  it('refuses an id that would change the path', () => {
    expect(() => client.deleteItem('12/../../users/current')).toThrow(RangeError);
    expect(() => client.wardrobePage('', 1, 20)).toThrow(RangeError);
  });
});

describe('VintedWebClient readers', () => {
  it('reads the current user, a photo, an item', () => {
    expect(client.readCurrentUser({ user: { id: 88, login: 'marie_vintage' } })).toEqual({
      userId: '88',
      login: 'marie_vintage',
    });
    expect(client.readPhoto({ id: 987, temp_uuid: ITEM.temp_uuid, url: 'https://images1.vinted.net/t/1.jpg' })).toEqual(
      {
        photoId: 987,
      },
    );
    expect(
      client.readItem({ item: { id: 4412345678, title: 'Jean', url: 'https://www.vinted.fr/items/4412345678-jean' } }),
    ).toEqual({ itemId: '4412345678', url: 'https://www.vinted.fr/items/4412345678-jean' });
    expect(client.readItem({ item: { id: '4412345678' } })).toEqual({ itemId: '4412345678', url: null });
  });

  it('keeps only https listing URLs on Vinted hosts, and plain-text logins', () => {
    const item = (url: unknown) => client.readItem({ item: { id: 1, url } }).url;
    expect(item('https://www.vinted.co.uk/items/1-jean')).toBe('https://www.vinted.co.uk/items/1-jean');
    expect(item('https://vinted.com/items/1')).toBe('https://vinted.com/items/1');
    for (const bad of [
      'javascript:alert(1)',
      'http://www.vinted.fr/items/1',
      'https://www.vinted.fr.evil.example/items/1',
      'https://evilvinted.fr/items/1',
      'https://user:pw@www.vinted.fr/items/1',
      'data:text/html,<script>',
      '/items/1',
      42,
    ]) {
      expect(item(bad)).toBeNull();
    }
    expect(client.readCurrentUser({ user: { id: 1, login: 'closet_of-ana.2' } }).login).toBe('closet_of-ana.2');
    expect(client.readCurrentUser({ user: { id: 1, login: '<img src=x onerror=alert(1)>' } }).login).toBeNull();
    expect(client.readCurrentUser({ user: { id: 1, login: 'x'.repeat(101) } }).login).toBeNull();
  });

  it('reads an item’s edit view with every field an import maps', () => {
    const body = {
      item: {
        id: 5100000001,
        title: 'Robe midi',
        description: 'Portée une fois.',
        price: '24.5',
        currency: 'EUR',
        catalog_id: 1056,
        brand_id: 53,
        brand: 'Nike',
        size_id: 4,
        status_id: 2,
        package_size_id: 2,
        color_ids: [1, 12],
        item_attributes: [{ code: 'material', ids: [44, 45] }],
        photos: [
          { id: 901, url: 'https://images1.vinted.net/t/a.jpg', full_size_url: 'https://images1.vinted.net/f/a.jpg' },
          { id: 902, url: 'javascript:alert(1)' },
        ],
        url: 'https://www.vinted.fr/items/5100000001-robe-midi',
        is_hidden: false,
        is_draft: false,
        is_closed: false,
      },
    };
    expect(client.readItemDetails(body)).toEqual({
      id: '5100000001',
      title: 'Robe midi',
      description: 'Portée une fois.',
      price: '24.5',
      currency: 'EUR',
      url: 'https://www.vinted.fr/items/5100000001-robe-midi',
      catalogId: 1056,
      brandId: 53,
      brandTitle: 'Nike',
      sizeId: 4,
      sizeTitle: null,
      statusId: 2,
      packageSizeId: 2,
      colorIds: [1, 12],
      materialIds: [44, 45],
      photos: [{ id: 901, url: 'https://images1.vinted.net/f/a.jpg' }],
      isClosed: false,
      isHidden: false,
      isDraft: false,
    });
    // Vinted has also sent the brand as `brand_dto` and the colours as color1_id / color2_id.
    const older = {
      item: { id: 7, title: 'Jupe', brand_dto: { id: 14, title: 'adidas' }, color1_id: 3, color2_id: null },
    };
    expect(client.readItemDetails(older)).toMatchObject({
      brandId: 14,
      brandTitle: 'adidas',
      colorIds: [3],
      photos: [],
    });
    expect(() => client.readItemDetails({ items: [] })).toThrow(UnexpectedVintedAnswer);
  });

  it('reads a wardrobe page in either price shape', () => {
    const body = {
      items: [
        {
          id: 11,
          title: 'Pull laine',
          price: { amount: '18.0', currency_code: 'EUR' },
          url: 'https://www.vinted.fr/items/11-pull',
          photos: [
            { id: 901, url: 'https://images1.vinted.net/t/a.jpg', full_size_url: 'https://images1.vinted.net/f/a.jpg' },
          ],
          brand_title: 'Zara',
          size_title: 'M',
          is_hidden: true,
        },
        { id: 12, title: 'Robe', price: '9.5', currency: 'EUR', photos: [], is_closed: true },
      ],
      pagination: { current_page: 1, total_pages: 3, total_entries: 50, per_page: 20 },
    };
    expect(client.readWardrobe(body)).toEqual({
      items: [
        {
          id: '11',
          title: 'Pull laine',
          price: '18.0',
          currency: 'EUR',
          url: 'https://www.vinted.fr/items/11-pull',
          photoIds: [901],
          photoUrls: ['https://images1.vinted.net/f/a.jpg'],
          brand: 'Zara',
          size: 'M',
          isClosed: false,
          isHidden: true,
          isReserved: false,
          isDraft: false,
        },
        {
          id: '12',
          title: 'Robe',
          price: '9.5',
          currency: 'EUR',
          url: null,
          photoIds: [],
          photoUrls: [],
          brand: null,
          size: null,
          isClosed: true,
          isHidden: false,
          isReserved: false,
          isDraft: false,
        },
      ],
      pagination: { currentPage: 1, totalPages: 3, totalEntries: 50, perPage: 20 },
    });
  });

  it('reads a page of sales: transaction, item, amount as text, status, buyer login', () => {
    const body = {
      my_orders: [
        {
          transaction_id: 9001,
          item_id: 4242,
          title: 'Black tee',
          price: { amount: '12.5', currency_code: 'EUR' },
          transaction_user_status: 'completed',
          date: '2026-12-01T10:00:00Z',
          user: { id: 7, login: 'buyer_7' },
        },
        {
          transaction_id: 9002,
          item_id: null,
          title: 'Gone',
          price: { amount: 3 },
          transaction_user_status: 'canceled',
          date: '2026-11-30T10:00:00Z',
          user: null,
        },
      ],
      pagination: { current_page: 1, total_pages: 3, total_entries: 45, per_page: 20 },
    };
    expect(client.readOrders(body)).toEqual({
      orders: [
        {
          transactionId: '9001',
          itemId: '4242',
          title: 'Black tee',
          amount: '12.5',
          currency: 'EUR',
          status: 'completed',
          date: new Date('2026-12-01T10:00:00Z'),
          buyer: 'buyer_7',
        },
        {
          transactionId: '9002',
          itemId: null,
          title: 'Gone',
          amount: '3',
          currency: 'EUR',
          status: 'canceled',
          date: new Date('2026-11-30T10:00:00Z'),
          buyer: null,
        },
      ],
      currentPage: 1,
      totalPages: 3,
    });
  });

  it('reads a page of the inbox: each conversation, when it changed, its unread count', () => {
    const body = {
      conversations: [
        {
          id: 9_800_000_001,
          updated_at: '2026-12-05T10:00:00.123Z',
          unread_count: 2,
          description: 'Bonjour',
          opposite_user: { id: 7, login: 'claire_b' },
        },
        { id: '9800000002', updated_at: '2026-12-04T09:00:00+01:00', is_unread: false },
      ],
      pagination: { current_page: 1, total_pages: 2, total_entries: 21, per_page: 20 },
    };
    expect(client.readInbox(body)).toEqual({
      conversations: [
        { conversationId: '9800000001', updatedAt: new Date('2026-12-05T10:00:00.123Z'), unreadCount: 2 },
        { conversationId: '9800000002', updatedAt: new Date('2026-12-04T08:00:00Z'), unreadCount: null },
      ],
      currentPage: 1,
      totalPages: 2,
    });
  });

  it('reads a conversation: texts and offers oldest first, in or out by author, status notices left out', () => {
    const body = {
      conversation: {
        id: 9_800_000_001,
        updated_at: '2026-12-05T10:00:00Z',
        opposite_user: { id: 7, login: 'claire_b' },
        transaction: { id: 14_000_000_001, item_id: 5_100_000_001 },
        messages: [
          {
            id: 23_000_000_003,
            entity_type: 'offer_request_message',
            entity: { user_id: 7, price: { amount: '10.0', currency_code: 'EUR' } },
            created_at_ts: '2026-12-05T09:30:00Z',
          },
          {
            id: 23_000_000_001,
            entity_type: 'message',
            entity: { body: 'Toujours disponible ?', user_id: 7 },
            created_at_ts: '2026-12-05T09:00:00Z',
          },
          { entity_type: 'status_message', entity: { title: 'Item sold' }, created_at_ts: '2026-12-05T09:40:00Z' },
          {
            id: 23_000_000_004,
            entity_type: 'message',
            entity: { body: 'Oui !', user_id: 48_000_001 },
            created_at_ts: '2026-12-05T10:00:00Z',
          },
        ],
      },
    };
    expect(client.readConversation(body)).toEqual({
      conversationId: '9800000001',
      itemId: '5100000001',
      counterpart: 'claire_b',
      updatedAt: new Date('2026-12-05T10:00:00Z'),
      messages: [
        {
          messageId: '23000000001',
          kind: 'message',
          direction: 'in',
          body: 'Toujours disponible ?',
          price: null,
          currency: null,
          sentAt: new Date('2026-12-05T09:00:00Z'),
        },
        {
          messageId: '23000000003',
          kind: 'offer',
          direction: 'in',
          body: '',
          price: '10.0',
          currency: 'EUR',
          sentAt: new Date('2026-12-05T09:30:00Z'),
        },
        {
          messageId: '23000000004',
          kind: 'message',
          direction: 'out',
          body: 'Oui !',
          price: null,
          currency: null,
          sentAt: new Date('2026-12-05T10:00:00Z'),
        },
      ],
    });
  });

  it('reads the answer of a reply, and builds the inbox, conversation and reply calls', () => {
    expect(client.readReply({ reply: { id: 23_000_000_009, created_at_ts: '2026-12-05T11:00:00Z' } })).toEqual({
      messageId: '23000000009',
      sentAt: new Date('2026-12-05T11:00:00Z'),
    });
    expect(client.inbox(2, 20)).toMatchObject({ method: 'GET', url: '/api/v2/inbox?page=2&per_page=20' });
    expect(client.getConversation('9800000001')).toMatchObject({
      method: 'GET',
      url: '/api/v2/conversations/9800000001',
    });
    expect(client.replyToConversation('9800000001', 'Merci !')).toMatchObject({
      method: 'POST',
      url: '/api/v2/conversations/9800000001/replies',
      body: { reply: { body: 'Merci !' } },
    });
    expect(() => client.replyToConversation('../users/1', 'x')).toThrow(RangeError);
  });

  it.each<[string, (body: unknown) => unknown, unknown]>([
    ['an inbox without pagination', (b) => client.readInbox(b), { conversations: [] }],
    [
      'an inbox entry without updated_at',
      (b) => client.readInbox(b),
      { conversations: [{ id: 1 }], pagination: { current_page: 1, total_pages: 1 } },
    ],
    ['a conversation without messages', (b) => client.readConversation(b), { conversation: { id: 1 } }],
    [
      'a message without body',
      (b) => client.readConversation(b),
      {
        conversation: {
          id: 1,
          updated_at: '2026-12-05T10:00:00Z',
          messages: [{ id: 2, entity_type: 'message', entity: { user_id: 3 }, created_at_ts: '2026-12-05T10:00:00Z' }],
        },
      },
    ],
    ['a reply without id', (b) => client.readReply(b), { reply: { body: 'x' } }],
    ['sales without pagination', (b) => client.readOrders(b), { my_orders: [] }],
    [
      'a sale with an unknown status',
      (b) => client.readOrders(b),
      {
        my_orders: [{ transaction_id: 1, price: { amount: '1' }, transaction_user_status: 'lost', date: '2026-01-01' }],
        pagination: { current_page: 1, total_pages: 1 },
      },
    ],
    [
      'a sale detail with an item without price',
      (b) => client.readTransaction(b),
      {
        transaction: {
          id: 5,
          transaction_user_status: 'completed',
          date: '2026-12-05T10:00:00Z',
          total_item_price: { amount: '30.0', currency_code: 'EUR' },
          items: [{ id: 7, title: 'Skirt' }],
        },
      },
    ],
    ['a user without id', (b) => client.readCurrentUser(b), { user: { login: 'x' } }],
    ['a photo without id', (b) => client.readPhoto(b), { temp_uuid: 'x' }],
    ['an item at the top level', (b) => client.readItem(b), { id: 1 }],
    ['an HTML page', (b) => client.readItem(b), '<html>challenge</html>'],
    ['a wardrobe without pagination', (b) => client.readWardrobe(b), { items: [] }],
    [
      'a wardrobe item without title',
      (b) => client.readWardrobe(b),
      {
        items: [{ id: 1 }],
        pagination: { current_page: 1, total_pages: 1, total_entries: 1, per_page: 20 },
      },
    ],
  ])('throws on %s', (_, read, body) => {
    expect(() => read(body)).toThrow(UnexpectedVintedAnswer);
  });
});

describe('VintedWebClient sale detail', () => {
  it('asks for one sale and reads every item it sold (a bundle sells several)', () => {
    expect(client.transaction('5')).toMatchObject({ method: 'GET', url: '/api/v2/transactions/5' });
    const sale = client.readTransaction({
      transaction: {
        id: 5,
        title: '2 items',
        transaction_user_status: 'in_progress',
        date: '2026-12-05T10:00:00Z',
        buyer: { id: 9, login: 'anna_b' },
        total_item_price: { amount: '30.0', currency_code: 'EUR' },
        items: [
          { id: 7, title: 'Skirt', price: { amount: '18.0', currency_code: 'EUR' } },
          { id: 8, title: 'Scarf', price: { amount: 12, currency_code: 'EUR' } },
        ],
      },
    });
    expect(sale).toEqual({
      transactionId: '5',
      status: 'in_progress',
      date: new Date('2026-12-05T10:00:00Z'),
      buyer: 'anna_b',
      title: '2 items',
      total: { amount: '30.0', currency: 'EUR' },
      items: [
        { itemId: '7', title: 'Skirt', amount: '18.0', currency: 'EUR' },
        { itemId: '8', title: 'Scarf', amount: '12', currency: 'EUR' },
      ],
    });
  });
});

describe('classifyVintedAnswer', () => {
  const CAPTCHA_PAGE =
    '<html><head><title>vinted.fr</title></head><body><script src="https://ct.captcha-delivery.com/c.js">';
  const CAPTCHA_JSON = { url: 'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMA&hash=1' };
  const VALIDATION = {
    code: 99,
    message: 'Validation failed',
    message_code: 'validation_error',
    errors: [
      { field: 'title', value: 'Title is too short' },
      { field: 'price', value: 'Price is too low' },
    ],
  };

  // prettier-ignore
  it.each<[string, VintedAnswer, VintedOutcomeKind, boolean, boolean]>([
    ['200 JSON', { ok: true, status: 200, body: { item: { id: 1 } } }, 'ok', false, false],
    ['404 on delete', { ok: false, status: 404, body: { code: 404, message: 'Not found' } }, 'not-found', false, false],
    ['401 invalid token', { ok: false, status: 401, body: { code: 100, message_code: 'invalid_authentication_token' } }, 'session-expired', true, false],
    ['the token error sent as text', { ok: false, status: 401, body: '{"code":100,"message_code":"invalid_authentication_token"}' }, 'session-expired', true, false],
    ['403 stale CSRF token', { ok: false, status: 403, body: { code: 106, message_code: 'access_denied' } }, 'csrf', false, true],
    ['403 DataDome page', { ok: false, status: 403, body: CAPTCHA_PAGE }, 'captcha', true, false],
    ['403 DataDome JSON', { ok: false, status: 403, body: CAPTCHA_JSON }, 'captcha', true, false],
    ['200 DataDome page', { ok: true, status: 200, body: CAPTCHA_PAGE }, 'captcha', true, false],
    ['200 HTML instead of JSON', { ok: true, status: 200, body: '<!DOCTYPE html><html><body>Vinted</body></html>' }, 'blocked', true, false],
    ['403 Cloudflare 1020', { ok: false, status: 403, body: '<html><title>Access denied | www.vinted.fr used Cloudflare</title>Error code: 1020' }, 'blocked', true, false],
    ['429', { ok: false, status: 429, body: { code: 429 } }, 'rate-limited', false, true],
    ['502 HTML', { ok: false, status: 502, body: '<html>Bad gateway</html>' }, 'transient', false, true],
    ['503 JSON', { ok: false, status: 503, body: { message: 'maintenance' } }, 'transient', false, true],
    ['a network error', { ok: false, status: 0, error: { code: 'NETWORK_ERROR', message: 'Failed to fetch' } }, 'transient', false, true],
    ['a lost task (timeout)', { ok: false, status: null, body: null, error: null }, 'transient', false, true],
    ['422 validation', { ok: false, status: 422, body: VALIDATION }, 'rejected', false, false],
    ['403 JSON that is neither CSRF nor captcha', { ok: false, status: 403, body: { code: 107, message: 'Forbidden' } }, 'rejected', false, false],
    ['400 without body', { ok: false, status: 400 }, 'rejected', false, false],
  ])('%s → %s', (_, answer, kind, pausesAccount, retryable) => {
    expect(classifyVintedAnswer(answer)).toMatchObject({ kind, pausesAccount, retryable, status: answer.status });
  });

  it('tells the reseller what to do', () => {
    expect(classifyVintedAnswer({ ok: false, status: 403, body: CAPTCHA_PAGE }).message).toBe(
      'Vinted asks for a captcha: solve it in your Vinted tab, then resume',
    );
    expect(classifyVintedAnswer({ ok: false, status: 401, body: { code: 100 } }).message).toBe(
      'Your Vinted session has expired: log in to Vinted again in your browser',
    );
  });

  it("carries Vinted's message and field errors of a refusal", () => {
    expect(classifyVintedAnswer({ ok: false, status: 422, body: VALIDATION })).toEqual({
      kind: 'rejected',
      status: 422,
      message: 'Vinted refused the request: Validation failed (title: Title is too short; price: Price is too low)',
      fields: [
        { field: 'title', issue: 'Title is too short' },
        { field: 'price', issue: 'Price is too low' },
      ],
      pausesAccount: false,
      retryable: false,
    });
    expect(classifyVintedAnswer({ ok: false, status: 400 }).message).toBe('Vinted refused the request: error 400');
  });

  // prettier-ignore
  it.each<[string, VintedAnswer, number | null]>([
    ['Retry-After on the error', { ok: false, status: 429, error: { code: 'HTTP_429', message: 'Too Many Requests', retryAfterSeconds: 30 } }, 30_000],
    ['Retry-After in the body, as text', { ok: false, status: 429, body: { retryAfterSeconds: '12' } }, 12_000],
    ['no Retry-After', { ok: false, status: 429, body: '<html>Too Many Requests</html>' }, null],
  ])('rate limit with %s', (_, answer, retryAfterMs) => {
    expect(classifyVintedAnswer(answer)).toMatchObject({ kind: 'rate-limited', retryAfterMs });
  });

  it('hands the parsed body of a success back', () => {
    expect(classifyVintedAnswer({ ok: true, status: 200, body: '{"id":987}' })).toMatchObject({
      kind: 'ok',
      body: { id: 987 },
    });
  });
});

describe('VintedWebClient reference lists', () => {
  it('asks for the sell form’s catalog tree, size groups and brand search', () => {
    expect(client.catalogs()).toEqual({ method: 'GET', url: '/api/v2/item_upload/catalogs', timeoutMs: 20_000 });
    expect(client.sizeGroups()).toEqual({ method: 'GET', url: '/api/v2/item_upload/size_groups', timeoutMs: 20_000 });
    expect(client.brands("Levi's & Co").url).toBe('/api/v2/item_upload/brands?keyword=Levi%27s+%26+Co');
  });

  it('flattens the nested tree, parents first', () => {
    const body = {
      catalogs: [
        { id: 1904, title: 'Women', catalogs: [{ id: 10, title: 'Dresses', catalogs: [{ id: 178, title: 'Mini' }] }] },
        { id: 5, title: 'Men', catalogs: [] },
      ],
    };
    expect(client.readCatalogs(JSON.stringify(body))).toEqual([
      { id: 1904, title: 'Women', parentId: null },
      { id: 10, title: 'Dresses', parentId: 1904 },
      { id: 178, title: 'Mini', parentId: 10 },
      { id: 5, title: 'Men', parentId: null },
    ]);
  });

  it('reads size groups (a size titled or captioned) and brands', () => {
    const groups = {
      size_groups: [
        {
          id: 4,
          caption: 'Women',
          sizes: [
            { id: 3, title: 'S' },
            { id: 4, caption: 'M' },
          ],
        },
      ],
    };
    expect(client.readSizeGroups(groups)).toEqual([
      {
        id: 4,
        title: 'Women',
        sizes: [
          { id: 3, title: 'S' },
          { id: 4, title: 'M' },
        ],
      },
    ]);
    expect(client.readBrands({ brands: [{ id: 53, title: 'Nike', slug: 'nike' }] })).toEqual([
      { id: 53, title: 'Nike' },
    ]);
  });

  it.each([
    ['a tree without catalogs', (b: unknown) => client.readCatalogs(b), { items: [] }],
    ['a catalog without a title', (b: unknown) => client.readCatalogs(b), { catalogs: [{ id: 1 }] }],
    ['a size group without sizes', (b: unknown) => client.readSizeGroups(b), { size_groups: [{ id: 4 }] }],
    ['a brand with a text id', (b: unknown) => client.readBrands(b), { brands: [{ id: '53', title: 'Nike' }] }],
  ])('refuses %s', (_, read, body) => {
    expect(() => read(body)).toThrow(UnexpectedVintedAnswer);
  });
});
