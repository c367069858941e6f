import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { RateLimiter } from './rate-limiter';

type NumericSetting = {
  [K in keyof AppConfig]-?: AppConfig[K] extends number ? K : never;
}[keyof AppConfig];

interface PerIpLimit {
  bucket: string;
  limit: NumericSetting;
  window: NumericSetting;
}

const PER_IP_LIMIT = 'stoflow:per-ip-limit';

/**
 * Counts every request of the route against the client IP (as TRUST_PROXY lets Fastify see it), before the
 * body is validated, so malformed attempts count too.
 */
@Injectable()
export class PerIpLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<PerIpLimit | undefined>(PER_IP_LIMIT, context.getHandler());
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    await this.limiter.hit(rule.bucket, request.ip, this.config[rule.limit], this.config[rule.window]);
    return true;
  }
}

/** A per-IP limit on a route, its size and window read from the two named settings. */
export function LimitPerIp(bucket: string, limit: NumericSetting, window: NumericSetting): MethodDecorator {
  return applyDecorators(SetMetadata(PER_IP_LIMIT, { bucket, limit, window }), UseGuards(PerIpLimitGuard));
}
