import { createHash, randomInt } from 'node:crypto';

// No 0/O, 1/I/L: a code is read off the dashboard and typed into the extension.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 10;

/** A fresh code shown as `XXXXX-XXXXX` (31^10 ≈ 8e14 codes; each lives 10 minutes and works once). */
export function newPairingCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** What is stored: the hash of the code, normalised (case and separators do not matter when typed). */
export function pairingCodeHash(code: string): Buffer {
  return createHash('sha256')
    .update(code.toUpperCase().replace(/[^A-Z0-9]/g, ''))
    .digest();
}
