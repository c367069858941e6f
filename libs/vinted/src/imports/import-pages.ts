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
