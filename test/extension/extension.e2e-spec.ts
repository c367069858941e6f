/**
 * The real extension in real browsers, against the real API and worker and the fake Vinted served as a web site
 * on loopback: pairing, the heartbeat, a publish end to end, and the refusals of tasks that leave Vinted.
 * Browsers run one after the other (the machine's cores are shared); a browser that is not installed is skipped
 * with a message saying how to install it.
 */
import { INestApplicationContext } from '@nestjs/common';
import { AppConfig, RedisClient } from '@stoflow/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { BROWSERS, buildExtension } from '../../apps/extension/build';
import type { Status } from '../../apps/extension/src/messages';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import { patchProduct, Seller, seller } from '../catalog/catalog-helpers';
import {
  bulkPublish,
  JobBody,
  listableProduct,
  publishOne,
  startSagaWorker,
  unpublish,
  until,
  vintedConnection,
  waitForJob,
} from '../vinted/jobs-helpers';
import { dispatch, listeningApi, settings, sleep, task } from '../vinted/plugin-helpers';
import { askExtension, executable, launch, pair, RunningBrowser } from './browsers';

jest.setTimeout(90_000);

const installed = BROWSERS.filter((kind) => executable(kind) !== null);
const missing = BROWSERS.filter((kind) => executable(kind) === null);
if (missing.length > 0) {
  console.warn(
    `[extension e2e] skipping ${missing.join(' and ')}: not installed ` +
      '(apt-get install -y --no-install-recommends chromium firefox-esr, or set CHROMIUM_PATH / FIREFOX_PATH)',
  );
}

