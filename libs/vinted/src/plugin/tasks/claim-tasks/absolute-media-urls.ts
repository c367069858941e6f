import type { ClaimedTask } from '../plugin-task';

/**
 * Photo uploads carry signed media URLs that are relative (`/media/…`) when MEDIA_PUBLIC_BASE_URL is unset. The
 * extension runs them from a Vinted tab, where a relative URL would resolve against Vinted's origin: the claim
 * makes them absolute on the origin the extension itself reached this API by (behind a proxy, its forwarded one).
 */
export function withAbsoluteMediaUrls(tasks: ClaimedTask[], origin: string): ClaimedTask[] {
  return tasks.map((task) => {
    // A photo copy posts to a signed upload URL on this server, made absolute the same way.
    const copy = copyOf(task.body);
    if (copy && isRelative(copy.to)) return { ...task, body: { copy: { ...copy, to: `${origin}${copy.to}` } } };
    const files = multipartFiles(task.body);
    if (!files?.some((file) => isRelative(file.url))) return task;
    const body = task.body as { multipart: Record<string, unknown> };
    return {
      ...task,
      body: {
        ...body,
        multipart: {
          ...body.multipart,
          files: files.map((file) => (isRelative(file.url) ? { ...file, url: `${origin}${file.url}` } : file)),
        },
      },
    };
  });
}

function copyOf(body: unknown): { to: unknown } | null {
  if (typeof body !== 'object' || body === null || !('copy' in body)) return null;
  const copy = body.copy;
  return typeof copy === 'object' && copy !== null ? (copy as { to: unknown }) : null;
}

function multipartFiles(body: unknown): { url: unknown }[] | null {
  if (typeof body !== 'object' || body === null || !('multipart' in body)) return null;
  const files = (body.multipart as { files?: unknown } | null)?.files;
  return Array.isArray(files) ? (files as { url: unknown }[]) : null;
}

/** A path on this server; `//host/…` is not one (it names another host) and is left for the extension to refuse. */
function isRelative(url: unknown): url is string {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//');
}
