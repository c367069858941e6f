import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TenantDatabase, Unauthenticated } from '@stoflow/core';
import { VintedAccountRepository } from '../../../account/vinted-account.repository';
import type { PluginCaller } from '../../access/plugin.guard';
import { DevicesRepository } from '../../devices/devices.repository';
import { callKind, earliestStart } from '../../pacing';
import { PluginSettings } from '../../plugin-settings';
import { DueTenants } from '../due-tenants';
import { ClaimedTask } from '../plugin-task';
import { ClaimRow, PluginTasksRepository } from '../plugin-tasks.repository';
import { TaskWakeUps } from '../task-wake-ups';
import { ClaimTasksCommand } from './claim-tasks.command';

interface Claim {
  tasks: ClaimedTask[];
  /** When a paced task becomes claimable, if one is waiting for its gap. */
  retryAt?: number;
}

@CommandHandler(ClaimTasksCommand)
export class ClaimTasksHandler implements ICommandHandler<ClaimTasksCommand, ClaimedTask[]> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly tasks: PluginTasksRepository,
    private readonly account: VintedAccountRepository,
    private readonly wakeUps: TaskWakeUps,
    private readonly due: DueTenants,
    private readonly settings: PluginSettings,
    private readonly devices: DevicesRepository,
  ) {}

  async execute({ caller, waitSeconds, max, clientGone }: ClaimTasksCommand): Promise<ClaimedTask[]> {
    if (this.wakeUps.isClosing) return [];
    const until = Date.now() + waitSeconds * 1000;
    // A task ready now needs no subscription: only a poll that is going to wait subscribes (and then claims once
    // more before waiting, so a task queued between the two claims is not missed).
    const ready = await this.claim(caller, max);
    if (ready.tasks.length > 0 || waitSeconds === 0) return ready.tasks;
    const listener = await this.wakeUps.listen(caller.userId, ready.deviceId);
    try {
      for (;;) {
        if (listener.revoked) throw revoked();
        if (listener.superseded || clientGone.aborted || this.wakeUps.isClosing) return [];
        const { tasks, retryAt } = await this.claim(caller, max);
        if (tasks.length > 0) return tasks;
        // Woken by a new task or a freed slot, or when the paced task's gap is over.
        const wait = Math.min(until, retryAt ?? Infinity) - Date.now();
        if (!(await listener.next(wait, clientGone)) && Date.now() >= until) return [];
      }
    } finally {
      this.wakeUps.close(listener);
    }
  }

  /** Checks the caller's device (401 when revoked or its user disabled), then claims: one round trip unpaced. */
  private async claim(caller: PluginCaller, max: number): Promise<Claim & { deviceId: string }> {
    const { leaseGraceMs, maxProcessingPerUser: cap, pacing } = this.settings;
    const { userId } = caller;
    let deviceId: string;
    let claim: Claim;
    if (pacing === null) {
      const trip = await this.claimInOneTrip(caller, max, leaseGraceMs, cap);
      deviceId = trip.deviceId;
      claim = { tasks: trip.tasks };
    } else {
      const device = await this.devices.activeByTokenHash(this.devices.em(), caller.tokenHash);
      if (!device || device.userId !== userId) throw revoked();
      deviceId = device.id;
      claim = await this.db.transaction(async (em): Promise<Claim> => {
        // The account row lock serialises this tenant's claims, so the count and the pacing read stay exact.
        const account = await this.account.lock(em);
        if (account.paused_reason) return { tasks: [] };
        let limit = max;
        if (cap !== null) limit = Math.min(limit, cap - (await this.tasks.processingCount(em)));
        if (limit <= 0) return { tasks: [] };
        const state = {
          lastCallAt: account.last_call_at === null ? null : +new Date(account.last_call_at),
          gapDraw: account.gap_draw,
          callsUntilPause: account.calls_until_pause,
          pauseDraw: account.pause_draw,
          slowdown: account.slowdown,
          backoffUntil: account.backoff_until === null ? null : +new Date(account.backoff_until),
        };
        const next = await this.tasks.nextPending(em);
        if (!next) return { tasks: [] };
        const at = earliestStart(pacing, state, callKind(next.method, next.url));
        limit = 1; // one call at a time, each after its own gap
        // Compared with the database's clock, which stamped last_call_at and the back-off.
        const now = +new Date(account.now);
        if (at > now) return { tasks: [], retryAt: Date.now() + (at - now) };
        const tasks = await this.tasks.claim(em, deviceId, limit, leaseGraceMs);
        if (tasks.length > 0) await this.account.callClaimed(em, pacing.pauseEvery);
        return { tasks };
      });
    }
    if (claim.tasks.length > 0) {
      // The sweeper must look at this tenant when the first lease runs out (at least seconds away): the answer
      // need not wait for the mark, which goes to Redis with the other claims' marks of the next few milliseconds.
      const leaseEnd = Math.min(...claim.tasks.map((t) => t.timeoutMs)) + leaseGraceMs;
      this.due.markSoon(userId, new Date(Date.now() + leaseEnd));
    }
    return { ...claim, deviceId };
  }

  /**
   * Without pacing (tests, benchmarks), a claim is one script: one round trip to the database per poll. A 429
   * back-off still holds the calls; the waiting poll just learns of its end at its next wake-up or poll.
   */
  private async claimInOneTrip(caller: PluginCaller, max: number, graceMs: number, cap: number | null) {
    const { sql, params } = this.tasks.claimScript(null, max, graceMs, cap);
    let answer: { prelude: { device_id: string }[]; rows: ClaimRow[] };
    try {
      answer = await this.db.scriptAfter<{ device_id: string }, ClaimRow>(
        this.devices.checkInPrelude(caller.tokenHash, caller.userId),
        sql,
        params,
      );
    } catch (error) {
      // An erased account's tenant role is gone, so the script fails before the prelude's verdict can be read:
      // ask again on its own, and a device that is no longer active is a 401, not a database error.
      if (!(await this.devices.activeByTokenHash(this.devices.em(), caller.tokenHash))) throw revoked();
      throw error;
    }
    const { prelude, rows } = answer;
    const deviceId = prelude[0]?.device_id;
    if (!deviceId) throw revoked();
    return { deviceId, tasks: this.tasks.toClaimed(rows) };
  }
}

function revoked(): Unauthenticated {
  return new Unauthenticated('This device was revoked: pair it again');
}