describe('the StoFlow extension in real browsers', () => {
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;
  let buildDir: string;
  let dirs: Awaited<ReturnType<typeof buildExtension>>;
  /** Another host on loopback: no task may ever make the browser call it. */
  let foreign: http.Server;
  let foreignOrigin: string;
  const foreignHits: string[] = [];

  beforeAll(async () => {
    if (installed.length === 0) return;
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    worker = await startSagaWorker();
    foreign = http.createServer((req, res) => {
      foreignHits.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
    buildDir = await mkdtemp(path.join(tmpdir(), 'stoflow-extension-'));
    dirs = await buildExtension({ outDir: buildDir, server: base, testVintedOrigins: [vinted.url], zip: false });
  });
  afterAll(async () => {
    if (installed.length === 0) return;
    await worker?.close();
    await app?.close();
    await vinted?.close();
    await new Promise((resolve) => foreign?.close(resolve));
    if (buildDir) await rm(buildDir, { recursive: true, force: true });
  });

  if (installed.length === 0) {
    it.skip('needs chromium or firefox-esr installed', () => undefined);
    return;
  }

  describe.each(installed)('in %s', (kind) => {
    let running: RunningBrowser;
    let user: Seller;
    let account: ReturnType<FakeVinted['createAccount']>;
    let tab: Page;

    beforeAll(async () => {
      running = await launch(kind, dirs[kind]);
      console.info(`[extension e2e] running in ${running.name}`);
      user = await seller(app);
      account = vinted.createAccount({ login: `${kind}_seller` });
      tab = await running.browser.newPage();
      await tab.goto(`${vinted.url}/__fake/login?user=${account.userId}`);
    });
    afterAll(async () => {
      await running?.browser.close();
    });

    const backgroundWorker = () =>
      running.browser.targets().find((t) => t.type() === 'service_worker' && t.url().includes(running.extensionId));

    /** What Chromium does to an idle extension worker, done now: the worker and everything in its memory go. */
    async function stopBackgroundWorker(): Promise<void> {
      const cdp = await running.browser.target().createCDPSession();
      const { targetInfos } = await cdp.send('Target.getTargets');
      const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(running.extensionId));
      await cdp.send('Target.closeTarget', { targetId: target!.targetId });
      await cdp.detach();
      await until('the worker stopped', () => backgroundWorker() === undefined);
    }

    it('pairs with a code from the dashboard and reports the logged-in Vinted user in its heartbeat', async () => {
      const codeRes = await app.inject({ method: 'POST', url: '/api/plugin/pairing-codes', headers: user.headers });
      expect(codeRes.statusCode).toBe(201);
      const shown = await pair(running, tab, codeRes.json<{ code: string }>().code);
      if (kind === 'chromium') expect(shown).toContain(base);

      const devices = await app.inject({ method: 'GET', url: '/api/plugin/devices', headers: user.headers });
      expect(devices.json().items).toHaveLength(1);

      await until('the heartbeat of the logged-in Vinted user', async () => {
        const { vinted: seen } = await vintedConnection(app, user);
        return seen.loggedIn && seen.userId === account.userId;
      });
      expect((await vintedConnection(app, user)).vinted).toEqual({
        loggedIn: true,
        userId: account.userId,
        login: account.login,
      });
      const status = await askExtension<Status>(running, tab, { type: 'status' });
      expect(status).toMatchObject({
        paired: { server: base },
        vinted: { loggedIn: true, userId: account.userId, origin: vinted.url },
      });
      expect(JSON.stringify(status)).not.toContain('token');
    });

    it('publishes 3 products with photos from the Vinted tab, edits one and deletes one', async () => {
      const products = [];
      for (const n of [1, 2, 3]) {
        products.push(await listableProduct(app, user, 2, { title: `Linen shirt ${n} (${kind})`, price: `1${n}.00` }));
      }
      const queued = await bulkPublish(
        app,
        user,
        products.map((p) => p.id),
      );
      expect(queued.statusCode).toBe(202);
      for (const job of queued.json<{ jobs: JobBody[] }>().jobs) {
        expect(await waitForJob(app, user, job.id, undefined, 45_000)).toMatchObject({
          status: 'completed',
          error: null,
        });
      }
      // Bulk jobs run in no particular order.
      const items = vinted.items(account.userId).sort((a, b) => a.title.localeCompare(b.title));
      expect(items.map((i) => [i.title, i.price, i.photoIds.length])).toEqual(
        [1, 2, 3].map((n) => [`Linen shirt ${n} (${kind})`, `1${n}.0`, 2]),
      );
      expect(vinted.photos(account.userId).map((p) => p.contentType)).toEqual(Array(6).fill('image/jpeg'));
      // Every write came from the tab with its session cookie and CSRF token (the fake answers 401/403 otherwise).
      expect(vinted.callsFor(account.userId).filter((c) => c.method !== 'GET' && c.status !== 200)).toEqual([]);

      const [first, second] = items;
      expect(
        (await patchProduct(app, user, products[0].id, { title: `Linen shirt 1, ironed (${kind})` })).statusCode,
      ).toBe(200);
      await until('the edit on Vinted', () =>
        vinted.items(account.userId).some((i) => i.id === first.id && i.title === `Linen shirt 1, ironed (${kind})`),
      );
      const withdrawn = await unpublish(app, user, products[1].id);
      expect(withdrawn.statusCode).toBe(202);
      expect(await waitForJob(app, user, withdrawn.json().jobs[0].id)).toMatchObject({ status: 'completed' });
      expect(vinted.deletedItems(account.userId).map((i) => i.id)).toEqual([second.id]);
      expect(vinted.items(account.userId)).toHaveLength(2);
    });

    it('a stale CSRF token (403, code 106) is read again from the page and the call sent once more', async () => {
      vinted.inject(account.userId, 'csrf', { when: { path: '/api/v2/photos' } });
      const product = await listableProduct(app, user, 1, { title: `CSRF shirt (${kind})` });
      const job = await waitForJob(app, user, (await publishOne(app, user, product.id)).id);
      expect(job).toMatchObject({ status: 'completed' });
      // One task, two calls from the tab: the refused one and the one with the page's current token.
      expect(job.tasks!.find((t) => t.step === 'upload-photo:0')).toMatchObject({ status: 'completed', attempt: 1 });
      const uploads = vinted
        .callsFor(account.userId)
        .filter((c) => c.path === '/api/v2/photos')
        .slice(-2);
      expect(uploads.map((c) => [c.status, c.fault ?? null])).toEqual([
        [403, 'csrf'],
        [200, null],
      ]);
    });

    it('a captcha in the tab pauses the queue until the user resumes it', async () => {
      vinted.inject(account.userId, 'captcha', { when: { path: '/api/v2/photos' } });
      const product = await listableProduct(app, user, 1, { title: `Captcha shirt (${kind})` });
      const job = await publishOne(app, user, product.id);
      const paused = await waitForJob(app, user, job.id, (j) => j.waiting === 'account-paused');
      expect(paused.error).toMatchObject({ code: 'VINTED_CAPTCHA' });
      expect(await vintedConnection(app, user)).toMatchObject({ queue: { paused: true, reason: 'captcha' } });

      const resumed = await app.inject({ method: 'POST', url: '/api/vinted/connection/resume', headers: user.headers });
      expect(resumed.statusCode).toBe(200);
      expect(await waitForJob(app, user, job.id)).toMatchObject({ status: 'completed' });
      expect(vinted.items(account.userId).filter((i) => i.title === `Captcha shirt (${kind})`)).toHaveLength(1);
    });

    it('logging in as another Vinted user in the tab holds the queue; the right user back lifts it', async () => {
      const other = vinted.createAccount({ login: `${kind}_other` });
      await tab.goto(`${vinted.url}/__fake/login?user=${other.userId}`);
      await until(
        'the account change',
        async () => (await vintedConnection(app, user)).queue.reason === 'account-changed',
      );
      expect((await vintedConnection(app, user)).vinted).toMatchObject({ loggedIn: true, userId: other.userId });

      await tab.goto(`${vinted.url}/__fake/login?user=${account.userId}`);
      await until('the queue lifted', async () => !(await vintedConnection(app, user)).queue.paused);
      expect(vinted.items(other.userId)).toEqual([]);
    });

    it('refuses a task whose URL leaves the Vinted tab, and reports it failed without calling that host', async () => {
      const taskId = await dispatch(app, user.id, { url: `//${new URL(foreignOrigin).host}/steal-session` });
      await until('the refusal', async () => (await task(app, user.id, taskId)).status === 'failed');
      const refused = await task(app, user.id, taskId);
      expect(refused.result).toMatchObject({ ok: false, status: 0, error: { code: 'EXTENSION_REFUSED' } });
      expect(refused.result?.error?.message).toContain(foreignOrigin);
      expect(foreignHits).toEqual([]);
    });

    it('refuses a photo upload whose photo is not on the paired server', async () => {
      const before = vinted.photos(account.userId).length;
      const taskId = await dispatch(app, user.id, {
        method: 'POST',
        url: '/api/v2/photos',
        body: {
          multipart: {
            fields: { 'photo[type]': 'item', 'photo[temp_uuid]': 'refused-upload' },
            files: [
              { field: 'photo[file]', url: `${foreignOrigin}/1.jpg`, filename: '1.jpg', contentType: 'image/jpeg' },
            ],
          },
        },
      });
      await until('the refusal', async () => (await task(app, user.id, taskId)).status === 'failed');
      expect((await task(app, user.id, taskId)).result).toMatchObject({ error: { code: 'EXTENSION_REFUSED' } });
      expect(foreignHits).toEqual([]);
      expect(vinted.photos(account.userId)).toHaveLength(before);
    });

    // Firefox's event page cannot be stopped from WebDriver BiDi.
    (kind === 'chromium' ? it : it.skip)(
      'a stopped background worker is started again by the browser and picks the work up',
      async () => {
        expect(backgroundWorker()).toBeDefined();
        await stopBackgroundWorker();

        // Any event starts it again (here the tab loading); storage says where it was.
        await tab.reload();
        await until('the worker started again', () => backgroundWorker() !== undefined);
        const product = await listableProduct(app, user, 1, { title: `After restart (${kind})` });
        expect(await waitForJob(app, user, (await publishOne(app, user, product.id)).id)).toMatchObject({
          status: 'completed',
        });
        expect(vinted.items(account.userId).filter((i) => i.title === `After restart (${kind})`)).toHaveLength(1);
      },
    );

    (kind === 'chromium' ? it : it.skip)(
      'a worker stopped mid-task loses only that task: its lease passes and the next one runs',
      async () => {
        const slowPath = '/api/v2/item_upload/items/1';
        vinted.inject(account.userId, 'slow', { delayMs: 4_000, when: { path: slowPath } });
        settings(app).leaseGraceMs = 500;
        try {
          const stuck = await dispatch(app, user.id, { url: slowPath, timeoutMs: 1_500 });
          await until('the task running in the tab', () =>
            vinted.callsFor(account.userId).some((c) => c.path === slowPath),
          );
          await stopBackgroundWorker();
          await tab.reload();
          await until('the worker started again', () => backgroundWorker() !== undefined);

          const next = await dispatch(app, user.id, { url: '/api/v2/users/current' });
          await until('the next task', async () => (await task(app, user.id, next)).status === 'completed');
          expect((await task(app, user.id, next)).result).toMatchObject({ ok: true, status: 200 });
          // The stopped worker never answered for the first one: the backend's lease decides its fate.
          expect((await task(app, user.id, stuck)).result).toBeNull();
        } finally {
          settings(app).leaseGraceMs = 10_000;
        }
      },
    );

    it('logging out of Vinted in the tab is reported at once, the queue holds, and the loop stops', async () => {
      // The API lists the waiting long-polls of each device in Redis: logged in, the extension keeps one waiting.
      const devices = await app.inject({ method: 'GET', url: '/api/plugin/devices', headers: user.headers });
      const [device] = devices.json<{ items: { id: string }[] }>().items;
      const waitingPolls = () =>
        app.get(RedisClient).zcard(`${app.get(AppConfig).QUEUE_PREFIX}:plugin:polls:${device.id}`);
      await until('a long-poll of the logged-in tab', async () => (await waitingPolls()) > 0);

      await tab.goto(`${vinted.url}/__fake/logout`);
      await until('the heartbeat of the logout', async () => !(await vintedConnection(app, user)).vinted.loggedIn);
      const status = await askExtension<Status>(running, tab, { type: 'status' });
      expect(status.vinted).toMatchObject({ loggedIn: false });

      // The backend holds the queue of a logged-out extension: a task queued now is not handed to the tab.
      const taskId = await dispatch(app, user.id);
      await sleep(1_500);
      expect(await task(app, user.id, taskId)).toMatchObject({ status: 'pending', attempt: 0 });

      // And the extension itself stops asking: no long-poll of its device waits any more, and none starts while
      // the tab stays logged out.
      await until('the long-poll loop stopped', async () => (await waitingPolls()) === 0);
      await sleep(3_000);
      expect(await waitingPolls()).toBe(0);
    });

    it('a token revoked from the dashboard unpairs the extension with a message', async () => {
      const devices = await app.inject({ method: 'GET', url: '/api/plugin/devices', headers: user.headers });
      const [device] = devices.json<{ items: { id: string }[] }>().items;
      const revoked = await app.inject({
        method: 'DELETE',
        url: `/api/plugin/devices/${device.id}`,
        headers: user.headers,
      });
      expect(revoked.statusCode).toBe(204);

      // Logging in again is news for the server: the heartbeat that says so meets the 401.
      await tab.goto(`${vinted.url}/__fake/login?user=${account.userId}`);
      let status = await askExtension<Status>(running, tab, { type: 'status' });
      await until('the extension unpaired', async () => {
        status = await askExtension<Status>(running, tab, { type: 'status' });
        return status.paired === null;
      });
      expect(status.unpairedReason).toMatch(/no longer accepts this extension/);
      if (kind === 'chromium') {
        const popup = await running.browser.newPage();
        await popup.goto(`chrome-extension://${running.extensionId}/popup.html`);
        await popup.waitForSelector('#pair-form:not([hidden])');
        expect(await popup.$eval('#notice', (p) => p.textContent)).toMatch(/Pair it again/);
        await popup.close();
      }
    });
  });
});
