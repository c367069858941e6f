import FindMyWay, { HTTPVersion, Instance } from 'find-my-way';
import type { FastifyInstance } from 'fastify';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Remembers every registered route, so that a request to a known path with the wrong method answers 405. */
export class RouteTable {
  private readonly router: Instance<HTTPVersion.V1> = FindMyWay();

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (!this.router.hasRoute(method as (typeof METHODS)[number], route.url)) {
          this.router.on(method as (typeof METHODS)[number], route.url, () => undefined);
        }
      }
    });
  }

  allowedMethods(url: string): string[] {
    const path = url.split('?')[0];
    return METHODS.filter((method) => this.router.find(method, path) !== null);
  }
}
