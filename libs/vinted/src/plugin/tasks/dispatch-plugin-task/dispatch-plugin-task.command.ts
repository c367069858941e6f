import { Command } from '@nestjs/cqrs';
import type { HttpMethod } from '../plugin-task';

export interface PluginTaskSpec {
  /** The VintedJob this call is a step of, if any. */
  jobId?: string;
  /** The saga's name for the step (e.g. `upload-photo:2`, `create-item`). */
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
  /** A caller-chosen id (e.g. derived from the job and step, to make dispatching idempotent). */
  id?: string;
}

/**
 * Queues one HTTP call for the user's extension and wakes its waiting long-poll (on any API process).
 * Answers the task id. The tenant is explicit: the worker's saga runs it from a job's data.
 */
export class DispatchPluginTaskCommand extends Command<{ taskId: string }> {
  constructor(
    readonly tenantId: number,
    readonly task: PluginTaskSpec,
  ) {
    super();
  }
}
