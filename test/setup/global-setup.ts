import path from 'node:path';
import { register } from 'tsconfig-paths';

// Jest's moduleNameMapper does not apply to the global setup: resolve the @stoflow/* aliases here.
register({
  baseUrl: path.resolve(__dirname, '../..'),
  paths: { '@stoflow/migrations': ['migrations'], '@stoflow/*': ['libs/*/src'] },
  addMatchAll: false,
});

export default async function globalSetup(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTestDatabase } = require('./test-database-migrate') as typeof import('./test-database-migrate');
  await createTestDatabase();
}
