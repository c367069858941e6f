import { Unauthenticated } from '@stoflow/core';
import { checkClaims } from './token-signer';

const valid = {
  sub: '42',
  role: 'user',
  type: 'access',
  jti: 'a-b-c',
  iat: 1,
  exp: 2,
  sid: '0b7e2a4c-3f1d-4c2e-9a6b-5d8f1e2c3a4b',
} as const;

describe('checkClaims', () => {
  it('accepts claims of the expected type', () => {
    expect(checkClaims(valid, 'access')).toEqual(valid);
  });

  it.each([
    ['another token type', { ...valid, type: 'refresh' }],
    ['a plugin token', { ...valid, type: 'plugin' }],
    ['no type', { ...valid, type: undefined }],
    ['a subject that is not a positive integer', { ...valid, sub: '0' }],
    ['a subject with SQL in it', { ...valid, sub: '1; drop table users' }],
    ['a numeric subject', { ...valid, sub: 42 as unknown as string }],
    ['no jti', { ...valid, jti: undefined }],
    ['no expiry', { ...valid, exp: undefined }],
    ['an access token without a session', { ...valid, sid: undefined }],
    ['a session that is not a uuid', { ...valid, sid: 'x' }],
  ])('refuses %s', (_what, claims) => {
    expect(() => checkClaims(claims as never, 'access')).toThrow(Unauthenticated);
  });
});
