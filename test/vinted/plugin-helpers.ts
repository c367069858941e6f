import { INestApplicationContext, Type } from '@nestjs/common';
import passport from 'passport';
import { CommandBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_STRATEGY, TenantContext, TenantDatabase } from '@stoflow/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { AfterCommit } from '@stoflow/publishing';
import { PluginTaskView, SweepPluginTasksCommand } from '@stoflow/vinted';
import { PluginTaskQueue, PluginTaskSpec } from '../../libs/vinted/src/plugin/tasks/plugin-task-queue';
import { PluginTasksRepository } from '../../libs/vinted/src/plugin/tasks/plugin-tasks.repository';
import { PluginSettings } from '../../libs/vinted/src/plugin/plugin-settings';
import { TaskWakeUps } from '../../libs/vinted/src/plugin/tasks/task-wake-ups';
import { startApi } from '../helpers/apps';
import { register, Registered } from '../helpers/auth';
import { FakeExtension } from '../fakes/extension/extension';

/**
 * The real API listening on a loopback port (long-polls need real sockets). For a second one in the same jest
 * process, pass `second: true`: passport keeps one global strategy registry, so the second app's access strategy
 * would replace the first's; it is put back at once (both apps share the database, so the first one's serves both).
 */
export async function listeningApi(
  second = false,
  ...extra: Type<unknown>[]
): Promise<{ app: NestFastifyApplication; base: string }> {
  const strategies = (passport as unknown as { _strategies: Record<string, unknown> })._strategies;
  const saved = strategies[ACCESS_STRATEGY];
  const app = await startApi(...extra);
  if (second) strategies[ACCESS_STRATEGY] = saved;
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${address.port}` };
}

export interface PairedUser extends Registered {
  ext: FakeExtension;
}

export async function pairedUser(app: NestFastifyApplication, base: string, vinted?: string): Promise<PairedUser> {
  const user = await register(app);
  const ext = await FakeExtension.pair({ api: base, vinted }, user.accessToken);
  return { ...user, ext };
}

/**
 * Runs `work` as a job step does: in the user's tenant transaction, then what it left for after the commit (the
 * wake-up of a waiting long-poll, the sweeper's mark).
 */
async function asStep<T>(
  app: INestApplicationContext,
  userId: number,
  work: (em: EntityManager, after: AfterCommit) => Promise<T>,
): Promise<T> {
  const later: (() => Promise<unknown>)[] = [];
  const after: AfterCommit = { later: (w) => later.push(w) };
  const result = await app
    .get(TenantContext)
    .run(userId, () => app.get(TenantDatabase).transaction((em) => work(em, after)));
  await Promise.all(later.map((w) => w()));
  return result;
}

/** Queues a call for the user's extension through the queue the Vinted driver uses; answers the task id. */
export function dispatch(app: INestApplicationContext, userId: number, task: Partial<PluginTaskSpec> = {}) {
  return asStep(app, userId, (em, after) =>
    app.get(PluginTaskQueue).enqueue(em, userId, { method: 'GET', url: '/api/v2/users/current', ...task }, after),
  );
}

/** Sends an ended call again as its next attempt; answers false when the task had not ended. */
export function resend(app: INestApplicationContext, userId: number, taskId: string, deadline?: Date) {
  const until = deadline ?? new Date(Date.now() + app.get(PluginSettings).defaultTaskTtlMs);
  return asStep(app, userId, (em, after) => app.get(PluginTaskQueue).resend(em, userId, taskId, until, after));
}

export function cancel(app: INestApplicationContext, userId: number, taskIds: string[]) {
  return asStep(app, userId, async (em, after) => ({
    cancelled: await app.get(PluginTaskQueue).withdraw(em, userId, { taskIds }, after),
  }));
}

export async function task(app: INestApplicationContext, userId: number, taskId: string): Promise<PluginTaskView> {
  const found = await app
    .get(TenantContext)
    .run(userId, () =>
      app.get(TenantDatabase).transaction((em) => app.get(PluginTasksRepository).byId(em, taskId), { readOnly: true }),
    );
  if (!found) throw new Error(`no task ${taskId} for user ${userId}`);
  return found;
}

export function sweep(app: NestFastifyApplication) {
  return app.get(CommandBus).execute(new SweepPluginTasksCommand());
}

export function settings(app: NestFastifyApplication): PluginSettings {
  return app.get(PluginSettings);
}

export function wakeUps(app: NestFastifyApplication): TaskWakeUps {
  return app.get(TaskWakeUps);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(10);
  }
  throw new Error(`Timed out waiting for ${what}`);
}
