import { checkMediaUrl, checkTaskUrl, isVintedOrigin, matchPatterns, serverOrigin } from './hosts';

describe('extension host allow-list', () => {
  const tab = 'https://www.vinted.fr';

  it("resolves a task's relative URL against the Vinted tab", () => {
    expect(checkTaskUrl('/api/v2/items/1/delete', tab)).toEqual({
      ok: true,
      url: 'https://www.vinted.fr/api/v2/items/1/delete',
    });
  });

  it.each([
    ['an absolute URL to another host', 'https://evil.example/api/v2/users/current'],
    ['a protocol-relative URL', '//evil.example/steal'],
    ['another Vinted country than the tab', 'https://www.vinted.de/api/v2/users/current'],
    ['plain http on the Vinted host', 'http://www.vinted.fr/api/v2/users/current'],
    ['a look-alike host', 'https://www.vinted.fr.evil.example/api'],
    ['credentials in the URL', '//user@evil.example/'],
  ])('refuses %s', (_what, url) => {
    const checked = checkTaskUrl(url, tab);
    expect(checked.ok).toBe(false);
  });

  it('refuses to run in a tab that is not a Vinted site, unless a test build lists that loopback origin', () => {
    expect(checkTaskUrl('/api/v2/users/current', 'http://127.0.0.1:4000')).toMatchObject({ ok: false });
    expect(checkTaskUrl('/api/v2/users/current', 'http://127.0.0.1:4000', ['http://127.0.0.1:4000'])).toEqual({
      ok: true,
      url: 'http://127.0.0.1:4000/api/v2/users/current',
    });
    // The port is part of the origin: another loopback server is not the fake Vinted.
    expect(isVintedOrigin('http://127.0.0.1:4001', ['http://127.0.0.1:4000'])).toBe(false);
    expect(isVintedOrigin('https://www.vinted.co.uk')).toBe(true);
    expect(isVintedOrigin('https://vinted.fr')).toBe(false);
    expect(isVintedOrigin(null)).toBe(false);
  });

  it('takes photos only from the paired server, resolving relative media URLs against it', () => {
    const server = 'https://api.stoflow.example';
    expect(checkMediaUrl('/media/abc.def', server)).toEqual({
      ok: true,
      url: 'https://api.stoflow.example/media/abc.def',
    });
    expect(checkMediaUrl('https://api.stoflow.example/media/x', server)).toMatchObject({ ok: true });
    expect(checkMediaUrl('https://cdn.example/media/x', server)).toMatchObject({ ok: false });
    expect(checkMediaUrl('//cdn.example/media/x', server)).toMatchObject({ ok: false });
    expect(checkMediaUrl('http://api.stoflow.example/media/x', server)).toMatchObject({ ok: false });
  });

  it('accepts a server over https, or over http on this computer only', () => {
    expect(serverOrigin(' https://api.stoflow.example/dashboard ')).toBe('https://api.stoflow.example');
    expect(serverOrigin('http://localhost:3000')).toBe('http://localhost:3000');
    expect(serverOrigin('http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000');
    expect(serverOrigin('http://api.stoflow.example')).toBeNull();
    expect(serverOrigin('ftp://api.stoflow.example')).toBeNull();
    expect(serverOrigin('not a url')).toBeNull();
  });

  it('writes match patterns without ports (Firefox refuses ports in them)', () => {
    expect(matchPatterns(['https://www.vinted.fr', 'http://127.0.0.1:4000'])).toEqual([
      'https://www.vinted.fr/*',
      'http://127.0.0.1/*',
    ]);
  });
});
