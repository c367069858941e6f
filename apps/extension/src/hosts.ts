/**
 * Which origins the extension ever calls. The backend builds every task, but the extension does not trust them:
 * a task that would reach anything but a Vinted site or the paired StoFlow server is refused.
 */

/** Vinted's country sites (VINTED.md): every request runs from a tab on one of them. */
export const VINTED_TLDS = [
  'fr',
  'de',
  'co.uk',
  'es',
  'it',
  'nl',
  'be',
  'pl',
  'at',
  'lt',
  'cz',
  'sk',
  'hu',
  'ro',
  'pt',
  'se',
  'dk',
  'fi',
  'gr',
  'hr',
  'ie',
  'lu',
  'com',
] as const;

export const VINTED_ORIGINS: readonly string[] = VINTED_TLDS.map((tld) => `https://www.vinted.${tld}`);

/** Match patterns for the manifest and for `tabs.query`. */
export function matchPatterns(origins: readonly string[]): string[] {
  // A match pattern cannot carry a port in Firefox; without one it matches every port of the host in both browsers.
  return origins.map((origin) => {
    const url = new URL(origin);
    return `${url.protocol}//${url.hostname}/*`;
  });
}

/** The origin of `url`, or null when it is not an absolute http(s) URL. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Whether a tab or request origin is a Vinted site (`extra`: loopback origins that test builds add). */
export function isVintedOrigin(origin: string | null, extra: readonly string[] = []): boolean {
  return origin !== null && (VINTED_ORIGINS.includes(origin) || extra.includes(origin));
}

export type Checked = { ok: true; url: string } | { ok: false; reason: string };

/**
 * A task's URL resolved against the Vinted tab it will run in. It must stay on that tab's origin: the page sends
 * it with the tab's cookies, so a URL that points elsewhere (absolute, or protocol-relative `//host/…`) would
 * hand the session to another site.
 */
export function checkTaskUrl(taskUrl: string, tabOrigin: string, extra: readonly string[] = []): Checked {
  if (!isVintedOrigin(tabOrigin, extra)) return { ok: false, reason: `${tabOrigin} is not a Vinted site` };
  let resolved: URL;
  try {
    resolved = new URL(taskUrl, tabOrigin);
  } catch {
    return { ok: false, reason: `the task URL ${JSON.stringify(taskUrl)} is not a URL` };
  }
  if (resolved.origin !== tabOrigin) {
    return { ok: false, reason: `the task URL points to ${resolved.origin}, not to the Vinted tab's ${tabOrigin}` };
  }
  return { ok: true, url: resolved.href };
}

/**
 * A photo URL of an upload task: a signed StoFlow media URL on the paired server. Relative URLs resolve against
 * that server (never against Vinted's origin); any other host is refused, so a task cannot make the browser
 * fetch from, or leak the Vinted session to, a third party.
 */
export function checkMediaUrl(fileUrl: string, serverOrigin: string): Checked {
  let resolved: URL;
  try {
    resolved = new URL(fileUrl, serverOrigin);
  } catch {
    return { ok: false, reason: `the photo URL ${JSON.stringify(fileUrl)} is not a URL` };
  }
  if (resolved.origin !== serverOrigin) {
    return {
      ok: false,
      reason: `the photo URL points to ${resolved.origin}, not to the paired server ${serverOrigin}`,
    };
  }
  return { ok: true, url: resolved.href };
}

/** Vinted's image CDN (`images1.vinted.net`…): photos are public there, fetched without the session. */
export const VINTED_IMAGE_PATTERN = 'https://*.vinted.net/*';
const VINTED_IMAGE_HOST = /^(?:[a-z0-9-]+\.)+vinted\.net$/;

/**
 * The source of a photo copy: an https image on Vinted's CDN (or, in a test build, on a loopback Vinted origin).
 * Anything else is refused: a task cannot make the browser fetch from a third party.
 */
export function checkImageUrl(imageUrl: string, extra: readonly string[] = []): Checked {
  let resolved: URL;
  try {
    resolved = new URL(imageUrl);
  } catch {
    return { ok: false, reason: `the image URL ${JSON.stringify(imageUrl)} is not an absolute URL` };
  }
  const onCdn = resolved.protocol === 'https:' && VINTED_IMAGE_HOST.test(resolved.hostname) && !resolved.port;
  if (!onCdn && !extra.includes(resolved.origin)) {
    return { ok: false, reason: `the image URL points to ${resolved.origin}, not to Vinted's image servers` };
  }
  if (resolved.username || resolved.password) return { ok: false, reason: 'the image URL carries credentials' };
  return { ok: true, url: resolved.href };
}

/** The origin of a server URL typed in the popup; only http(s), and only http on loopback. */
export function serverOrigin(input: string): string | null {
  const origin = originOf(input.trim());
  if (!origin) return null;
  const { protocol, hostname } = new URL(origin);
  const loopback = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  // A plugin token sent in clear over the Internet would let anyone on the path run tasks in the user's name.
  return protocol === 'https:' || loopback ? origin : null;
}
