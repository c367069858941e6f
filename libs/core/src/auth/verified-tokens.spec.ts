import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('keeps a verified token until its exp, and nothing for another text', async () => {
    const tokens = new VerifiedTokens<{ userId: number }>();
    tokens.remember('a.b.c', { userId: 7 }, now() + 1);
    expect(tokens.get('a.b.c')).toEqual({ userId: 7 });
    expect(tokens.get('a.b.d')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1100));
    expect(tokens.get('a.b.c')).toBeUndefined();
  });

  it('does not keep a token already expired or without exp', () => {
    const tokens = new VerifiedTokens<{ userId: number }>();
    tokens.remember('old', { userId: 1 }, now() - 1);
    tokens.remember('no-exp', { userId: 2 }, undefined);
    expect(tokens.get('old')).toBeUndefined();
    expect(tokens.get('no-exp')).toBeUndefined();
  });

  it('is bounded: the least recently used token goes first', () => {
    const tokens = new VerifiedTokens<{ userId: number }>(2);
    tokens.remember('t1', { userId: 1 }, now() + 60);
    tokens.remember('t2', { userId: 2 }, now() + 60);
    tokens.get('t1');
    tokens.remember('t3', { userId: 3 }, now() + 60);
    expect(tokens.get('t2')).toBeUndefined();
    expect(tokens.get('t1')).toEqual({ userId: 1 });
    expect(tokens.get('t3')).toEqual({ userId: 3 });
  });
});
