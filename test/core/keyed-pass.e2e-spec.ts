import Bull, { Job, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { queueKeyedPass } from '@stoflow/core';

/**
 * A seller's order pass, asked for by the seller, a webhook and the schedule at any time: requests coalesce while
 * a pass waits, one more pass follows a request made while it runs, and a pass kept finished or failed never
 * blocks the next. Against the real Redis, with Bull's own states.
 */
describe('queueKeyedPass', () => {
  let queue: Queue<{ userId: number }>;
  const ran: string[] = [];
  let release: () => void = () => undefined;
  let fail = false;

  beforeAll(async () => {
    queue = new Bull(`keyed-pass-${randomUUID()}`, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await queue.isReady();
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const jobIds = async () =>
    (await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).map((j) => String(j.id)).sort();
  const until = async (check: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(await check()).toBe(true);
  };

  it('coalesces requests, adds one pass after a running one, and is not blocked by a kept failure', async () => {
    await queue.pause(true);
    await queueKeyedPass(queue, 'pass', 'pass:7', { userId: 7 });
    await queueKeyedPass(queue, 'pass', 'pass:7', { userId: 7 });
    expect(await jobIds()).toEqual(['pass:7']);

    void queue.process('pass', 1, async (job: Job<{ userId: number }>) => {
      ran.push(String(job.id));
      await new Promise<void>((resolve) => (release = resolve));
      if (fail) throw new Error('the marketplace is down');
    });
    await queue.resume(true);
    await until(() => ran.length === 1);
    // Two requests while the pass runs: exactly one more pass, after it.
    await queueKeyedPass(queue, 'pass', 'pass:7', { userId: 7 });
    await queueKeyedPass(queue, 'pass', 'pass:7', { userId: 7 });
    expect(await jobIds()).toEqual(['pass:7', 'pass:7:again']);
    release();
    await until(() => ran.length === 2);
    expect(ran).toEqual(['pass:7', 'pass:7:again']);

    // A failed pass is kept by Bull under its id (removeOnFail): the next request still runs a pass.
    fail = true;
    release();
    await until(async () => (await queue.getJob('pass:7:again'))?.failedReason !== undefined);
    fail = false;
    await queueKeyedPass(queue, 'pass', 'pass:7:again', { userId: 7 });
    await until(() => ran.length === 3);
    expect(ran[2]).toBe('pass:7:again');
    release();
  });
});
