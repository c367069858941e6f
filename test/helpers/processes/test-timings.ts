import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobSettings } from '../../../libs/publishing/src/jobs/job-settings';
import { PluginSettings } from '../../../libs/vinted/src/plugin/plugin-settings';

/**
 * The saga's test timings (those of `fastSaga` in test/vinted/jobs-helpers.ts: short back-offs and idle checks,
 * the run's pacing), and sweeps every 200 ms, which a worker reads once, when it schedules them at start.
 * `TEST_LEASE_GRACE_MS` changes the grace an API process adds to a task's timeout for its lease.
 */
export function applyTestTimings<T>(instance: T): T {
  if (instance instanceof JobSettings) {
    Object.assign(instance, {
      retryBaseMs: 100,
      retryMaxMs: 1_000,
      rateLimitBaseMs: 200,
      idleCheckMs: 2_000,
      sweepEveryMs: 200,
    });
  } else if (instance instanceof PluginSettings) {
    instance.sweepEveryMs = 200;
    const grace = process.env.TEST_LEASE_GRACE_MS;
    if (grace !== undefined) instance.leaseGraceMs = Number(grace);
  }
  return instance;
}

@Injectable()
class TestTimings implements OnModuleInit {
  constructor(private readonly modules: ModuleRef) {}

  onModuleInit(): void {
    applyTestTimings(this.modules.get(JobSettings, { strict: false }));
    applyTestTimings(this.modules.get(PluginSettings, { strict: false }));
  }
}

/** For an API process: the timings are set before it listens (it runs no processor that could read them sooner). */
@Module({ providers: [TestTimings] })
export class TestTimingsModule {}
