import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';

/** Named throttler of ThrottlerModule (see auth.module.ts): every attempt per client IP. Per email: LoginLimits. */
export const LOGIN_THROTTLERS = { perIp: 'login-ip' } as const;

/**
 * The throttler guard, answering 429 with a plain `Retry-After` (the library names it `Retry-After-<name>` for
 * named throttlers). Counters live in Redis, so the limits hold across API processes.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const reply = context.switchToHttp().getResponse<{ header: (name: string, value: string) => void }>();
    reply.header('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    return super.throwThrottlingException(context, detail);
  }
}
