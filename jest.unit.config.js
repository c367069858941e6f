/** Specs beside the code and in test/ that need no database: fast, in parallel. */
module.exports = {
  ...require('./jest.shared'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  maxWorkers: 2,
};
