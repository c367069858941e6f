import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

/** The process's shared Redis connection (health, pub/sub wake-ups, rate-limit storage). */
@Injectable()
export class RedisClient extends Redis implements OnApplicationShutdown {
  private readonly log = new Logger('Redis');
  private reachable = true;

  constructor(@Inject(AppConfig) config: AppConfig) {
    super(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    // One line when Redis goes away and one when it is back; ioredis itself would repeat the error forever.
    this.on('error', (error: Error) => {
      if (!this.reachable) return;
      this.reachable = false;
      this.log.error(`Redis is not reachable at ${redactUrl(config.REDIS_URL)}: ${error.message}`);
    });
    this.on('ready', () => {
      if (this.reachable) return;
      this.reachable = true;
      this.log.log('Redis is reachable again');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.quit().catch(() => this.disconnect());
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured REDIS_URL';
  }
}

@Global()
@Module({ providers: [RedisClient], exports: [RedisClient] })
export class RedisModule {}
