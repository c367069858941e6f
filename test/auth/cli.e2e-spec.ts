import { spawnSync } from 'node:child_process';
import { cli } from '../helpers/cli';
import { freshEmail, PASSWORD } from '../helpers/auth';

describe('admin CLI: users, tenants, quotas', () => {
  it('users create / show / list / set-role / set-tier / disable / enable / reset-password', async () => {
    const email = freshEmail('cli');
    const created = await cli('users', 'create', email, '--password', PASSWORD, '--tier', 'starter');
    expect(created).toMatchObject({ code: 0, err: '' });
    const id = Number(created.out.split('\t')[0]);
    expect(created.out).toContain(`${email}\tuser\tstarter\tactive`);

    expect((await cli('users', 'show', email)).out).toContain(`${id}\t${email}`);
    const listed = (await cli('users', 'list', '-q', email)).out.split('\n');
    expect(listed[0]).toBe('id\temail\trole\ttier\tstate\tcreated');
    expect(listed[1]).toContain(`${id}\t${email}`);
    expect(listed).toContain('page 1 · 1 of 1');
    expect((await cli('users', 'set-role', String(id), 'admin')).out).toContain('\tadmin\t');
    expect((await cli('users', 'set-tier', email, 'pro')).out).toContain('\tpro\t');
    expect((await cli('users', 'disable', email)).out).toContain('\tdisabled\t');
    expect((await cli('users', 'enable', email)).out).toContain('\tactive\t');
    const reset = await cli('users', 'reset-password', email);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/password: \S{20}/);
    const generated = await cli('users', 'create', freshEmail('cli'));
    expect(generated.out).toMatch(/password: \S{20}/);
  });

  it('bad arguments: one clear line, exit 2, nothing written', async () => {
    const email = freshEmail('cli-bad');
    const cases = [
      ['users', 'create', email, '--password', 'short'],
      ['users', 'create', email, '--role', 'root'],
      ['users', 'set-role', '1', 'superuser'],
      ['users', 'show'],
      ['users', 'list', '--page', '0'],
      ['users', 'list', '--bogus'],
      ['tenants', 'migrate', '--concurrency', 'many'],
      ['quotas', 'set', 'free', '--products', 'lots'],
      ['quotas', 'set', 'free'],
      ['nonsense'],
      ['users', 'frobnicate'],
      ['tenants', 'frobnicate'],
      ['users', 'set-tier', email, 'gold'],
    ];
    for (const args of cases) {
      const res = await cli(...args);
      expect({ args, code: res.code, err: res.err }).toEqual({ args, code: 2, err: expect.any(String) });
      expect(res.err.trim().split('\n')).toHaveLength(1);
    }
    expect((await cli('users', 'show', email)).code).toBe(1);
    expect((await cli('users', 'set-tier', '1', 'gold')).err).toBe(
      'tier must be one of free, starter, pro, business, got "gold"\n',
    );
    expect((await cli('users', 'frobnicate')).err).toMatch(
      /^unknown command "frobnicate" for users; use one of create,/,
    );
  });

  it('--help on every command', async () => {
    for (const args of [
      [],
      ['users'],
      ['users', 'create'],
      ['users', 'reset-password'],
      ['tenants'],
      ['tenants', 'migrate'],
      ['tenants', 'verify'],
      ['quotas'],
      ['quotas', 'set'],
    ]) {
      const res = await cli(...args, '--help');
      expect({ args, code: res.code }).toEqual({ args, code: 0 });
      expect(res.out).toMatch(/Usage:/);
    }
  });

  it('quotas list and set', async () => {
    const listed = await cli('quotas', 'list');
    expect(listed.out.split('\n').slice(0, 4)).toEqual([
      'free\tproducts 30\tmarketplaces 2\tpublishes/day 20',
      'starter\tproducts 200\tmarketplaces 3\tpublishes/day 200',
      'pro\tproducts 500\tmarketplaces all\tpublishes/day 1000',
      'business\tproducts unlimited\tmarketplaces all\tpublishes/day 10000',
    ]);
    const set = await cli('quotas', 'set', 'starter', '--products', '250', '--publishes-per-day', '300');
    expect(set.out).toBe('starter\tproducts 250\tmarketplaces 3\tpublishes/day 300\n');
    // Only the limits given change.
    const one = await cli('quotas', 'set', 'starter', '--publishes-per-day', '250');
    expect(one.out).toBe('starter\tproducts 250\tmarketplaces 3\tpublishes/day 250\n');
    await cli('quotas', 'set', 'starter', '--products', '200', '--publishes-per-day', '200');
    expect((await cli('quotas', 'set', 'platinum', '--products', '1')).code).toBe(1);
  });

  it('tenants list, migrate (progress, concurrency) and verify (drift)', async () => {
    const created = await cli('users', 'create', freshEmail('cli-tenant'), '--password', PASSWORD);
    const id = Number(created.out.split('\t')[0]);
    const tenants = (await cli('tenants', 'list')).out;
    expect(tenants.split('\n')[0]).toBe('id\tschema\tmigration\tmigrated');
    expect(tenants).toContain(`${id}\tuser_${id}\tMigration`);
    const migrated = await cli('tenants', 'migrate', '--concurrency', '2', '--from', String(id));
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(/tenants: \d+ · migrated 0 · up to date \d+ · failed 0/);

    expect((await cli('tenants', 'verify')).out).not.toContain(`user_${id}:`);
    const { MikroORM } = await import('@mikro-orm/postgresql');
    const { loadConfig, ormOptions } = await import('@stoflow/core');
    const orm = await MikroORM.init({ ...ormOptions(loadConfig()), discovery: { warnWhenNoEntities: false } });
    try {
      await orm.em.fork().execute(`alter table "user_${id}".handled_events add column surprise int`);
      const verify = await cli('tenants', 'verify');
      expect(verify.code).toBe(1);
      expect(verify.out).toContain(`user_${id}: extra or different column: handled_events.surprise integer null`);
    } finally {
      await orm.em.fork().execute(`alter table "user_${id}".handled_events drop column surprise`);
      await orm.close(true);
    }
  });

  it('the real binary prints its help as `stoflow` with no setting at all, and one line for a missing setting', () => {
    const bare = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
        cwd: `${__dirname}/../..`,
        env: bare,
        encoding: 'utf8',
        timeout: 30_000,
      });
    for (const args of [['--help'], ['users', '--help']]) {
      const help = run(...args);
      expect({ args, status: help.status, stderr: help.stderr }).toEqual({ args, status: 0, stderr: '' });
      expect(help.stdout).toMatch(/^Usage: stoflow /);
    }
    // No command at all: the same help, as a usage error.
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^Usage: stoflow /);
    expect(none.stderr).not.toMatch(/outputHelp|at .*\.(ts|js)/);
    const missing = run('users', 'list');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('Invalid setting DATABASE_URL: it is required and not set\n');
  });

  it('the real binary exits 2 with one line on a bad argument', () => {
    const res = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'users', 'set-role', '1', 'superuser'],
      { cwd: `${__dirname}/../..`, env: process.env, encoding: 'utf8', timeout: 30_000 },
    );
    expect(res.status).toBe(2);
    expect(res.stderr.trim()).toBe('role must be one of user, admin, got "superuser"');
  });
});
