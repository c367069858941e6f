import type { ApiBodyOptions } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@stoflow/core';
import { ImageTooLarge, NoImageInRequest } from '../image-errors';

/** OpenAPI shape of the upload: one part named `file`. */
export const UPLOAD_IMAGE_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP, at most 10 MB' } },
  },
};

/**
 * The uploaded file's bytes. The name and Content-Type of the part are ignored on purpose: the handler judges
 * the bytes. @fastify/multipart stops reading at 10 MB (its fileSize limit), which becomes a clear 413.
 */
export async function readUploadedImage(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new NoImageInRequest(415, 'Send the image as multipart/form-data with one file part named "file"');
  }
  let bytes: Buffer;
  let truncated: boolean;
  try {
    const part = await request.file();
    if (!part) throw new NoImageInRequest(400, 'The request has no file part: send the image in a part named "file"');
    bytes = await part.toBuffer();
    truncated = part.file.truncated;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new ImageTooLarge();
    // The multipart parser's own failures (no boundary, a body cut short, a malformed part) carry no status.
    if (!(error instanceof DomainError) && (error as { statusCode?: number }).statusCode === undefined) {
      throw new NoImageInRequest(400, 'The multipart body is malformed or cut short: send one complete file part');
    }
    throw error;
  }
  if (truncated) throw new ImageTooLarge();
  return bytes;
}
