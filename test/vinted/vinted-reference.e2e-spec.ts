import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { seller } from '../catalog/catalog-helpers';
import { FakeVinted, PATHS } from '../fakes/vinted/fake-vinted';
import { cli } from '../helpers/cli';
import { sql } from '../helpers/tenants';
import { listableProduct, publish, startSagaWorker, until, vintedSeller, VintedSeller } from './jobs-helpers';
import { listeningApi } from './plugin-helpers';

interface SnapshotBody {
  id: string;
  userId: number;
  status: string;
  brandCount: number;
}

interface CategoryRow {
  id: number;
  name: string;
  vinted_path: string;
  vinted_gone_at: string | null;
}

const RENAMED = { code: 'women_dresses_denim', vintedId: 179, from: 'Denim dresses', to: 'Denim & chambray dresses' };
const REMOVED = { code: 'women_dresses_strapless', vintedId: 1061 };
/** Special-occasion dresses (1774) and the five catalogs below them. */
const OCCASION = [
  'women_dresses_special_occasion',
  'women_dresses_party_cocktail',
  'women_dresses_wedding',
  'women_dresses_prom',
  'women_dresses_evening',
  'women_dresses_backless',
];

/**
 * Vinted's reference lists read through the extension into a snapshot, compared with the seeded ids by the CLI,
 * and applied: renames, and a catalog Vinted removed no longer offered to Vinted. The reference tables are shared
 * by the whole run, so the two rows this suite changes are put back at the end.
 */
