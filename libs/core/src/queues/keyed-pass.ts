import type { Queue } from 'bull';

/**
 * Queues one pass of `name` keyed by `key` (a seller's order sync), so that requests coalesce: a pass already
 * waiting answers every request that arrives before it starts. A request that arrives while the pass is running
 * queues exactly one more, under `key:again`, since what it announces (a new sale, a webhook) may come after the
 * running pass read the marketplace. A finished or failed pass kept by Bull under the key never blocks the next one.
 */
export async function queueKeyedPass<T>(queue: Queue<T>, name: string, key: string, data: T): Promise<void> {
  const earlier = await queue.getJob(key);
  const state = earlier ? await earlier.getState() : undefined;
  if (state === 'waiting' || state === 'delayed' || state === 'paused') return;
  if (state === 'completed' || state === 'failed') await earlier!.remove().catch(() => undefined);
  const jobId = state === 'active' ? `${key}:again` : key;
  await queue.add(name, data, { jobId, removeOnComplete: true, removeOnFail: 100 });
}
