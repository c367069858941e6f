import { firstUnacceptableText, jsonDepthExceeds } from './input-guards';

describe('jsonDepthExceeds', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepthExceeds('{"a":[[1]]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[[[{{{{' }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: 'quote \\" [[[[' }), 1)).toBe(false);
    expect(jsonDepthExceeds(`[${'[]'.repeat(1000)}]`, 2)).toBe(false);
  });
});

describe('firstUnacceptableText', () => {
  it('names the first string with NUL, a lone surrogate or a control character, keys included', () => {
    expect(firstUnacceptableText({ a: ['ok', 'x\u0000'] }, '')).toEqual(expect.objectContaining({ field: 'a.1' }));
    expect(firstUnacceptableText({ email: 'a\ud800@x' }, '')).toEqual(expect.objectContaining({ field: 'email' }));
    expect(firstUnacceptableText({ ['k\u0001']: 1 }, '')).toEqual(expect.objectContaining({ field: 'k\u0001' }));
    expect(firstUnacceptableText({ d: 'tab\there\r\nnew line 😀' }, '')).toBeUndefined();
  });

  it('lets control characters through where the route allows them, never NUL', () => {
    expect(firstUnacceptableText({ body: 'a\u0007b' }, '', true)).toBeUndefined();
    expect(firstUnacceptableText({ body: 'a\u0000b' }, '', true)).toEqual(expect.objectContaining({ field: 'body' }));
  });
});
