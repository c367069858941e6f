// Every e2e worker runs against the database made by global-setup.ts.
if (!process.env.STOFLOW_TEST_DATABASE) {
  throw new Error('The e2e suite must run through jest.e2e.config.js (its global setup creates the database)');
}
// Every suite runs the paced claim that users get, at 1% of the production gaps (30–150 ms between calls, a
// 150–300 ms pause every 10–15 calls); the suite that measures the pacing sets its own gaps.
process.env.VINTED_PACING_PERCENT ??= '1';
// Test apps are reached through inject() or loopback, and tests give each client its own IP in X-Forwarded-For.
process.env.TRUST_PROXY ??= 'loopback';
// Most suites register and pair from the one loopback address; the limits suite sets its own small limits.
process.env.REGISTER_LIMIT_PER_IP ??= '1000000';
process.env.PAIRING_LIMIT_PER_IP ??= '1000000';
