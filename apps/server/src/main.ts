// reflect-metadata must load before any decorated class is evaluated.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig, type AppConfig } from './config/config';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // The operator needs the list of bad variables, not a stack trace.
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  Logger.log(`certlab server listening on http://${host}:${config.port}`, 'Bootstrap');
  Logger.log(
    existsSync(join(config.consoleDir, 'index.html'))
      ? `web console at http://${host}:${config.port}/`
      : `web console not built (${config.consoleDir}); run pnpm build`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  // Typical causes: port already in use, unreadable data directory.
  console.error('certlab server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
