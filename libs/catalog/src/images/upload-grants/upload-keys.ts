/**
 * The media key a signed upload URL grants: `up{tenant}/{grant}` (the grant's uuid in base64url), short enough
 * for the signer and Fastify's path-parameter limit.
 */
export function uploadKey(tenantId: number, grantId: string): string {
  return `up${tenantId}/${Buffer.from(grantId.replace(/-/g, ''), 'hex').toString('base64url')}`;
}

const UPLOAD_KEY = /^up([1-9]\d{0,15})\/([A-Za-z0-9_-]{22})$/;

/** The tenant and grant of an upload key, or null for any other key. */
export function grantOfKey(key: string): { tenantId: number; grantId: string } | null {
  const match = UPLOAD_KEY.exec(key);
  if (!match) return null;
  const hex = Buffer.from(match[2], 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  const grantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { tenantId: Number(match[1]), grantId };
}
