import { INestApplicationContext, Type } from '@nestjs/common';
import { ACCESS_STRATEGY } from '@stoflow/core';
import passport from 'passport';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import sharp from 'sharp';
import { JobSettings } from '../../libs/publishing/src/jobs/job-settings';
import { upload } from '../catalog/images-helpers';
import { attributeId, newProduct, ProductBody, seller, Seller } from '../catalog/catalog-helpers';
import { FakeExtension } from '../fakes/extension/extension';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import { startWorker } from '../helpers/apps';
import { sleep } from './plugin-helpers';

export interface VintedSeller extends Seller {
  ext: FakeExtension;
  vintedUserId: number;
}

/** A seller on the business tier whose paired extension runs tasks against their own account on the fake Vinted. */
export async function vintedSeller(
  app: NestFastifyApplication,
  base: string,
  vinted: FakeVinted,
): Promise<VintedSeller> {
  const who = await seller(app);
  const account = vinted.createAccount();
  const ext = await FakeExtension.pair(
    { api: base, vinted: vinted.url, sessionHeaders: account.sessionHeaders },
    who.accessToken,
  );
  if ((await ext.heartbeat({ loggedIn: true, userId: account.userId, login: account.login })) !== 200) {
    throw new Error('heartbeat refused');
  }
  return { ...who, ext, vintedUserId: account.userId };
}

let photoSeed = 0;

/** A small real JPEG, different each time. */
export function photo(): Promise<Buffer> {
  photoSeed += 1;
  return sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: (photoSeed * 37) % 256, g: 90, b: 160 } },
  })
    .jpeg()
    .toBuffer();
}

/** The fields Vinted needs, from real reference rows (a leaf Vinted category with sizes). */
export async function listableFields(app: NestFastifyApplication): Promise<Record<string, unknown>> {
  return {
    description: 'Soft cotton tee, worn twice, no marks.',
    categoryId: await attributeId(app, 'categories', 'women_tshirts'),
    brandId: await attributeId(app, 'brands', 'nike'),
    sizeId: await attributeId(app, 'sizes', 'm'),
    conditionId: await attributeId(app, 'conditions', 'very_good'),
    colorIds: [await attributeId(app, 'colors', 'black')],
    packageSize: 'small',
    stockQuantity: 1,
  };
}

/** A product Vinted accepts, with `photos` images uploaded. */
export async function listableProduct(
  app: NestFastifyApplication,
  who: Seller,
  photos = 2,
  extra: Record<string, unknown> = {},
): Promise<ProductBody> {
  const product = await newProduct(app, who, { ...(await listableFields(app)), ...extra });
  for (let i = 0; i < photos; i += 1) {
    const res = await upload(app, who, product.id, await photo());
    if (res.statusCode !== 201) throw new Error(`upload answered ${res.statusCode}: ${res.body}`);
  }
  return product;
}

export interface JobBody {
  id: string;
  action: string;
  productId: string;
  status: string;
  step: string | null;
  waiting: string | null;
  progress: { done: number; total: number };
  error: { code: string; message: string } | null;
  attempts: number;
  tasks?: { id: string; step: string; status: string; attempt: number }[];
}

export function publish(app: NestFastifyApplication, who: Seller, productId: string, marketplaces = ['vinted']) {
  return app.inject({
    method: 'POST',
    url: `/api/products/${productId}/publish`,
    headers: who.headers,
    payload: { marketplaces },
  });
}

export function unpublish(app: NestFastifyApplication, who: Seller, productId: string) {
  return app.inject({
    method: 'POST',
    url: `/api/products/${productId}/unpublish`,
    headers: who.headers,
    payload: { marketplaces: ['vinted'] },
  });
}

export async function publishOne(app: NestFastifyApplication, who: Seller, productId: string): Promise<JobBody> {
  const res = await publish(app, who, productId);
  if (res.statusCode !== 202) throw new Error(`publish answered ${res.statusCode}: ${res.body}`);
  return res.json<{ jobs: JobBody[] }>().jobs[0];
}

