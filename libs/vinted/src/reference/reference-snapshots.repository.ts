import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export type SnapshotStatus = 'running' | 'completed' | 'failed';

/** A refresh as the API and the CLI show it (the raw answers stay in the row). */
export interface ReferenceSnapshotView {
  id: string;
  userId: number;
  status: SnapshotStatus;
  /** How many seeded brands this run searches on Vinted (one paced call each). */
  brandCount: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** What Vinted answered, part by part, as the extension brought it back. */
export interface SnapshotRaw {
  catalogs?: unknown;
  sizeGroups?: unknown;
  /** Each search's answer, by the index of its brand in `brandIds` (and of its keyword in `brand_keywords`). */
  brands: Record<string, unknown>;
  /** StoFlow's ids of the brands searched, in order. */
  brandIds?: number[];
}

export interface SnapshotRow {
  id: string;
  user_id: string;
  status: SnapshotStatus;
  raw: SnapshotRaw;
  brand_keywords: string[];
  brand_offset: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** SQL on public.vinted_reference_snapshots (shared, outside any tenant). */
@Injectable()
export class ReferenceSnapshotsRepository {
  constructor(private readonly orm: MikroORM) {}

  em(): EntityManager {
    return this.orm.em.fork();
  }

  /** The run started within `freshMs` and not ended, of anyone (one at a time: they all read the same lists). */
  async running(em: EntityManager, freshMs: number): Promise<SnapshotRow | undefined> {
    const [row] = await em.execute<SnapshotRow[]>(
      `select * from public.vinted_reference_snapshots
        where status = 'running' and started_at > now() - ? * interval '1 millisecond'
        order by started_at desc limit 1`,
      [freshMs],
    );
    return row;
  }

  /** Runs left running past `freshMs` (an extension that went away) end as failed: they no longer block. */
  async abandonStale(em: EntityManager, freshMs: number): Promise<void> {
    await em.execute(
      `update public.vinted_reference_snapshots
          set status = 'failed', error = 'abandoned: no answer came in time', finished_at = now()
        where status = 'running' and started_at <= now() - ? * interval '1 millisecond'`,
      [freshMs],
      'run',
    );
  }

  /** Where the last run's brand searches stopped: the next run searches the brands after them. */
  async lastBrandEnd(em: EntityManager): Promise<number> {
    const [row] = await em.execute<{ end: number }[]>(
      `select brand_offset + coalesce(array_length(brand_keywords, 1), 0) as end
         from public.vinted_reference_snapshots order by started_at desc limit 1`,
    );
    return row?.end ?? 0;
  }

  async start(
    em: EntityManager,
    id: string,
    userId: number,
    brands: { ids: number[]; keywords: string[]; offset: number },
  ): Promise<SnapshotRow> {
    const [row] = await em.execute<SnapshotRow[]>(
      `insert into public.vinted_reference_snapshots (id, user_id, raw, brand_keywords, brand_offset)
       values (?, ?, ?::jsonb, ?::text[], ?) returning *`,
      [id, userId, JSON.stringify({ brands: {}, brandIds: brands.ids }), toTextArray(brands.keywords), brands.offset],
    );
    return row;
  }

  /** Keeps a part's answer; false when the run has ended or already holds it (the event came twice). */
  async keep(em: EntityManager, id: string, path: string[], body: unknown): Promise<boolean> {
    const result = await em.execute(
      `update public.vinted_reference_snapshots set raw = jsonb_set(raw, ?::text[], ?::jsonb, true)
        where id = ? and status = 'running' and raw #> ?::text[] is null`,
      [toTextArray(path), JSON.stringify(body ?? null), id, toTextArray(path)],
      'run',
    );
    return (result as unknown as { affectedRows: number }).affectedRows === 1;
  }

  async end(em: EntityManager, id: string, error: string | null = null): Promise<void> {
    await em.execute(
      `update public.vinted_reference_snapshots set status = ?, error = ?, finished_at = now()
        where id = ? and status = 'running'`,
      [error ? 'failed' : 'completed', error, id],
      'run',
    );
  }

  async byId(em: EntityManager, id: string): Promise<SnapshotRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await em.execute<SnapshotRow[]>('select * from public.vinted_reference_snapshots where id = ?', [id]);
    return row;
  }

  async latestCompleted(em: EntityManager): Promise<SnapshotRow | undefined> {
    const [row] = await em.execute<SnapshotRow[]>(
      `select * from public.vinted_reference_snapshots where status = 'completed'
        order by finished_at desc limit 1`,
    );
    return row;
  }
}

export function toSnapshotView(row: SnapshotRow): ReferenceSnapshotView {
  return {
    id: row.id,
    userId: Number(row.user_id),
    status: row.status,
    brandCount: row.brand_keywords.length,
    error: row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** A PostgreSQL text[] literal, each element quoted. */
function toTextArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
