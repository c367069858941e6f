import type { LoggerService } from '@nestjs/common';
import { listeningLine, QuietStartupLogger } from './quiet-startup-logger';

describe('QuietStartupLogger', () => {
  it("puts Nest's start-up lines (routes, modules) at debug and leaves everything else as it was", () => {
    const calls: string[] = [];
    const inner: LoggerService = {
      log: (m: string, c?: string) => calls.push(`log ${c}: ${m}`),
      debug: (m: string, c?: string) => calls.push(`debug ${c}: ${m}`),
      error: (m: string) => calls.push(`error: ${m}`),
      warn: (m: string) => calls.push(`warn: ${m}`),
    };
    const logger = new QuietStartupLogger(inner);
    logger.log('Mapped {/api/products, GET} route', 'RouterExplorer');
    logger.log('AuthModule dependencies initialized', 'InstanceLoader');
    logger.log('Worker started', 'Worker');
    logger.warn('careful');
    expect(calls).toEqual([
      'debug RouterExplorer: Mapped {/api/products, GET} route',
      'debug InstanceLoader: AuthModule dependencies initialized',
      'log Worker: Worker started',
      'warn: careful',
    ]);
  });

  it('says where the API listens and where /docs is', () => {
    expect(listeningLine('0.0.0.0', 3000)).toBe(
      'StoFlow API listening on http://localhost:3000 (OpenAPI docs: http://localhost:3000/docs); PORT and HOST change it',
    );
    expect(listeningLine('127.0.0.1', 8080)).toContain('http://127.0.0.1:8080/docs');
  });
});
