/**
 * Where image bytes live. Handlers only see this interface, so an object store (S3, R2) can replace the local
 * disk without touching them. Keys are short relative paths such as `t42/Ab/AbCd…_t.jpg`.
 */
export abstract class MediaStorage {
  abstract put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  abstract get(key: string): Promise<StoredMedia | null>;
  /** Removes the object; removing a missing object is not an error (sweepers retry). */
  abstract delete(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix/` (a product's or a tenant's media). */
  abstract deletePrefix(prefix: string): Promise<void>;
  /** A URL that fetches the object without a token until it expires. */
  abstract signedUrl(key: string): string;
}

export interface StoredMedia {
  bytes: Buffer;
  contentType: string;
}

// Segments without dots (no `.` or `..`), one optional extension: a key can never leave the storage root.
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*(\.[a-z0-9]+)?$/;

/** Keys are built by this module only; still, one that could escape the storage root is refused outright. */
export function assertMediaKey(key: string): string {
  if (!KEY.test(key) || key.length > 300) throw new Error(`Invalid media key ${JSON.stringify(key)}`);
  return key;
}
