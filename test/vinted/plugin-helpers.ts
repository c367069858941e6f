import { Type } from '@nestjs/common';
import passport from 'passport';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_STRATEGY } from '@stoflow/core';
import {
  CancelPluginTasksCommand,
  DispatchPluginTaskCommand,
  GetPluginTaskQuery,
  PluginTaskSpec,
  PluginTaskView,
  SweepPluginTasksCommand,
} from '@stoflow/vinted';
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

export function dispatch(app: NestFastifyApplication, userId: number, task: Partial<PluginTaskSpec> = {}) {
  return app
    .get(CommandBus)
    .execute(new DispatchPluginTaskCommand(userId, { method: 'GET', url: '/api/v2/users/current', ...task }))
    .then((r) => r.taskId);
}

export function cancel(app: NestFastifyApplication, userId: number, taskIds: string[]) {
  return app.get(CommandBus).execute(new CancelPluginTasksCommand(userId, { taskIds }));
}

export function task(app: NestFastifyApplication, userId: number, taskId: string): Promise<PluginTaskView> {
  return app.get(QueryBus).execute(new GetPluginTaskQuery(userId, taskId));
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
