/**
 * A minimal multipart/form-data parser for a body already read into memory (the fake's uploads are small). Only
 * what browsers and undici's FormData send: CRLF line ends, `Content-Disposition: form-data; name=…[; filename=…]`.
 */
export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: MultipartFile[];
}

export class MultipartError extends Error {
  override name = 'MultipartError';
}

/** The boundary of a `multipart/form-data` content type, or null for any other content type. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!/^multipart\/form-data\s*;/i.test(contentType ?? '')) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : null;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartForm {
  const delimiter = Buffer.from(`--${boundary}`);
  // Inside the body, a part ends where CRLF + delimiter starts; the very first delimiter may open the body.
  const partEnd = Buffer.from(`\r\n--${boundary}`);
  const form: MultipartForm = { fields: {}, files: [] };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('the body has no boundary');
  pos += delimiter.length;
  for (;;) {
    const after = body.subarray(pos, pos + 2).toString('latin1');
    if (after === '--') return form;
    if (after !== '\r\n') throw new MultipartError('a boundary is not followed by CRLF');
    pos += 2;
    const headersEnd = body.indexOf('\r\n\r\n', pos);
    if (headersEnd < 0) throw new MultipartError('a part has no end of headers');
    const headers = parseHeaders(body.subarray(pos, headersEnd).toString('utf8'));
    const start = headersEnd + 4;
    const end = body.indexOf(partEnd, start);
    if (end < 0) throw new MultipartError('a part is not terminated');
    addPart(form, headers, body.subarray(start, end));
    pos = end + partEnd.length;
  }
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`a part has a malformed header: ${line}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function addPart(form: MultipartForm, headers: Record<string, string>, data: Buffer): void {
  const disposition = headers['content-disposition'] ?? '';
  if (!/^form-data\s*;/i.test(disposition)) throw new MultipartError('a part is not form-data');
  // Anchored on `;` so that `name=` never matches inside `filename=`.
  const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) throw new MultipartError('a part has no name');
  const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
  if (filename === undefined) {
    form.fields[unescapeName(name)] = data.toString('utf8');
    return;
  }
  form.files.push({
    field: unescapeName(name),
    filename: unescapeName(filename),
    contentType: headers['content-type'] ?? 'application/octet-stream',
    data: Buffer.from(data),
  });
}

/** FormData percent-escapes `"`, CR and LF in names and file names (WHATWG HTML, "multipart/form-data encoding"). */
function unescapeName(name: string): string {
  return name.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}
