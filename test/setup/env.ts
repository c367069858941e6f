// Every e2e worker runs against the database made by global-setup.ts.
if (!process.env.STOFLOW_TEST_DATABASE) {
  throw new Error('The e2e suite must run through jest.e2e.config.js (its global setup creates the database)');
}
