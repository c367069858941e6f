import { Injectable } from '@nestjs/common';
import { AppConfig } from '@stoflow/core';
import { PacingSettings, scaledPacing } from './pacing';

/**
 * Tunables of the plugin bridge. One instance per process; tests and the bench may change its fields before
 * the traffic they exercise (they are read at each use).
 */
@Injectable()
export class PluginSettings {
  /** One-use pairing codes live this long (API.md: 10 minutes). */
  pairingCodeTtlMs = 10 * 60_000;
  /** Plugin tokens are long-lived: a device is revoked from the dashboard, not by expiry. */
  pluginTokenTtlSeconds = 365 * 24 * 3600;
  /** Added to a task's timeoutMs for its lease: the extension's own timeout plus the way back. */
  leaseGraceMs = 10_000;
  /** A task nobody claims by then is never handed out (the sweeper marks it `timeout`). */
  defaultTaskTtlMs = 15 * 60_000;
  defaultTaskTimeoutMs = 30_000;
  /**
   * Tasks of one user `processing` at once (VINTED.md: one call at a time per account). `null` lifts the cap,
   * so a poll may take up to `max` tasks.
   */
  maxProcessingPerUser: number | null = 1;
  /** How often the worker's sweeper looks for passed deadlines and leases. */
  sweepEveryMs = 5_000;
  /**
   * How often the account's sales are read while its extension is online (Vinted purges old sale details, and a
   * sale is seen within this much time, plus the paced calls of the pass).
   */
  ordersSyncEveryMs = 15 * 60_000;
  /** How often the account's inbox is read while its extension is online (a pass reads only what changed). */
  messagesSyncEveryMs = 15 * 60_000;
  /**
   * Seeded brands one refresh of Vinted's reference data searches (one paced call each); the next refresh goes on
   * from there, so the whole list is checked over a few refreshes without a burst of calls.
   */
  referenceBrands = 25;
  /** An extension seen within this long is online (its heartbeats come every minute). */
  onlineWithinMs = 5 * 60_000;
  /** Claims' lease marks for the sweeper are gathered this long and written to Redis together. */
  leaseMarkBatchMs = 25;
  /** Long-polls waiting at once per device (plugin token); a new one beyond it ends the oldest with 204. */
  maxPollsPerDevice: number;
  /** Gaps between the calls of one Vinted account (VINTED_PACING_PERCENT of the production pace); null: none. */
  pacing: PacingSettings | null;

  constructor(config: AppConfig) {
    this.pacing = scaledPacing(config.VINTED_PACING_PERCENT);
    this.maxPollsPerDevice = config.PLUGIN_POLLS_PER_TOKEN;
  }
}
