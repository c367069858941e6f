// Every e2e worker runs against the database made by global-setup.ts.
if (!process.env.STOFLOW_TEST_DATABASE) {
  throw new Error('The e2e suite must run through jest.e2e.config.js (its global setup creates the database)');
}
// Suites that measure the pacing of Vinted calls set their own gaps; the others run without waiting.
process.env.VINTED_PACING_PERCENT ??= '0';
