import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface SkippedItem {
  itemId: string;
  title: string;
  reason: string;
}

export interface ImportTally {
  created: number;
  updated: number;
  unchanged: number;
  skipped: SkippedItem[];
  leftOut: number;
}

export interface VintedImportView extends Omit<ImportTally, 'skipped'> {
  id: string;
  status: 'running' | 'completed' | 'failed';
  pagesRead: number;
  totalPages: number | null;
  skipped: number;
  skippedItems: SkippedItem[];
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

interface ImportRow {
  id: string;
  status: VintedImportView['status'];
  pages_read: number;
  total_pages: number | null;
  created: number;
  updated: number;
  unchanged: number;
  skipped: SkippedItem[];
  left_out: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** The tenant's `vinted_imports`. */
@Injectable()
export class VintedImportsRepository {
  /** The running import started within `freshMs`, if any (an older one that never ended is not waited for). */
  async running(em: EntityManager, freshMs: number): Promise<VintedImportView | undefined> {
    const [row] = await em.execute<ImportRow[]>(
      `select * from vinted_imports where status = 'running' and started_at > now() - ? * interval '1 millisecond'
        order by started_at desc limit 1`,
      [freshMs],
    );
    return row && toView(row);
  }

  async start(em: EntityManager, id: string): Promise<VintedImportView> {
    const [row] = await em.execute<ImportRow[]>('insert into vinted_imports (id) values (?) returning *', [id]);
    return toView(row);
  }

  async pageRead(em: EntityManager, id: string, totalPages: number, tally: ImportTally): Promise<void> {
    await em.execute(
      `update vinted_imports set pages_read = pages_read + 1, total_pages = ?, created = created + ?,
         updated = updated + ?, unchanged = unchanged + ?, skipped = skipped || ?::jsonb, left_out = left_out + ?
       where id = ?`,
      [totalPages, tally.created, tally.updated, tally.unchanged, JSON.stringify(tally.skipped), tally.leftOut, id],
      'run',
    );
  }

  async end(em: EntityManager, id: string, error: string | null = null): Promise<void> {
    await em.execute(
      `update vinted_imports set status = ?, error = ?, finished_at = now() where id = ? and status = 'running'`,
      [error ? 'failed' : 'completed', error, id],
      'run',
    );
  }

  async byId(em: EntityManager, id: string): Promise<VintedImportView | undefined> {
    const [row] = await em.execute<ImportRow[]>('select * from vinted_imports where id = ?', [id]);
    return row && toView(row);
  }
}

function toView(row: ImportRow): VintedImportView {
  return {
    id: row.id,
    status: row.status,
    pagesRead: row.pages_read,
    totalPages: row.total_pages,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    skipped: row.skipped.length,
    skippedItems: row.skipped,
    leftOut: row.left_out,
    error: row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
