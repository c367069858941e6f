import { createHash } from 'node:crypto';
import { DeletionNotices } from './deletion-notices';

describe('eBay account-deletion challenge', () => {
  it('is hex(SHA-256(challengeCode + verificationToken + endpoint)), in that order', () => {
    const expected = createHash('sha256').update('code1token2https://x.example/hook').digest('hex');
    expect(DeletionNotices.challengeResponse('code1', 'token2', 'https://x.example/hook')).toBe(expected);
    expect(DeletionNotices.challengeResponse('token2', 'code1', 'https://x.example/hook')).not.toBe(expected);
  });
});
