import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PacingSettings } from '../../libs/vinted/src/plugin/pacing';
import { FakeVinted, FakeVintedCall } from '../fakes/vinted/fake-vinted';
import { startWorker } from '../helpers/apps';
import {
  bulkPublish,
  fastSaga,
  JobBody,
  listableProduct,
  unpublish,
  vintedSeller,
  VintedSeller,
  waitForJob,
} from './jobs-helpers';
import { listeningApi, settings } from './plugin-helpers';

/** Production's shape (VINTED.md), in milliseconds, with a long pause every 3 calls. */
const PACING: PacingSettings = {
  gapMs: { read: [150, 250], write: [300, 450], delete: [400, 500] },
  pauseEvery: [3, 3],
  pauseMs: [600, 700],
  maxSlowdown: 4,
};
/**
 * What may come on top of a gap: the extension's result post, the claim's answer, the photo fetched from StoFlow
 * before the upload, and the saga dispatching the next call. Tasks are handed out as soon as the gap ends (the
 * long-poll waits exactly for it), so this is polling slack, not a second gap.
 */
const SLACK_MS = 400;

type Kind = keyof PacingSettings['gapMs'];

/** What pacing.ts calls each Vinted call: a delete is `POST /items/{id}/delete`. */
function kindOf(call: FakeVintedCall): Kind {
  if (call.method === 'DELETE' || /\/items\/\d+\/delete(\?|$)/.test(call.path)) return 'delete';
  return call.method === 'GET' ? 'read' : 'write';
}

interface Gap {
  index: number;
  kind: Kind;
  path: string;
  /** From the end of the previous call of the account to the arrival of this one. */
  ms: number;
}

/** The account's calls in arrival order, each (but the first) with the time since the previous one ended. */
function gapsOf(calls: FakeVintedCall[]): Gap[] {
  const sorted = [...calls].sort((a, b) => a.at - b.at);
  return sorted.slice(1).map((call, i) => ({
    index: i + 1,
    kind: kindOf(call),
    path: `${call.method} ${call.path}`,
    ms: call.at - sorted[i].endedAt!,
  }));
}

