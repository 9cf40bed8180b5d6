import { type Server } from 'node:http';
import { type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { setUpApiDocs } from './common/api-docs';
import { Clock } from './common/clock';
import { serveConsole } from './common/console-hosting';
import { type AppConfig } from './config/config';
import { labClockHeaders } from './modules/lab-clock/lab-clock-headers';

/** Largest JSON body accepted. A CSR or a renewal request is a few KB; PFX uploads stay far below. */
export const JSON_BODY_LIMIT = '256kb';

/**
 * Builds the server exactly as `main.ts` runs it, minus listening, so end-to-end tests exercise
 * the same body parser, filters and hooks as production.
 */
export async function createApp(
  config: AppConfig,
  options: Pick<NestApplicationOptions, 'logger'> = {},
): Promise<NestExpressApplication> {
  // Nest's default parsers would accept 100 KB JSON and url-encoded forms; the API speaks JSON only,
  // so register just that parser, with a limit chosen here rather than inherited.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    ...options,
    bodyParser: false,
  });
  // Before the body parser, so its errors (413, bad JSON) carry the clock headers too.
  app.use(labClockHeaders(app.get(Clock)));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  // No need to advertise the framework to scanners.
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  keepIdleConnectionsLongerThanClients(app);
  setUpApiDocs(app);
  serveConsole(app, config.consoleDir);
  return app;
}

/**
 * Node closes an idle keep-alive connection after 5 s, about when clients (undici's fetch: 4 s)
 * give it up themselves; a client whose event loop was busy then sends its next request on a
 * socket the server is closing and gets "other side closed". Holding idle connections for a
 * minute leaves the closing to the client, as a server behind a load balancer does.
 */
function keepIdleConnectionsLongerThanClients(app: NestExpressApplication): void {
  const server: Server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  // Must exceed keepAliveTimeout, or a slow request's headers can race the idle timer.
  server.headersTimeout = 66_000;
}
