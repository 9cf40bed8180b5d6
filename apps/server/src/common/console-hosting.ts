import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { type NextFunction, type Request, type Response } from 'express';
import { httpErrorCode } from './errors/error-codes';

/** Paths the server answers itself; everything else that asks for a page gets the console. */
const SERVER_PREFIXES = ['/api', '/keyfactorapi', '/keyfactoragents', '/cmsapi', '/crl/', '/ca/'];

/**
 * The console's pages may load only what the server sends: no inline or foreign scripts, no
 * framing. Styles may be inline (components set style attributes), images may be data: URLs.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built console (docs/console.md, "Serving the console"): hashed assets cached for a
 * year, `index.html` revalidated every time, and `index.html` for any page path (deep links such
 * as `/certificates/7`). The shell holds no data, so it needs no credentials: everything it shows
 * comes from authenticated `/api` calls.
 */
export function serveConsole(app: NestExpressApplication, consoleDir: string): void {
  const indexFile = join(consoleDir, 'index.html');
  // The console's scripts are about a megabyte as built and a quarter of that gzipped. Only the
  // static files are compressed: a compressing proxy in front of the live-event stream would
  // hold its events back.
  app.use('/assets', compression());
  // Only under /assets: a static handler mounted at / would look for a file on disk for every API
  // call, and those lookups queue on libuv's pool behind RSA key generation (an API read during
  // RSA renewals waited 200 ms for its stat).
  app.useStaticAssets(join(consoleDir, 'assets'), {
    prefix: '/assets/',
    index: false,
    fallthrough: true,
    setHeaders(response: Response) {
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  // The few files beside index.html (the favicon), by name, without touching the disk otherwise.
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const name = request.path.slice(1);
    if (!/^[\w.-]+\.[a-z0-9]+$/i.test(name) || name === 'index.html') return next();
    if (!rootFiles(consoleDir).has(name)) return next();
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(join(consoleDir, name), (error?: Error) => {
      if (error) next(error);
    });
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!isPageRequest(request)) return next();
    if (!existsSync(indexFile)) {
      response.status(404).json({
        ErrorCode: httpErrorCode(404),
        Message:
          'The web console is not built. Build it with `pnpm build` (or `pnpm --filter @certlab/console build`) and reload.',
      });
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('X-Frame-Options', 'DENY');
    response.sendFile(indexFile, (error?: Error) => {
      if (error) next(error);
    });
  });
}

/** The names of the files at the top of the built console, read once it exists. */
const rootFileCache = new Map<string, Set<string>>();
function rootFiles(consoleDir: string): Set<string> {
  let names = rootFileCache.get(consoleDir);
  if (!names) {
    if (!existsSync(consoleDir)) return new Set();
    names = new Set(
      readdirSync(consoleDir, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name),
    );
    rootFileCache.set(consoleDir, names);
  }
  return names;
}

/** A browser navigation to a page of the console, not a call to one of the server's APIs. */
function isPageRequest(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.path.toLowerCase();
  if (
    SERVER_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))
  )
    return false;
  // A missing asset or file is a 404, not the app: only navigations (browsers ask for HTML) get
  // it, so an API client that mistypes a route still gets the error format.
  if (/\.[a-z0-9]+$/.test(path)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}