describe('Vinted: each account is paced, and only by its own calls', () => {
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;
  const sellers: VintedSeller[] = [];

  beforeAll(async () => {
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    worker = await startWorker();
    fastSaga(app, worker);
    // The claim runs in the API: that is where the gaps are kept.
    settings(app).pacing = PACING;
  });
  afterAll(async () => {
    settings(app).pacing = null;
    for (const who of sellers) await who.ext.stop();
    await worker.close();
    await app.close();
    await vinted.close();
  });

  async function pairedSeller(): Promise<VintedSeller> {
    const who = await vintedSeller(app, base, vinted);
    sellers.push(who);
    who.ext.start(1);
    return who;
  }
  const products = (who: VintedSeller, label: string, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => listableProduct(app, who, 2, { title: `${label} ${i + 1}` })));
  async function publishAll(who: VintedSeller, productIds: string[]): Promise<JobBody[]> {
    const res = await bulkPublish(app, who, productIds);
    if (res.statusCode !== 202) throw new Error(`bulk publish answered ${res.statusCode}: ${res.body}`);
    return res.json<{ jobs: JobBody[] }>().jobs;
  }
  const finished = (who: VintedSeller, jobs: JobBody[]) =>
    Promise.all(jobs.map((j) => waitForJob(app, who, j.id, undefined, 30_000)));

  it('runs one call at a time, each after its own gap, with a long pause every 3 calls and jitter', async () => {
    const alice = await pairedSeller();
    const list = await products(alice, 'Paced tee', 3);
    const published = await finished(
      alice,
      await publishAll(
        alice,
        list.map((p) => p.id),
      ),
    );
    expect(published.map((j) => j.status)).toEqual(['completed', 'completed', 'completed']);
    const withdrawal = await unpublish(app, alice, list[0].id);
    expect(withdrawal.statusCode).toBe(202);
    const [withdrawn] = await finished(alice, withdrawal.json<{ jobs: JobBody[] }>().jobs);
    expect(withdrawn.status).toBe('completed');

    const calls = vinted.callsFor(alice.vintedUserId);
    // 3 × (2 photos + 1 create), then the delete; nothing failed, so nothing was sent twice.
    expect(calls.map((c) => c.status)).toEqual(Array(10).fill(200));
    const gaps = gapsOf(calls);
    expect(gaps.map((g) => g.kind)).toEqual([...Array<Kind>(8).fill('write'), 'delete']);

    // One call at a time: each starts after the previous one has ended.
    expect(gaps.filter((g) => g.ms < 0)).toEqual([]);
    // Never sooner than the minimum gap of its kind.
    expect(gaps.filter((g) => g.ms < PACING.gapMs[g.kind][0])).toEqual([]);
    // Never later than the longest gap (plus the pause where it is due) and the polling slack.
    const bound = (g: Gap) => PACING.gapMs[g.kind][1] + (g.index % 3 === 0 ? PACING.pauseMs[1] : 0) + SLACK_MS;
    expect(gaps.filter((g) => g.ms > bound(g))).toEqual([]);
    // Jitter: the plain write gaps are drawn, not all the same.
    const plainWrites = gaps.filter((g) => g.kind === 'write' && g.index % 3 !== 0);
    expect(new Set(plainWrites.map((g) => Math.round(g.ms / 10))).size).toBeGreaterThanOrEqual(2);
    // The long pause comes before the 4th, 7th and 10th call (after every 3 calls), and only there. Asserted last,
    // so that a failure here still means everything above held.
    const long = (g: Gap) => g.ms >= PACING.pauseMs[0] + PACING.gapMs[g.kind][0];
    expect(gaps.filter(long).map((g) => g.index)).toEqual([3, 6, 9]);
  });

  it("paces two accounts independently: their calls interleave and neither waits for the other's gaps", async () => {
    const [bob, carol] = await Promise.all([pairedSeller(), pairedSeller()]);
    const [bobs, carols] = await Promise.all([products(bob, 'Bob tee', 3), products(carol, 'Carol tee', 3)]);
    const [bobJobs, carolJobs] = await Promise.all([
      publishAll(
        bob,
        bobs.map((p) => p.id),
      ),
      publishAll(
        carol,
        carols.map((p) => p.id),
      ),
    ]);
    const done = [...(await finished(bob, bobJobs)), ...(await finished(carol, carolJobs))];
    expect(done.map((j) => j.status)).toEqual(Array(6).fill('completed'));

    const bobCalls = vinted.callsFor(bob.vintedUserId);
    const carolCalls = vinted.callsFor(carol.vintedUserId);
    expect(bobCalls).toHaveLength(9);
    expect(carolCalls).toHaveLength(9);
    // Each account still keeps its own pace.
    for (const gaps of [gapsOf(bobCalls), gapsOf(carolCalls)]) {
      expect(gaps.filter((g) => g.ms < PACING.gapMs[g.kind][0])).toEqual([]);
    }
    // Each one's calls start before the other's have ended: they run side by side, not one account after the other.
    expect(bobCalls[0].at).toBeLessThan(carolCalls[carolCalls.length - 1].at);
    expect(carolCalls[0].at).toBeLessThan(bobCalls[bobCalls.length - 1].at);
    // Across the two accounts, some call follows the other account's call sooner than any gap would allow:
    // one shared pace would have kept every call at least the minimum gap after the previous one.
    const merged = [...bobCalls, ...carolCalls].sort((a, b) => a.at - b.at);
    const crossGaps = merged
      .slice(1)
      .map((call, i) => ({ call, previous: merged[i] }))
      .filter(({ call, previous }) => call.userId !== previous.userId)
      .map(({ call, previous }) => call.at - previous.endedAt!);
    expect(Math.min(...crossGaps)).toBeLessThan(PACING.gapMs.write[0]);
  });
});
