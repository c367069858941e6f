import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IS_PUBLIC } from '@stoflow/core';

export interface RouteInfo {
  route: string;
  isPublic: boolean;
}

/** Every controller route of the app as `METHOD /path`, and whether it is marked `@Public()`. */
export function listRoutes(app: NestFastifyApplication): RouteInfo[] {
  const reflector = app.get(Reflector);
  const scanner = app.get(MetadataScanner);
  const routes: RouteInfo[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as { prototype: object } | undefined;
    if (!controller) continue;
    const base = [reflector.get<string | string[]>(PATH_METADATA, controller as never)].flat()[0] ?? '';
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, () => unknown>)[name];
      const path = reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[reflector.get<RequestMethod>(METHOD_METADATA, handler)];
      const full = `/${[base, [path].flat()[0]].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller as never]) ?? false;
      routes.push({ route: `${method} ${full}`, isPublic });
    }
  }
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}
