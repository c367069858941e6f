import type { VintedCall, VintedWebClient } from '../vinted-web/vinted-web.client';

const PREFIX = 'vinted-reference:';

/** The parts of a refresh, read one after the other: the tree, the size groups, then one search per brand. */
export type ReferencePart = { kind: 'catalogs' } | { kind: 'size-groups' } | { kind: 'brand'; index: number };

/** The step name of a part of a refresh: it carries the snapshot and the part, nothing else needed. */
export function referenceStep(snapshotId: string, part: ReferencePart): string {
  return `${PREFIX}${snapshotId}:${part.kind}${part.kind === 'brand' ? `:${part.index}` : ''}`;
}

export function parseReferenceStep(step: string | null): { snapshotId: string; part: ReferencePart } | undefined {
  if (!step?.startsWith(PREFIX)) return undefined;
  const [snapshotId, kind, index] = step.slice(PREFIX.length).split(':');
  if (!snapshotId) return undefined;
  if (kind === 'catalogs' || kind === 'size-groups') return { snapshotId, part: { kind } };
  const n = Number(index);
  return kind === 'brand' && Number.isSafeInteger(n) && n >= 0 ? { snapshotId, part: { kind, index: n } } : undefined;
}

/** The part after `part`, or none when it was the last. */
export function nextPart(part: ReferencePart, brands: number): ReferencePart | undefined {
  if (part.kind === 'catalogs') return { kind: 'size-groups' };
  const index = part.kind === 'size-groups' ? 0 : part.index + 1;
  return index < brands ? { kind: 'brand', index } : undefined;
}

export function referenceCall(web: VintedWebClient, part: ReferencePart, keywords: string[]): VintedCall {
  if (part.kind === 'catalogs') return web.catalogs();
  if (part.kind === 'size-groups') return web.sizeGroups();
  return web.brands(keywords[part.index]);
}
