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

export type ImportStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface VintedImportView extends Omit<ImportTally, 'skipped'> {
  id: string;
  status: ImportStatus;
  pagesRead: number;
  totalPages: number | null;
  /** Items: `total` is what Vinted's pagination counts (null before the first page), `done` those dealt with. */
  progress: { done: number; total: number | null };
  skipped: number;
  skippedItems: SkippedItem[];
  /** Vinted listings this pass found gone (a complete pass only). */
  ended: number;
  /** Photos brought into the catalog. */
  photos: number;
  /** Why this pass proves nothing about items it did not see (then no listing is ended); null when it does. */
  incomplete: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** The working state of an import that its steps read (not shown). */
export interface ImportState extends VintedImportView {
  vintedUserId: string | null;
  allPagesRead: boolean;
  startedAtDate: Date;
}

interface ImportRow {
  id: string;
  status: ImportStatus;
  vinted_user_id: string | null;
  pages_read: number;
  total_pages: number | null;
  all_pages_read: boolean;
  items_total: number | null;
  items_done: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: SkippedItem[];
  left_out: number;
  ended: number;
  photos: number;
  incomplete: string | null;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export type ImportItemState = 'pending' | 'done' | 'skipped' | 'left_out';

export interface PendingPhoto {
  productId: string;
  itemId: string;
  photoId: string;
  url: string;
  position: number;
}

const NO_TALLY: ImportTally = { created: 0, updated: 0, unchanged: 0, skipped: [], leftOut: 0 };

/** The tenant's `vinted_imports` and the items and photos of their passes. */
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

  async start(em: EntityManager, id: string, vintedUserId: string): Promise<VintedImportView> {
    const [row] = await em.execute<ImportRow[]>(
      'insert into vinted_imports (id, vinted_user_id) values (?, ?) returning *',
      [id, vintedUserId],
    );
    return toView(row);
  }

  /** The import's state, row-locked: its steps follow one another, this keeps a redelivery from overlapping. */
  async lock(em: EntityManager, id: string): Promise<ImportState | undefined> {
    const [row] = await em.execute<ImportRow[]>('select * from vinted_imports where id = ? for update', [id]);
    return row && toState(row);
  }

  async byId(em: EntityManager, id: string): Promise<VintedImportView | undefined> {
    const [row] = await em.execute<ImportRow[]>('select * from vinted_imports where id = ?', [id]);
    return row && toView(row);
  }

  /** A page came back: its items join the pass (`pending` for their edit view, or already dealt with). */
  async pageRead(
    em: EntityManager,
    id: string,
    page: { number: number; totalPages: number; totalEntries: number; last: boolean },
    items: { itemId: string; state: ImportItemState }[],
    tally: ImportTally,
  ): Promise<void> {
    if (items.length > 0) {
      await em.execute(
        `insert into vinted_import_items (import_id, item_id, page, seq, state)
         select ?, x.item_id, ?, x.seq, x.state
           from jsonb_to_recordset(?::jsonb) as x(item_id text, seq integer, state text)
         on conflict do nothing`,
        [id, page.number, JSON.stringify(items.map((i, seq) => ({ item_id: i.itemId, seq, state: i.state })))],
        'run',
      );
    }
    const done = items.filter((i) => i.state !== 'pending').length;
    await em.execute(
      `update vinted_imports set pages_read = ?, total_pages = ?, all_pages_read = ?, items_total = ?,
         items_done = items_done + ? where id = ?`,
      [page.number, page.totalPages, page.last, page.totalEntries, done, id],
      'run',
    );
    await this.count(em, id, tally);
  }

  /** An item's edit view was dealt with. */
  async itemDone(
    em: EntityManager,
    id: string,
    itemId: string,
    state: Exclude<ImportItemState, 'pending'>,
    tally: ImportTally,
  ): Promise<void> {
    await em.execute(
      `update vinted_import_items set state = ? where import_id = ? and item_id = ? and state = 'pending'`,
      [state, id, itemId],
      'run',
    );
    await em.execute('update vinted_imports set items_done = items_done + 1 where id = ?', [id], 'run');
    await this.count(em, id, tally);
  }

  async itemState(em: EntityManager, id: string, itemId: string): Promise<ImportItemState | undefined> {
    const [row] = await em.execute<{ state: ImportItemState }[]>(
      'select state from vinted_import_items where import_id = ? and item_id = ?',
      [id, itemId],
    );
    return row?.state;
  }

  /** The tier allows no more products: every item still waiting is left out. Answers how many. */
  async leaveOutPending(em: EntityManager, id: string): Promise<number> {
    const rows = await em.execute<{ item_id: string }[]>(
      `update vinted_import_items set state = 'left_out' where import_id = ? and state = 'pending' returning item_id`,
      [id],
    );
    await em.execute(
      'update vinted_imports set items_done = items_done + ?, left_out = left_out + ? where id = ?',
      [rows.length, rows.length, id],
      'run',
    );
    return rows.length;
  }

  async nextItem(em: EntityManager, id: string): Promise<string | undefined> {
    const [row] = await em.execute<{ item_id: string }[]>(
      `select item_id from vinted_import_items where import_id = ? and state = 'pending' order by page, seq limit 1`,
      [id],
    );
    return row?.item_id;
  }

  async addPhotos(em: EntityManager, id: string, photos: PendingPhoto[]): Promise<void> {
    if (photos.length === 0) return;
    await em.execute(
      `insert into vinted_import_photos (import_id, product_id, item_id, photo_id, url, position)
       select ?, x.product_id, x.item_id, x.photo_id, x.url, x.position
         from jsonb_to_recordset(?::jsonb) as x(product_id uuid, item_id text, photo_id bigint, url text, position integer)
       on conflict do nothing`,
      [
        id,
        JSON.stringify(
          photos.map((p) => ({
            product_id: p.productId,
            item_id: p.itemId,
            photo_id: p.photoId,
            url: p.url,
            position: p.position,
          })),
        ),
      ],
      'run',
    );
  }

  async nextPhoto(em: EntityManager, id: string): Promise<PendingPhoto | undefined> {
    const [row] = await em.execute<
      { product_id: string; item_id: string; photo_id: string; url: string; position: number }[]
    >(
      `select product_id, item_id, photo_id::text, url, position from vinted_import_photos
        where import_id = ? and state = 'pending' order by item_id, position limit 1`,
      [id],
    );
    return (
      row && {
        productId: row.product_id,
        itemId: row.item_id,
        photoId: row.photo_id,
        url: row.url,
        position: row.position,
      }
    );
  }

  async photo(em: EntityManager, id: string, photoId: string): Promise<(PendingPhoto & { state: string }) | undefined> {
    const [row] = await em.execute<
      { product_id: string; item_id: string; photo_id: string; url: string; position: number; state: string }[]
    >(
      `select product_id, item_id, photo_id::text, url, position, state from vinted_import_photos
        where import_id = ? and photo_id = ?`,
      [id, photoId],
    );
    return (
      row && {
        productId: row.product_id,
        itemId: row.item_id,
        photoId: row.photo_id,
        url: row.url,
        position: row.position,
        state: row.state,
      }
    );
  }

  async photoDone(em: EntityManager, id: string, photoId: string, ok: boolean): Promise<void> {
    await em.execute(
      `update vinted_import_photos set state = ? where import_id = ? and photo_id = ? and state = 'pending'`,
      [ok ? 'done' : 'failed', id, photoId],
      'run',
    );
    if (ok) await em.execute('update vinted_imports set photos = photos + 1 where id = ?', [id], 'run');
  }

  /** Keeps the first reason: the pass can no longer prove that a missing item is gone. */
  async incomplete(em: EntityManager, id: string, why: string): Promise<void> {
    await em.execute('update vinted_imports set incomplete = coalesce(incomplete, ?) where id = ?', [why, id], 'run');
  }

  /** How many of the pass's items Vinted showed. */
  async seen(em: EntityManager, id: string): Promise<number> {
    const [row] = await em.execute<{ n: number }[]>(
      'select count(*)::int as n from vinted_import_items where import_id = ?',
      [id],
    );
    return row.n;
  }

  async ended(em: EntityManager, id: string, count: number): Promise<void> {
    await em.execute('update vinted_imports set ended = ended + ? where id = ?', [count, id], 'run');
  }

  async end(em: EntityManager, id: string, error: string | null = null): Promise<void> {
    await em.execute(
      `update vinted_imports set status = ?, error = ?, finished_at = now() where id = ? and status = 'running'`,
      [error ? 'failed' : 'completed', error, id],
      'run',
    );
  }

  /** Answers false when the import had already ended. */
  async cancel(em: EntityManager, id: string): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `update vinted_imports set status = 'cancelled', finished_at = now() where id = ? and status = 'running'
       returning id`,
      [id],
    );
    return rows.length === 1;
  }

  private async count(em: EntityManager, id: string, tally: ImportTally = NO_TALLY): Promise<void> {
    await em.execute(
      `update vinted_imports set created = created + ?, updated = updated + ?, unchanged = unchanged + ?,
         skipped = skipped || ?::jsonb, left_out = left_out + ? where id = ?`,
      [tally.created, tally.updated, tally.unchanged, JSON.stringify(tally.skipped), tally.leftOut, id],
      'run',
    );
  }
}

function toView(row: ImportRow): VintedImportView {
  return {
    id: row.id,
    status: row.status,
    pagesRead: row.pages_read,
    totalPages: row.total_pages,
    progress: { done: row.items_done, total: row.items_total },
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    skipped: row.skipped.length,
    skippedItems: row.skipped,
    leftOut: row.left_out,
    ended: row.ended,
    photos: row.photos,
    incomplete: row.incomplete,
    error: row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

function toState(row: ImportRow): ImportState {
  return {
    ...toView(row),
    vintedUserId: row.vinted_user_id,
    allPagesRead: row.all_pages_read,
    startedAtDate: new Date(row.started_at),
  };
}
