import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer, register } from '../helpers/auth';
import { startSagaWorker, until } from '../vinted/jobs-helpers';
import { listeningApi, pairedUser, PairedUser } from '../vinted/plugin-helpers';

interface Connection {
  marketplace: string;
  configured: boolean;
  connected: boolean;
  account: string | null;
  status: string;
  needs: string | null;
}

/** `GET /api/marketplaces`: each marketplace as the seller must see it, fed by the marketplaces' announcements. */
describe('Publishing: marketplace connections', () => {
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    ({ app, base } = await listeningApi());
    worker = await startSagaWorker();
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  async function connections(token: string): Promise<Connection[]> {
    const res = await app.inject({
      method: 'GET',
      url: '/api/marketplaces',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  const vintedOf = async (token: string) => (await connections(token)).find((c) => c.marketplace === 'vinted')!;
  const vintedBecomes = (who: PairedUser, status: string) =>
    until(`Vinted ${status}`, async () => (await vintedOf(who.accessToken)).status === status);

  it('answers every marketplace: what is connected, and what the seller must do', async () => {
    const newcomer = await register(app);
    expect(await connections(newcomer.accessToken)).toEqual([
      {
        marketplace: 'vinted',
        configured: true,
        connected: false,
        account: null,
        status: 'not-connected',
        needs: expect.stringMatching(/extension/),
      },
      expect.objectContaining({ marketplace: 'ebay', configured: false, connected: false, status: 'not-configured' }),
      expect.objectContaining({ marketplace: 'etsy', configured: false, connected: false, status: 'not-configured' }),
    ]);
  });

  it('follows the Vinted connection: paired, logged in, logged out (paused), back, revoked', async () => {
    const alice = await pairedUser(app, base);
    await vintedBecomes(alice, 'waiting-for-vinted');

    expect(await alice.ext.heartbeat({ loggedIn: true, userId: 4242, login: 'alice_closet' })).toBe(200);
    await vintedBecomes(alice, 'connected');
    expect(await vintedOf(alice.accessToken)).toMatchObject({ connected: true, account: 'alice_closet', needs: null });

    expect(await alice.ext.heartbeat({ loggedIn: false })).toBe(200);
    await vintedBecomes(alice, 'paused');
    expect((await vintedOf(alice.accessToken)).needs).toMatch(/log in to Vinted/i);
    // A paused queue needs the seller: an alert until it is over.
    const alerts = async () =>
      (await app.inject({ method: 'GET', url: '/api/alerts', headers: bearer(alice.accessToken) })).json<{
        items: { kind: string; subject: string }[];
      }>().items;
    expect(await alerts()).toEqual([expect.objectContaining({ kind: 'connection', subject: 'vinted' })]);

    expect(await alice.ext.heartbeat({ loggedIn: true, userId: 4242, login: 'alice_closet' })).toBe(200);
    await vintedBecomes(alice, 'connected');
    expect(await alerts()).toEqual([]);

    const devices = await app.inject({ method: 'GET', url: '/api/plugin/devices', headers: bearer(alice.accessToken) });
    const [device] = devices.json<{ items: { id: string }[] }>().items;
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/plugin/devices/${device.id}`,
      headers: bearer(alice.accessToken),
    });
    expect(revoked.statusCode).toBe(204);
    await vintedBecomes(alice, 'not-connected');
  });

  it("never shows one seller another seller's connection", async () => {
    const [alice, bob] = [await pairedUser(app, base), await register(app)];
    expect(await alice.ext.heartbeat({ loggedIn: true, userId: 5151, login: 'alice_only' })).toBe(200);
    await vintedBecomes(alice, 'connected');
    expect(await vintedOf(bob.accessToken)).toMatchObject({ connected: false, account: null, status: 'not-connected' });
  });
});
