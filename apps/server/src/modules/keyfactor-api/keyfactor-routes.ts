import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { type Permission, PERMISSION_KEY } from '../auth/permissions';
import { KEYFACTOR_API_PREFIX } from './keyfactor-controller.decorator';

/** One served route, as `GET /Status/Endpoints` lists it. */
export interface KeyfactorRoute {
  method: string;
  /** Path relative to `/KeyfactorAPI`, with `{param}` templates as the vendor document writes them. */
  path: string;
  permission: Permission;
}

/** Injection token of the route list, built once from the module's controllers. */
export const KEYFACTOR_API_ROUTES = Symbol('KEYFACTOR_API_ROUTES');

/**
 * Reads the routes off the controllers' own decorators, so the list cannot drift from what is
 * served: adding a handler adds its line, and its `@Requires` decides who sees it.
 */
export function describeRoutes(controllers: readonly Type[]): KeyfactorRoute[] {
  const routes: KeyfactorRoute[] = [];
  for (const controller of controllers) {
    const base = firstPath(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = name === 'constructor' ? undefined : prototype[name];
      if (typeof handler !== 'function') continue;
      const path: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
      if (path === undefined || typeof method !== 'number') continue;
      const permission =
        (Reflect.getMetadata(PERMISSION_KEY, handler) as Permission | undefined) ?? 'admin';
      routes.push({
        method: RequestMethod[method] ?? 'ALL',
        path: vendorPath(base, firstPath(path)),
        permission,
      });
    }
  }
  return routes;
}

/** `GET /Certificates/{id}` */
export function routeLine(route: Pick<KeyfactorRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

function firstPath(value: unknown): string {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : '';
  return typeof value === 'string' ? value : '';
}

function vendorPath(base: string, path: string): string {
  const segments = [...base.split('/'), ...path.split('/')].filter(
    (segment) => segment !== '' && segment !== '/',
  );
  if (segments[0]?.toLowerCase() === KEYFACTOR_API_PREFIX.toLowerCase()) segments.shift();
  return `/${segments.map((segment) => segment.replace(/^:(\w+)$/, '{$1}')).join('/')}`;
}
