import { Injectable } from '@nestjs/common';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MediaSettings } from './media-settings';
import { assertMediaKey, MediaStorage, StoredMedia } from './media-storage';
import { MediaUrlSigner } from './media-url-signer';

const CONTENT_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

/** Media as files under MEDIA_DIR (default `.data/media`); URLs are signed for `GET /media/{token}`. */
@Injectable()
export class LocalDiskMediaStorage extends MediaStorage {
  constructor(
    private readonly settings: MediaSettings,
    private readonly signer: MediaUrlSigner,
  ) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a reader never sees half a file.
    const partial = `${file}.${randomBytes(4).toString('hex')}.part`;
    await writeFile(partial, bytes);
    await rename(partial, file);
  }

  async get(key: string): Promise<StoredMedia | null> {
    try {
      const bytes = await readFile(this.fileOf(key));
      return { bytes, contentType: CONTENT_TYPES[path.extname(key)] ?? 'application/octet-stream' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.fileOf(prefix), { recursive: true, force: true });
  }

  signedUrl(key: string): string {
    return this.signer.url(key);
  }

  private fileOf(key: string): string {
    return path.join(this.settings.root, ...assertMediaKey(key).split('/'));
  }
}
