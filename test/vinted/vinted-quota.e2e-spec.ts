import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FakeVinted } from '../fakes/vinted/fake-vinted';
import { me } from '../helpers/auth';
import { sql } from '../helpers/tenants';
import { bulkPublish, listableProduct, listJobs, publish, vintedSeller, VintedSeller } from './jobs-helpers';
import { listeningApi } from './plugin-helpers';

/** The free tier's daily publishes, lowered for this suite (restored afterwards): small enough to reach quickly. */
const LIMIT = 3;

describe('Vinted: the daily publish quota', () => {
  let app: NestFastifyApplication;
  let base: string;
  let vinted: FakeVinted;
  let savedLimit: number;

  beforeAll(async () => {
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    [{ publishes_per_day: savedLimit }] = await sql(app).execute<{ publishes_per_day: number }[]>(
      "select publishes_per_day from public.subscription_quotas where tier = 'free'",
    );
    await sql(app).execute("update public.subscription_quotas set publishes_per_day = ? where tier = 'free'", [LIMIT]);
  });
  afterAll(async () => {
    if (savedLimit !== undefined) {
      await sql(app).execute("update public.subscription_quotas set publishes_per_day = ? where tier = 'free'", [
        savedLimit,
      ]);
    }
    await app.close();
    await vinted.close();
  });

  /** A paired seller on the free tier. Their extension never runs: the jobs only need to be asked for. */
  async function freeSeller(): Promise<VintedSeller> {
    const who = await vintedSeller(app, base, vinted);
    await sql(app).execute("update public.users set tier = 'free' where id = ?", [who.id]);
    return who;
  }
  const products = (who: VintedSeller, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => listableProduct(app, who, 1, { title: `Quota tee ${i + 1}` })));
  const publishesToday = async (who: VintedSeller) =>
    (await me(app, who.accessToken)).json<{ quotas: { publishesToday: { used: number; limit: number } } }>().quotas
      .publishesToday;
  const quotaExceeded = (used: number) => ({
    error: {
      code: 'QUOTA_EXCEEDED',
      message: expect.any(String),
      details: [{ field: 'publishes per day', issue: 'quota exceeded', limit: LIMIT, used }],
      requestId: expect.any(String),
    },
  });

  it('refuses the publish over the daily limit with 403 QUOTA_EXCEEDED, a bulk that would exceed it as a whole', async () => {
    const who = await freeSeller();
    const list = await products(who, LIMIT + 1);
    expect(await publishesToday(who)).toEqual({ used: 0, limit: LIMIT });

    expect((await publish(app, who, list[0].id)).statusCode).toBe(202);
    expect(await publishesToday(who)).toEqual({ used: 1, limit: LIMIT });

    // 1 used + LIMIT asked > LIMIT: nothing of the batch is queued.
    const tooMany = await bulkPublish(
      app,
      who,
      list.slice(1).map((p) => p.id),
    );
    expect(tooMany.statusCode).toBe(403);
    expect(tooMany.json()).toEqual(quotaExceeded(1));
    expect(tooMany.json().error.requestId).toBe(tooMany.headers['x-request-id']);
    expect((await listJobs(app, who)).total).toBe(1);
    expect(await publishesToday(who)).toEqual({ used: 1, limit: LIMIT });

    // What fits is accepted: the batch that fills the quota exactly.
    const fits = await bulkPublish(
      app,
      who,
      list.slice(1, LIMIT).map((p) => p.id),
    );
    expect(fits.statusCode).toBe(202);
    expect(fits.json().jobs).toHaveLength(LIMIT - 1);
    expect(await publishesToday(who)).toEqual({ used: LIMIT, limit: LIMIT });

    // Publish N+1, alone or in a bulk of one.
    const last = list[LIMIT].id;
    const single = await publish(app, who, last);
    expect(single.statusCode).toBe(403);
    expect(single.json()).toEqual(quotaExceeded(LIMIT));
    const bulk = await bulkPublish(app, who, [last]);
    expect(bulk.statusCode).toBe(403);
    expect(bulk.json()).toEqual(quotaExceeded(LIMIT));
    expect((await listJobs(app, who)).total).toBe(LIMIT);
    expect(await listJobs(app, who, `productId=${last}`)).toMatchObject({ items: [], total: 0 });
    expect(await publishesToday(who)).toEqual({ used: LIMIT, limit: LIMIT });

    // The quota is per user: another free seller still publishes.
    const other = await freeSeller();
    const [theirs] = await products(other, 1);
    expect((await publish(app, other, theirs.id)).statusCode).toBe(202);
    expect(await publishesToday(other)).toEqual({ used: 1, limit: LIMIT });
    expect(await publishesToday(who)).toEqual({ used: LIMIT, limit: LIMIT });
  });

  it('accepts exactly N of N+1 publishes sent at the same time', async () => {
    const who = await freeSeller();
    const list = await products(who, LIMIT + 1);
    const answers = await Promise.all(list.map((p) => publish(app, who, p.id)));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([...Array<number>(LIMIT).fill(202), 403]);
    expect(answers.find((a) => a.statusCode === 403)!.json()).toEqual(quotaExceeded(LIMIT));

    const jobs = await listJobs(app, who);
    expect(jobs.total).toBe(LIMIT);
    const accepted = list.filter((_, i) => answers[i].statusCode === 202).map((p) => p.id);
    expect(jobs.items.map((j) => j.productId).sort()).toEqual([...accepted].sort());
    expect(await publishesToday(who)).toEqual({ used: LIMIT, limit: LIMIT });
  });
});