describe('Vinted: keeping the reference data current', () => {
  let app: NestFastifyApplication;
  let base: string;
  let worker: INestApplicationContext;
  let vinted: FakeVinted;
  let alice: VintedSeller;
  let bob: VintedSeller;
  let saved: CategoryRow[];
  const occasion: CategoryRow[] = [];

  const category = async (code: string): Promise<CategoryRow> => {
    const [row] = await sql(app).execute<CategoryRow[]>(
      'select id, name, vinted_path, vinted_gone_at from product_attributes.categories where code = ?',
      [code],
    );
    return row;
  };
  const refresh = (who: { headers: Record<string, string> }) =>
    app.inject({ method: 'POST', url: '/api/vinted/reference/refresh', headers: who.headers });
  const snapshotStatus = async (id: string) => {
    const [row] = await sql(app).execute<{ status: string; error: string | null }[]>(
      'select status, error from public.vinted_reference_snapshots where id = ?',
      [id],
    );
    return row;
  };
  const restore = async (rows: CategoryRow[]) => {
    for (const row of rows) {
      await sql(app).execute(
        'update product_attributes.categories set name = ?, vinted_path = ?, vinted_gone_at = ? where id = ?',
        [row.name, row.vinted_path, row.vinted_gone_at, row.id],
      );
    }
  };
  const ended = (id: string) =>
    until('the end of the refresh', async () => (await snapshotStatus(id)).status !== 'running');

  beforeAll(async () => {
    vinted = await FakeVinted.start();
    ({ app, base } = await listeningApi());
    worker = await startSagaWorker();
    alice = await vintedSeller(app, base, vinted);
    bob = await vintedSeller(app, base, vinted);
    saved = [await category(RENAMED.code), await category(REMOVED.code)];
    for (const code of OCCASION) occasion.push(await category(code));
  });
  afterAll(async () => {
    await restore([...(saved ?? []), ...occasion]);
    await alice?.ext.stop();
    await bob?.ext.stop();
    await worker?.close();
    await app?.close();
    await vinted?.close();
  });

  it('refuses a refresh without a paired extension, in the API’s error shape', async () => {
    const res = await refresh(await seller(app));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: {
        code: 'MARKETPLACE_NOT_CONNECTED',
        message: expect.stringMatching(/pair it/),
        details: [expect.objectContaining({ marketplace: 'vinted' })],
        requestId: expect.any(String),
      },
    });
  });

  it('finds what Vinted renamed and removed, and nothing else; applies it once; the removed catalog is refused', async () => {
    vinted.renameCatalog(RENAMED.vintedId, RENAMED.to);
    vinted.removeCatalog(REMOVED.vintedId);
    const onRemoved = await listableProduct(app, alice, 1, { categoryId: saved[1].id, title: 'Strapless' });

    // Alice's extension is not running yet: her refresh waits, and is the one running.
    const res = await refresh(alice);
    expect(res.statusCode).toBe(202);
    const started = res.json<SnapshotBody>();
    expect(started).toMatchObject({ userId: alice.id, status: 'running', brandCount: 25 });
    const again = await refresh(alice);
    expect(again.statusCode).toBe(202);
    expect(again.json<SnapshotBody>().id).toBe(started.id);
    const other = await refresh(bob);
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already running/) });

    alice.ext.start(1);
    await ended(started.id);
    expect(await snapshotStatus(started.id)).toEqual({ status: 'completed', error: null });
    const follow = (who: { headers: Record<string, string> }, id: string) =>
      app.inject({ method: 'GET', url: `/api/vinted/reference/${id}`, headers: who.headers });
    expect((await follow(alice, started.id)).json()).toMatchObject({
      id: started.id,
      userId: alice.id,
      status: 'completed',
      finishedAt: expect.any(String),
    });
    // Another user's refresh, like one that does not exist, is not found.
    for (const res of [await follow(bob, started.id), await follow(alice, 'not-a-refresh')]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', requestId: expect.any(String) });
    }
    // Every list was read through Alice's extension (her Vinted session), none through Bob's.
    const paths = vinted.callsFor(alice.vintedUserId).map((c) => c.path);
    expect(paths.filter((p) => p === PATHS.catalogs)).toHaveLength(1);
    expect(paths.filter((p) => p === PATHS.sizeGroups)).toHaveLength(1);
    expect(paths.filter((p) => p.startsWith(`${PATHS.brands}?keyword=`))).toHaveLength(25);
    expect(vinted.callsFor(bob.vintedUserId)).toEqual([]);

    const diff = await cli('reference', 'diff', '--snapshot', started.id);
    expect(diff).toMatchObject({ code: 0, err: '' });
    const lines = diff.out.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^snapshot ${started.id}\tcompleted\tuser ${alice.id}\t`));
    expect(lines.slice(1)).toEqual([
      'catalogs: 0 new, 1 renamed, 1 gone',
      `  renamed\t${RENAMED.code} (${RENAMED.vintedId})\t"${RENAMED.from}" → "${RENAMED.to}"`,
      `  gone\t${REMOVED.code} (${REMOVED.vintedId})\t"Strapless dresses"`,
      'sizes: 0 new, 0 gone',
      'brands: 0 new, 0 renamed',
    ]);

    // Without --yes: a dry run that changes nothing.
    const dry = await cli('reference', 'apply', '--snapshot', started.id);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(
      'dry run: would rename 1 category, mark 1 category gone from Vinted (no longer listable there); run again with --yes to apply',
    );
    expect([await category(RENAMED.code), await category(REMOVED.code)]).toEqual(saved);

    const applied = await cli('reference', 'apply', '--snapshot', started.id, '--yes');
    expect(applied).toMatchObject({ code: 0, err: '' });
    expect(applied.out).toContain('applied: 1 category renamed, 0 brands renamed, 1 category marked gone from Vinted');
    const renamed = await category(RENAMED.code);
    expect(renamed).toMatchObject({ name: RENAMED.to, vinted_path: `Women > Clothing > Dresses > ${RENAMED.to}` });
    const gone = await category(REMOVED.code);
    expect(saved[1].vinted_gone_at).toBeNull();
    expect(gone.vinted_gone_at).not.toBeNull();
    expect(gone).toMatchObject({ name: saved[1].name, vinted_path: saved[1].vinted_path });

    const twice = await cli('reference', 'apply', '--snapshot', started.id, '--yes');
    expect(twice.out).toContain('catalogs: 0 new, 0 renamed, 0 gone');
    expect(twice.out.trim().split('\n').pop()).toBe('nothing to change');
    expect(await category(RENAMED.code)).toEqual(renamed);
    expect(await category(REMOVED.code)).toEqual(gone);

    // The dashboard no longer offers it for Vinted, and a product on it is refused before any Vinted call.
    const listed = await app.inject({
      method: 'GET',
      url: '/api/attributes/categories?q=strapless&limit=100',
      headers: alice.headers,
    });
    const item = listed.json<{ items: { code: string; listable: Record<string, boolean> }[] }>().items;
    expect(item.find((c) => c.code === REMOVED.code)?.listable.vinted).toBe(false);
    const callsBefore = vinted.callsFor(alice.vintedUserId).length;
    const refused = await publish(app, alice, onRemoved.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'PRODUCT_INCOMPLETE_FOR_MARKETPLACE',
      details: [
        {
          field: 'categoryId',
          issue: expect.stringMatching(/Vinted no longer has the catalog .*: choose another category/),
          marketplace: 'vinted',
        },
      ],
    });
    expect(vinted.callsFor(alice.vintedUserId)).toHaveLength(callsBefore);
  });

  it('is started from the CLI for a user, goes on with the next brands, and the latest refresh is the default', async () => {
    const [previous] = await sql(app).execute<{ id: string }[]>(
      'select id from public.vinted_reference_snapshots order by started_at desc limit 1',
    );
    const started = await cli('reference', 'refresh', String(alice.id));
    expect(started).toMatchObject({ code: 0, err: '' });
    const [id, status, brands] = started.out.trim().split('\t');
    expect([status, brands]).toEqual(['running', '25 brands to search']);
    expect(id).not.toBe(previous.id);
    await ended(id);
    const [row] = await sql(app).execute<{ user_id: string; brand_offset: number; status: string }[]>(
      'select user_id, brand_offset, status from public.vinted_reference_snapshots where id = ?',
      [id],
    );
    expect(row).toEqual({ user_id: String(alice.id), brand_offset: 25, status: 'completed' });

    const latest = await cli('reference', 'diff');
    expect(latest.out.split('\n')[0]).toContain(`snapshot ${id}\tcompleted`);
    expect(latest.out).toContain('catalogs: 0 new, 0 renamed, 0 gone');

    const unpaired = await cli('reference', 'refresh', String((await seller(app)).id));
    expect(unpaired.code).toBe(1);
    expect(unpaired.err).toMatch(/not connected/);
    for (const args of [
      ['reference', 'diff', '--snapshot', 'nope'],
      ['reference', 'refresh'],
      ['reference', 'diff', 'x'],
    ]) {
      const res = await cli(...args);
      expect({ args, code: res.code, out: res.out }).toEqual({ args, code: 2, out: '' });
    }
    const unknown = await cli('reference', 'diff', '--snapshot', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/not found/);
  });
  it('ends a refresh Vinted interrupts as failed: what it read shows, nothing is reported gone or marked', async () => {
    const winter = await category('women_dresses_winter');
    vinted.removeCatalog(1779);
    vinted.inject(alice.vintedUserId, 'captcha', { when: { path: PATHS.sizeGroups } });
    const res = await refresh(alice);
    expect(res.statusCode).toBe(202);
    const { id } = res.json<SnapshotBody>();
    await ended(id);
    expect(await snapshotStatus(id)).toEqual({ status: 'failed', error: expect.stringMatching(/captcha/) });
    // No brand was searched after the interruption.
    const calls = vinted.callsFor(alice.vintedUserId);
    expect(calls[calls.length - 1].path).toBe(PATHS.sizeGroups);

    const diff = await cli('reference', 'diff', '--snapshot', id);
    expect(diff.out).toMatch(/\nincomplete refresh \(Vinted asks for a captcha.*\): nothing is reported gone\n/);
    expect(diff.out).toContain('catalogs: 0 new, 0 renamed, 0 gone');
    const applied = await cli('reference', 'apply', '--snapshot', id, '--yes');
    expect(applied.out.trim().split('\n').pop()).toBe('nothing to change');
    expect(await category('women_dresses_winter')).toEqual(winter);
    // The default diff stays the latest completed refresh.
    expect((await cli('reference', 'diff')).out.split('\n')[0]).not.toContain(id);
    vinted.resetReference();
  });
  it('renames a catalog in the paths of the catalogs below it too', async () => {
    // Vinted and StoFlow back as seeded (the rows the first journey changed are put back).
    await restore(saved);
    vinted.resetReference();
    vinted.renameCatalog(1774, 'Occasion dresses');
    const res = await refresh(alice);
    expect(res.statusCode).toBe(202);
    const { id } = res.json<SnapshotBody>();
    await ended(id);
    const diff = await cli('reference', 'diff', '--snapshot', id);
    expect(diff.out).toContain('catalogs: 0 new, 1 renamed, 0 gone');
    expect((await cli('reference', 'apply', '--snapshot', id, '--yes')).out).toContain('applied: 1 category renamed');
    const [parent, ...below] = await Promise.all(OCCASION.map((code) => category(code)));
    expect(parent).toMatchObject({
      name: 'Occasion dresses',
      vinted_path: 'Women > Clothing > Dresses > Occasion dresses',
    });
    expect(below.map((row) => row.vinted_path)).toEqual(
      occasion.slice(1).map((row) => row.vinted_path.replace('> Special-occasion dresses >', '> Occasion dresses >')),
    );
    // StoFlow's own names of the catalogs below stay.
    expect(below.map((row) => row.name)).toEqual(occasion.slice(1).map((row) => row.name));
    // Other dresses keep theirs.
    expect((await category('women_dresses_mini')).vinted_path).toBe('Women > Clothing > Dresses > Mini-dresses');
    vinted.resetReference();
  });
});
