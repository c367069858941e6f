import type { VintedCall, VintedWebClient } from '../vinted-web/vinted-web.client';

const PREFIX = 'import-page:';
/** Vinted's own page size of the wardrobe: fewer calls, each well under the read timeout. */
export const IMPORT_PAGE_SIZE = 96;

/** The step name of a page of an import: it carries the import, the Vinted account and the page. */
export function importPageStep(importId: string, vintedUserId: string, page: number): string {
  return `${PREFIX}${importId}:${vintedUserId}:${page}`;
}

export function parseImportPageStep(
  step: string | null,
): { importId: string; vintedUserId: string; page: number } | undefined {
  if (!step?.startsWith(PREFIX)) return undefined;
  const [importId, vintedUserId, page] = step.slice(PREFIX.length).split(':');
  const n = Number(page);
  return importId && vintedUserId && Number.isSafeInteger(n) && n > 0 ? { importId, vintedUserId, page: n } : undefined;
}

export function importPageCall(web: VintedWebClient, vintedUserId: string, page: number): VintedCall {
  return web.wardrobePage(vintedUserId, page, IMPORT_PAGE_SIZE);
}

const ITEM_PREFIX = 'import-item:';
const PHOTO_PREFIX = 'import-photo:';

/** The step of an item's edit view within an import. */
export function importItemStep(importId: string, itemId: string): string {
  return `${ITEM_PREFIX}${importId}:${itemId}`;
}

export function parseImportItemStep(step: string | null): { importId: string; itemId: string } | undefined {
  return parseTwo(step, ITEM_PREFIX, 'itemId');
}

/** The step of bringing one Vinted photo into the catalog within an import. */
export function importPhotoStep(importId: string, photoId: string): string {
  return `${PHOTO_PREFIX}${importId}:${photoId}`;
}

export function parseImportPhotoStep(step: string | null): { importId: string; photoId: string } | undefined {
  const parsed = parseTwo(step, PHOTO_PREFIX, 'photoId');
  return parsed && { importId: parsed.importId, photoId: parsed.photoId };
}

/** What the steps of an import look like in `plugin_tasks.step`, for a LIKE (the import id is a uuid). */
export function importStepsPattern(importId: string): string {
  return `import-%:${importId}:%`;
}

function parseTwo<K extends string>(
  step: string | null,
  prefix: string,
  key: K,
): ({ importId: string } & Record<K, string>) | undefined {
  if (!step?.startsWith(prefix)) return undefined;
  const [importId, id, extra] = step.slice(prefix.length).split(':');
  if (!importId || !id || extra !== undefined || !/^[1-9]\d*$/.test(id)) return undefined;
  return { importId, [key]: id } as { importId: string } & Record<K, string>;
}
