/**
 * Storage keys of an image and its thumbnail: `t{tenant}/{shard}/{id}.jpg`, the uuid in base64url so that the
 * signed token stays under Fastify's 100-character parameter limit; the 2-character shard keeps directories small.
 * Everything of a tenant is under `t{tenant}/` (erased with the account).
 */
export function imageKeys(tenantId: number, imageId: string): { storageKey: string; thumbnailKey: string } {
  const compact = Buffer.from(imageId.replace(/-/g, ''), 'hex').toString('base64url');
  const base = `${tenantPrefix(tenantId)}/${compact.slice(0, 2)}/${compact}`;
  return { storageKey: `${base}.jpg`, thumbnailKey: `${base}_t.jpg` };
}

export function tenantPrefix(tenantId: number): string {
  return `t${tenantId}`;
}
