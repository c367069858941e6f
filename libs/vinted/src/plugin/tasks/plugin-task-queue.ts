import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AfterCommit } from '@stoflow/publishing';
import { randomUUID } from 'node:crypto';
import { PluginSettings } from '../plugin-settings';
import { DueTenants } from './due-tenants';
import { HttpMethod } from './plugin-task';
import { PluginTasksRepository } from './plugin-tasks.repository';
import { TaskWakeUps } from './task-wake-ups';

export interface PluginTaskSpec {
  /** The job this call is a step of, if any. */
  jobId?: string;
  /** The job's name for the step (e.g. `upload-photo:2`, `create-item`). */
  step?: string;
  method: HttpMethod;
  /** Relative to the user's Vinted origin: `/api/v2/...`. */
  url: string;
  headers?: Record<string, string>;
  /** JSON, or `{multipart: {fields, files}}` for a photo upload (VINTED.md, the task protocol). */
  body?: unknown;
  /** The extension's own timeout for the call; the lease adds a grace to it. */
  timeoutMs?: number;
  /** Never handed out after this (default: now + the configured TTL). */
  deadline?: Date;
  /** Higher first: a withdrawal goes before every queued publish call. */
  priority?: number;
}

/**
 * The one way calls reach the user's extension: queued, sent again or withdrawn inside the caller's transaction
 * (a job's step), with the waiting long-poll woken and the sweeper told of the deadline once it commits.
 */
@Injectable()
export class PluginTaskQueue {
  constructor(
    private readonly tasks: PluginTasksRepository,
    private readonly wakeUps: TaskWakeUps,
    private readonly due: DueTenants,
    private readonly settings: PluginSettings,
  ) {}

  /** Answers the new task's id. */
  async enqueue(em: EntityManager, tenantId: number, task: PluginTaskSpec, after: AfterCommit): Promise<string> {
    const id = randomUUID();
    const deadline = task.deadline ?? new Date(Date.now() + this.settings.defaultTaskTtlMs);
    await this.tasks.insert(em, {
      id,
      jobId: task.jobId ?? null,
      step: task.step ?? null,
      method: task.method,
      url: task.url,
      headers: task.headers ?? {},
      body: task.body,
      timeoutMs: task.timeoutMs ?? this.settings.defaultTaskTimeoutMs,
      deadline,
      priority: task.priority ?? 0,
    });
    this.wakeAfter(tenantId, deadline, after);
    return id;
  }

  /** The same call again as its next attempt, if it ended (failed, timed out, withdrawn); answers whether it did. */
  async resend(
    em: EntityManager,
    tenantId: number,
    taskId: string,
    deadline: Date,
    after: AfterCommit,
  ): Promise<boolean> {
    const resent = await this.tasks.redispatch(em, taskId, deadline);
    if (resent) this.wakeAfter(tenantId, deadline, after);
    return resent;
  }

  /** Withdraws queued and running calls; a withdrawn running call frees the account's slot. Answers their ids. */
  async withdraw(
    em: EntityManager,
    tenantId: number,
    filter: { jobId?: string; taskIds?: string[] },
    after: AfterCommit,
  ): Promise<string[]> {
    if (filter.taskIds?.length === 0) return [];
    const withdrawn = await this.tasks.cancel(em, filter);
    if (withdrawn.length > 0) after.later(() => this.wakeUps.notify(tenantId));
    return withdrawn.map((t) => t.id);
  }

  private wakeAfter(tenantId: number, deadline: Date, after: AfterCommit): void {
    after.later(() => Promise.all([this.wakeUps.notify(tenantId), this.due.mark(tenantId, deadline)]));
  }
}
