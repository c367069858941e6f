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

const IMAGE_KEY = /^t([1-9]\d{0,15})\/[A-Za-z0-9_-]{2}\/([A-Za-z0-9_-]{22})(?:_t)?\.jpg$/;

/** The tenant and image a storage key belongs to (the inverse of `imageKeys`), or null for any other key. */
export function imageOfKey(key: string): { tenantId: number; imageId: string } | null {
  const match = IMAGE_KEY.exec(key);
  if (!match) return null;
  const hex = Buffer.from(match[2], 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  const imageId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { tenantId: Number(match[1]), imageId };
}
