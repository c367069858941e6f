import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { quotedTenantSchema } from '@stoflow/core';
import { randomUUID } from 'node:crypto';
import { seller, Seller } from '../catalog/catalog-helpers';
import { startApi } from '../helpers/apps';
import { cli } from '../helpers/cli';
import { sql } from '../helpers/tenants';
import { listableProduct } from './jobs-helpers';

describe('admin CLI: jobs', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startApi();
  });
  afterAll(() => app.close());

  /**
   * A failed publish job straight in the tenant's table (the saga itself is covered by the journeys), of a product
   * Vinted can take: a retried job then waits for an extension, whichever worker of the run picks it up.
   */
  async function failedJob(who: Seller): Promise<string> {
    const tenantId = who.id;
    const product = await listableProduct(app, who, 1);
    const id = randomUUID();
    await sql(app).execute(
      `insert into ${quotedTenantSchema(tenantId)}.marketplace_jobs
         (id, marketplace, action, product_id, status, error_code, error_message, attempts, expires_at, finished_at)
       values (?, 'vinted', 'publish', ?, 'failed', 'VINTED_UNAVAILABLE', 'Vinted had an error (503)', 1, now(), now())`,
      [id, product.id],
    );
    return id;
  }

  it('lists, shows, retries and cancels a user’s jobs; resumes a paused queue', async () => {
    const who = await seller(app);
    const jobId = await failedJob(who);

    const list = await cli('jobs', 'list', who.email, '--status', 'failed');
    expect(list).toMatchObject({ code: 0, err: '' });
    expect(list.out).toContain(`${jobId}\tvinted\tpublish`);
    expect(list.out).toContain('VINTED_UNAVAILABLE: Vinted had an error (503)');
    expect(list.out).toContain('page 1 · 1 of 1');
    expect((await cli('jobs', 'list', String(who.id), '--status', 'completed')).out).toContain('page 1 · 0 of 0');

    expect((await cli('jobs', 'show', who.email, jobId)).out).toContain(`${jobId}\tvinted\tpublish`);
    const retried = await cli('jobs', 'retry', who.email, jobId);
    expect(retried.code).toBe(0);
    expect(retried.out).toContain('\tpending\t');
    const cancelled = await cli('jobs', 'cancel', who.email, jobId);
    expect(cancelled.out).toContain('\tcancelled\t');
    expect(cancelled.out).toContain('CANCELLED');
    const again = await cli('jobs', 'cancel', who.email, jobId);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/cancelled/);

    expect((await cli('jobs', 'resume', who.email)).out).toBe('not paused\n');
    await sql(app).execute(
      `update ${quotedTenantSchema(who.id)}.vinted_account set paused_reason = 'captcha', paused_message = 'x', paused_at = now()`,
    );
    expect((await cli('jobs', 'resume', who.email)).out).toBe('resumed (was paused: captcha)\n');
  });

  it('never reaches another user’s job, and refuses bad arguments with exit 2', async () => {
    const [a, b] = [await seller(app), await seller(app)];
    const jobId = await failedJob(a);
    const foreign = await cli('jobs', 'show', b.email, jobId);
    expect(foreign.code).toBe(1);
    expect(foreign.err).toMatch(/not found/i);
    expect((await cli('jobs', 'retry', b.email, jobId)).code).toBe(1);
    expect((await cli('jobs', 'list', a.email)).out).toContain(jobId);

    for (const args of [
      ['jobs', 'list'],
      ['jobs', 'list', a.email, '--status', 'done'],
      ['jobs', 'list', a.email, '--page', '0'],
      ['jobs', 'show', a.email],
    ]) {
      const res = await cli(...args);
      expect({ args, code: res.code, out: res.out }).toEqual({ args, code: 2, out: '' });
      expect(res.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
