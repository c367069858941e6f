import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig, RedisClient } from '@stoflow/core';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserStateCache } from './user-state-cache';

/** How long an announcement waits for the processes that received it to confirm; after that it logs and returns. */
const ACK_TIMEOUT_MS = 2000;

interface Announcement {
  userId: number;
  /** Where receivers confirm: the announcing process's own channel. */
  ack: string;
  nonce: string;
}

interface Waiting {
  expected: number;
  received: number;
  done: () => void;
}

/**
 * Tells every API process at once that a user changed (disabled, enabled, erased, role or tier, password reset),
 * so none keeps serving requests from what its UserStateCache remembers.
 *
 * A process that caches subscribes (on one dedicated connection) to one Redis channel; `announce` publishes the
 * user id there after the change is committed, and waits until every process that received the message has
 * forgotten the user and said so on the announcer's own channel. So when the admin's PATCH (or the CLI command)
 * returns, no process answers with the old state any more. A process that loses its subscription stops caching
 * until it has it back (see UserStateCache); a failed or unconfirmed announcement is logged, and the TTL
 * (AUTH_USER_CACHE_MS) bounds how long it can matter.
 */
@Injectable()
export class UserChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(UserChanges.name);
  private readonly channel: string;
  private readonly ackChannel: string;
  private subscriber?: Redis;
  private readonly channels = new Set<string>();
  private listening?: Promise<void>;
  private readonly waiting = new Map<string, Waiting>();
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly cache: UserStateCache,
    private readonly adapterHost: HttpAdapterHost,
    config: AppConfig,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:auth:user-changed`;
    this.ackChannel = `${this.channel}:ack:${randomUUID()}`;
  }

  /** A process that serves HTTP (the API) subscribes before it takes requests; the worker and the CLI only announce. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.adapterHost.httpAdapter) await this.listen();
  }

  /**
   * Subscribes this process to the changes (once; later calls return the same promise). The cache answers from
   * the moment the subscription is confirmed. Never rejects: without Redis the guard simply reads the database.
   */
  listen(): Promise<void> {
    if (this.closed || this.cache.ttlMs === 0) return Promise.resolve();
    this.listening ??= this.subscribe(this.channel).catch((error: unknown) => {
      this.log.warn(`Not subscribed to user changes yet (users are read on every request): ${String(error)}`);
    });
    return this.listening;
  }

  /** After the change is committed: this process forgets the user now, the others before this resolves. */
  async announce(userId: number): Promise<void> {
    this.cache.forget(userId);
    const nonce = randomUUID();
    let done!: () => void;
    const confirmed = new Promise<void>((resolve) => (done = resolve));
    const waiting: Waiting = { expected: Number.POSITIVE_INFINITY, received: 0, done };
    this.waiting.set(nonce, waiting);
    try {
      await this.subscribe(this.ackChannel);
      const message: Announcement = { userId, ack: this.ackChannel, nonce };
      waiting.expected = await this.redis.publish(this.channel, JSON.stringify(message));
      if (waiting.received >= waiting.expected) done();
      const timeout = new AbortController();
      const inTime = await Promise.race([
        confirmed.then(() => true),
        sleep(ACK_TIMEOUT_MS, false, { signal: timeout.signal }).catch(() => false),
      ]);
      timeout.abort();
      if (!inTime) {
        this.log.warn(
          { userId, expected: waiting.expected, received: waiting.received },
          'Not every API process confirmed a user change in time: they see it when their cached state expires',
        );
      }
    } catch (error) {
      this.log.error(
        { err: error, userId },
        'Could not announce a user change: other API processes see it when their cached state expires',
      );
    } finally {
      this.waiting.delete(nonce);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.cache.setLive(false);
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  private async subscribe(channel: string): Promise<void> {
    this.channels.add(channel);
    await this.connection().subscribe(channel);
    if (channel === this.channel && !this.closed) this.cache.setLive(true);
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Resubscribing is ours to do (on 'ready'), so that the cache goes live only once it is confirmed. No ready
    // check: a connection in subscriber mode refuses the INFO it sends.
    const subscriber = this.redis.duplicate({ enableReadyCheck: false, autoResubscribe: false });
    subscriber.on('error', (error: Error) => this.log.warn(`User-change subscriber: ${error.message}`));
    // Messages sent while the connection is down are lost: stop trusting the cache until subscribed again.
    subscriber.on('close', () => this.cache.setLive(false));
    subscriber.on('ready', () => {
      if (this.channels.size === 0 || this.closed) return;
      subscriber
        .subscribe(...this.channels)
        .then(() => {
          if (this.channels.has(this.channel) && !this.closed && this.subscriber === subscriber) {
            this.cache.setLive(true);
          }
        })
        .catch((error: unknown) => this.log.warn(`User-change subscriber: ${String(error)}`));
    });
    subscriber.on('message', (channel: string, message: string) => this.receive(channel, message));
    this.subscriber = subscriber;
    return subscriber;
  }

  private receive(channel: string, message: string): void {
    if (channel === this.ackChannel) {
      const waiting = this.waiting.get(message);
      if (waiting && ++waiting.received >= waiting.expected) waiting.done();
      return;
    }
    if (channel !== this.channel) return;
    let announcement: Announcement;
    try {
      announcement = JSON.parse(message) as Announcement;
    } catch {
      return;
    }
    if (!Number.isSafeInteger(announcement.userId)) return;
    this.cache.forget(announcement.userId);
    this.redis.publish(announcement.ack, announcement.nonce).catch((error: unknown) => {
      this.log.warn(`Could not confirm a user change: ${String(error)}`);
    });
  }
}
