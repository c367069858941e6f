import { Injectable } from '@nestjs/common';
import { AppConfig, RateLimited, RateLimiter, RedisClient } from '@stoflow/core';

/** Logins that may still try an email past its failure limit, from IPs with no failure in the window. */
export const CLEAN_IP_ALLOWANCE = 5;

// Reserves the attempt before the password is checked (as a failure, given back on success), so parallel guesses
// cannot all pass the check together. Answers 1 (counted on the email), 2 (counted on the clean-IP allowance)
// or the milliseconds to wait.
const ADMIT = `
local window = tonumber(ARGV[3])
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
if failures < tonumber(ARGV[1]) then
  if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], window) end
  return -1
end
local ipFailures = tonumber(redis.call('GET', KEYS[2]) or '0')
local clean = tonumber(redis.call('GET', KEYS[3]) or '0')
if ipFailures == 0 and clean < tonumber(ARGV[2]) then
  if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], window) end
  return -2
end
return math.max(redis.call('PTTL', KEYS[1]), 1000)`;

// A key that expired meanwhile must not come back as a negative count without an expiry.
const GIVE_BACK = `if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end`;
const COUNT = `if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end`;

export interface LoginAttempt {
  /** The counter the attempt was reserved on, given back when the password is right. */
  reserved: string;
  ipFailures: string;
}

/**
 * Per-email guessing limit that cannot lock the owner out: past LOGIN_LIMIT_PER_EMAIL failures in the window,
 * an email takes logins only from IPs with no failed login in the window, CLEAN_IP_ALLOWANCE failures at most.
 * The per-IP limit on every attempt is the throttler's (LoginThrottlerGuard).
 */
@Injectable()
export class LoginLimits {
  constructor(
    private readonly redis: RedisClient,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async admit(email: string, ip: string): Promise<LoginAttempt> {
    const failures = this.limiter.key('login-email-failures', email);
    const ipFailures = this.limiter.key('login-ip-failures', ip);
    const clean = this.limiter.key('login-email-clean-ip', email);
    const windowMs = this.config.LOGIN_LIMIT_WINDOW_SECONDS * 1000;
    const answer = (await this.redis.eval(
      ADMIT,
      3,
      failures,
      ipFailures,
      clean,
      this.config.LOGIN_LIMIT_PER_EMAIL,
      CLEAN_IP_ALLOWANCE,
      windowMs,
    )) as number;
    if (answer >= 0) throw new RateLimited(Math.ceil(answer / 1000));
    return { reserved: answer === -1 ? failures : clean, ipFailures };
  }

  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.redis.eval(GIVE_BACK, 1, attempt.reserved);
  }

  async failed(attempt: LoginAttempt): Promise<void> {
    await this.redis.eval(COUNT, 1, attempt.ipFailures, this.config.LOGIN_LIMIT_WINDOW_SECONDS * 1000);
  }
}
