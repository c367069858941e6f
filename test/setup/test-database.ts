import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server the suite may create databases on (the machine's PostgreSQL by default). */
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function freshDatabaseName(): string {
  return `stoflow_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the run's database and every role of its namespace (roles are cluster-wide, databases are not). */
export async function dropDatabaseAndRoles(name: string): Promise<void> {
  await withAdmin(async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
    const { rows } = await client.query<{ rolname: string }>(
      `select rolname from pg_roles where rolname like $1 order by rolname desc`,
      [`${name.replace(/_/g, '\\_')}\\_%`],
    );
    for (const { rolname } of rows) await client.query(`drop role if exists "${rolname}"`);
  });
}
