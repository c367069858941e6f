import { Injectable } from '@nestjs/common';
import sharp from 'sharp';
import { UnsupportedImage } from './image-errors';

export const MAX_SIDE = 2048;
export const THUMBNAIL_SIDE = 400;

export interface NormalisedImage {
  image: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

type Format = 'jpeg' | 'png' | 'webp';

/** The format the first bytes announce; the only ones sharp will ever be handed (no SVG, TIFF, GIF, HEIF...). */
export function sniffFormat(bytes: Buffer): Format | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return null;
}

/**
 * Turns an upload into what we store: auto-rotated from its EXIF orientation, every metadata block (EXIF, GPS,
 * XMP, ICC) dropped, at most 2048 px on its longest side, JPEG, plus a 400 px thumbnail.
 */
@Injectable()
export class ImageNormaliser {
  async normalise(bytes: Buffer): Promise<NormalisedImage> {
    const format = sniffFormat(bytes);
    if (!format) throw new UnsupportedImage('its bytes are not JPEG, PNG or WebP');
    try {
      const input = sharp(bytes, { failOn: 'error', limitInputPixels: 268_402_689 });
      const meta = await input.metadata();
      if (meta.format !== format) throw new UnsupportedImage(`its content does not decode as ${format}`);
      // sharp writes no metadata unless asked (withMetadata/keepExif): the output carries no EXIF and no GPS.
      const { data, info } = await input
        .rotate()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 85, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      const thumbnail = await sharp(data)
        .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 80, mozjpeg: true })
        .toBuffer();
      return { image: data, thumbnail, width: info.width, height: info.height };
    } catch (error) {
      if (error instanceof UnsupportedImage) throw error;
      // libvips' message may name internals; the caller only needs to know the file cannot be decoded.
      throw new UnsupportedImage(`it cannot be decoded as ${format} (corrupt or truncated)`);
    }
  }
}
