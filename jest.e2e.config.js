/** The real app against real PostgreSQL and Redis, on a fresh database per run. */
module.exports = {
  ...require('./jest.shared'),
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  testTimeout: 60_000,
  // One suite at a time (suites share the run's database and Redis, and the outbox relay of one suite's worker
  // must not take another suite's events), each in a fresh worker process: Nest, MikroORM and passport keep
  // process-wide registries (entity metadata, strategies) that must not leak from one suite into the next.
  maxWorkers: 1,
  workerIdleMemoryLimit: 1,
};
