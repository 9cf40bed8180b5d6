import { join } from 'node:path';
import { type DataSourceOptions } from 'typeorm';
import { type AppConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** How long a writer waits for SQLite's lock before failing: other processes (a CLI, a second server). */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** SQLite in the lab's data directory: WAL, a busy timeout, foreign keys, migrations at boot. */
export function dataSourceOptions(config: Pick<AppConfig, 'dataDir'>): DataSourceOptions {
  return {
    type: 'better-sqlite3',
    database: join(config.dataDir, 'certlab.db'),
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // TypeORM's default of 100 prepared statements, evicted first-in first-out, is smaller than
    // the set the delivery path alone cycles through: every query was prepared again.
    statementCacheSize: 2000,
    prepareDatabase: (db: { pragma: (statement: string) => unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL'); // safe with WAL; a crash loses at most the last commit
    },
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
  };
}
