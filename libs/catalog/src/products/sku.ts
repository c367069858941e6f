import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/** `SF-` and 8 characters (40 random bits): short enough to write on a label, unlikely to collide. */
export function generateSku(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let sku = '';
  for (let i = 0; i < 8; i += 1) {
    sku = ALPHABET[Number(bits & 31n)] + sku;
    bits >>= 5n;
  }
  return `SF-${sku}`;
}
