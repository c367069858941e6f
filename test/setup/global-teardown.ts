import { dropDatabaseAndRoles } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.STOFLOW_TEST_DATABASE;
  if (name && process.env.KEEP_TEST_DATABASE !== '1') await dropDatabaseAndRoles(name);
}
