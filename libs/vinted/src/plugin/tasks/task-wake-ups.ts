import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, RedisClient } from '@stoflow/core';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { PluginSettings } from '../plugin-settings';

const REVOKED = 'revoked:';
/** `revoked:*`: every device of the user (the account was erased). */
const ALL_DEVICES = '*';
const SUPERSEDED = 'superseded:';
/** A poll waits at most 30 s: an entry older than this in a device's poll list belongs to a process that died. */
const STALE_POLL_MS = 60_000;

/** One waiting long-poll's subscription to its user's wake-ups. */
export class WakeUpListener {
  private signalled = false;
  private wake?: () => void;
  revoked = false;
  /** A newer poll of the same device took this one's place: it answers 204 now. */
  superseded = false;
  readonly pollId = randomUUID();

  constructor(
    readonly userId: number,
    readonly deviceId: string,
    private readonly isClosing: () => boolean,
  ) {}

  /** A wake-up arrived (a task was queued, a slot freed up, the device was revoked). */
  deliver(message: string): void {
    if (message.startsWith(REVOKED)) {
      const device = message.slice(REVOKED.length);
      if (device !== this.deviceId && device !== ALL_DEVICES) return;
      this.revoked = true;
    } else if (message.startsWith(SUPERSEDED)) {
      if (message.slice(SUPERSEDED.length) !== this.pollId) return;
      this.superseded = true;
    }
    this.signalled = true;
    this.wake?.();
  }

  /** Resolves true at the next wake-up (at once if one came since the last call), false on timeout, abort, shutdown. */
  next(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.signalled || this.revoked || this.superseded) {
      this.signalled = false;
      return Promise.resolve(true);
    }
    if (ms <= 0 || signal.aborted || this.isClosing()) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.wake = undefined;
        this.signalled = false;
        resolve(woken);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = () => finish(!this.isClosing());
    });
  }

  /** Shutdown: end the wait now. */
  end(): void {
    this.wake?.();
  }
}

/**
 * Wakes waiting long-polls across API processes: enqueuing publishes on the user's Redis channel; each process
 * subscribes (on one dedicated connection) to the channels of the users it has polls for, and only while it
 * has them, so a dropped poll leaves no listener and no subscription behind.
 */
@Injectable()
export class TaskWakeUps implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger(TaskWakeUps.name);
  private subscriber?: Redis;
  private readonly listeners = new Map<number, Set<WakeUpListener>>();
  private readonly subscriptions = new Map<number, Promise<unknown>>();
  private closing = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly config: AppConfig,
    private readonly settings: PluginSettings,
  ) {}

  channel(userId: number): string {
    return `${this.config.QUEUE_PREFIX}:plugin:wake:${userId}`;
  }

  /** Tells the user's waiting polls to claim again. Best effort: a lost wake-up only delays to the next poll. */
  async notify(userId: number, message = 'task'): Promise<void> {
    try {
      await this.redis.publish(this.channel(userId), message);
    } catch (error) {
      this.log.warn({ err: error, userId }, 'Could not publish a plugin wake-up');
    }
  }

  notifyRevoked(userId: number, deviceId: string): Promise<void> {
    return this.notify(userId, `${REVOKED}${deviceId}`);
  }

  /** The account is gone: every waiting poll of its devices, in every process, ends (401) now. */
  notifyAccountGone(userId: number): Promise<void> {
    return this.notify(userId, `${REVOKED}${ALL_DEVICES}`);
  }

  /** Subscribes before the caller's first claim, so a task queued between that claim and the wait is not missed. */
  async listen(userId: number, deviceId: string): Promise<WakeUpListener> {
    const listener = new WakeUpListener(userId, deviceId, () => this.closing);
    let set = this.listeners.get(userId);
    if (!set) {
      set = new Set();
      this.listeners.set(userId, set);
      this.subscriptions.set(userId, this.connection().subscribe(this.channel(userId)));
    }
    set.add(listener);
    try {
      await this.subscriptions.get(userId);
      await this.admit(listener);
    } catch (error) {
      this.close(listener);
      throw error;
    }
    return listener;
  }

  private pollsKey(deviceId: string): string {
    return `${this.config.QUEUE_PREFIX}:plugin:polls:${deviceId}`;
  }

  /**
   * At most `maxPollsPerDevice` waiting polls per device (per plugin token), across API processes: the device's
   * polls are listed in Redis by start time, and the oldest beyond the limit is told to answer 204 at once.
   */
  private async admit(listener: WakeUpListener): Promise<void> {
    const key = this.pollsKey(listener.deviceId);
    const now = Date.now();
    const answers = await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', now - STALE_POLL_MS)
      .zadd(key, now, listener.pollId)
      .pexpire(key, STALE_POLL_MS)
      .zrange(key, 0, -1)
      .exec();
    const polls = (answers?.[3]?.[1] as string[] | undefined) ?? [];
    const excess = polls.slice(0, Math.max(0, polls.length - this.settings.maxPollsPerDevice));
    await Promise.all(excess.map((pollId) => this.notify(listener.userId, `${SUPERSEDED}${pollId}`)));
  }

  close(listener: WakeUpListener): void {
    this.redis.zrem(this.pollsKey(listener.deviceId), listener.pollId).catch(() => undefined);
    const set = this.listeners.get(listener.userId);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(listener.userId);
    this.subscriptions.delete(listener.userId);
    // Commands on one connection run in order, so a later subscribe for this user still wins.
    this.subscriber?.unsubscribe(this.channel(listener.userId)).catch(() => undefined);
  }

  /** Waiting polls and subscribed users in this process (what a leak would make grow). */
  stats(): { listeners: number; users: number; messageHandlers: number } {
    let listeners = 0;
    for (const set of this.listeners.values()) listeners += set.size;
    return { listeners, users: this.listeners.size, messageHandlers: this.subscriber?.listenerCount('message') ?? 0 };
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Before the HTTP server drains: every waiting poll answers now (204), so shutdown is not held up by them. */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const set of this.listeners.values()) for (const listener of set) listener.end();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  private connection(): Redis {
    if (!this.subscriber) {
      // No ready check: its INFO would race the first SUBSCRIBEs queued while connecting, and a connection in
      // subscriber mode refuses INFO.
      const subscriber = this.redis.duplicate({ enableReadyCheck: false });
      subscriber.on('error', (error: Error) => this.log.warn(`Plugin wake-up subscriber: ${error.message}`));
      subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }

  private deliver(channel: string, message: string): void {
    const userId = Number(channel.slice(channel.lastIndexOf(':') + 1));
    for (const listener of this.listeners.get(userId) ?? []) listener.deliver(message);
  }
}