export async function getJob(app: NestFastifyApplication, who: Seller, jobId: string): Promise<JobBody> {
  const res = await app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: who.headers });
  if (res.statusCode !== 200) throw new Error(`GET job answered ${res.statusCode}: ${res.body}`);
  return res.json<JobBody>();
}

/** Polls the job until `done` says so (or fails with its last state after `ms`). */
export async function waitForJob(
  app: NestFastifyApplication,
  who: Seller,
  jobId: string,
  done: (job: JobBody) => boolean = (job) => ['completed', 'failed', 'cancelled', 'expired'].includes(job.status),
  ms = 20_000,
): Promise<JobBody> {
  const until = Date.now() + ms;
  let job = await getJob(app, who, jobId);
  while (!done(job)) {
    if (Date.now() > until) throw new Error(`job still ${JSON.stringify(job)}`);
    await sleep(50);
    job = await getJob(app, who, jobId);
  }
  return job;
}

export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Fast saga settings for tests: short back-offs and idle checks; the pacing stays as the run's
 * VINTED_PACING_PERCENT made it (1% of production in the suite: test/setup/env.ts). The sweep's
 * period is read once, when a worker schedules it at start, so a started worker keeps its 5 s (the child processes
 * of the crash suite set theirs as they start: test/helpers/processes/test-timings.ts).
 */
export function fastSaga(...apps: INestApplicationContext[]): void {
  for (const app of apps) {
    Object.assign(app.get(JobSettings), {
      retryBaseMs: 100,
      retryMaxMs: 1_000,
      rateLimitBaseMs: 200,
      idleCheckMs: 2_000,
    });
  }
}

/**
 * The worker in the same jest process as the API. Passport keeps one global strategy registry and the worker's
 * auth module registers its own access strategy: the API's is put back, so the API keeps authenticating after
 * this worker is closed (a restart test closes it).
 */
export async function startSagaWorker(...extra: Type<unknown>[]): Promise<INestApplicationContext> {
  const strategies = (passport as unknown as { _strategies: Record<string, unknown> })._strategies;
  const saved = strategies[ACCESS_STRATEGY];
  const worker = await startWorker(...extra);
  strategies[ACCESS_STRATEGY] = saved;
  fastSaga(worker);
  return worker;
}

/** `POST /api/products/publish` (bulk): one job per product, all or none. */
export function bulkPublish(app: NestFastifyApplication, who: Seller, productIds: string[], marketplaces = ['vinted']) {
  return app.inject({
    method: 'POST',
    url: '/api/products/publish',
    headers: who.headers,
    payload: { productIds, marketplaces },
  });
}

/** `GET /api/jobs` with a query string (e.g. `limit=100&productId=…`). */
export async function listJobs(
  app: NestFastifyApplication,
  who: Seller,
  query = 'limit=100',
): Promise<{ items: JobBody[]; total: number }> {
  const res = await app.inject({ method: 'GET', url: `/api/jobs?${query}`, headers: who.headers });
  if (res.statusCode !== 200) throw new Error(`GET jobs answered ${res.statusCode}: ${res.body}`);
  return res.json<{ items: JobBody[]; total: number }>();
}

export interface ConnectionBody {
  paired: boolean;
  extension: { deviceId: string; name: string } | null;
  vinted: { loggedIn: boolean; userId: number | null; login: string | null };
  queue: { paused: boolean; reason: string | null; message: string | null; pausedAt: string | null };
}

/** `GET /api/vinted/connection`. */
export async function vintedConnection(app: NestFastifyApplication, who: Seller): Promise<ConnectionBody> {
  const res = await app.inject({ method: 'GET', url: '/api/vinted/connection', headers: who.headers });
  if (res.statusCode !== 200) throw new Error(`GET connection answered ${res.statusCode}: ${res.body}`);
  return res.json<ConnectionBody>();
}
