/** The real app against real PostgreSQL and Redis, on a fresh database per run. */
module.exports = {
  ...require('./jest.shared'),
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
