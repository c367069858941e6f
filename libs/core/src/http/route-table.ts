import FindMyWay, { HTTPMethod, HTTPVersion, Instance } from 'find-my-way';
import type { FastifyInstance } from 'fastify';

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Remembers every registered route, so that a request to a known path with the wrong method answers 405. */
export class RouteTable {
  private readonly router: Instance<HTTPVersion.V1> = FindMyWay();

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      // Catch-alls (CORS pre-flight on `*`) say nothing about which paths exist.
      if (route.url === '*' || route.url === '/*') return;
      const methods = (Array.isArray(route.method) ? route.method : [route.method]) as HTTPMethod[];
      for (const method of methods.filter((m) => METHODS.includes(m))) {
        if (!this.router.hasRoute(method, route.url)) this.router.on(method, route.url, () => undefined);
      }
    });
  }

  allowedMethods(url: string): string[] {
    const path = url.split('?')[0];
    return METHODS.filter((method) => this.router.find(method, path) !== null);
  }
}
