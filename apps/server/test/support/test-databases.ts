import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';

export type OpenTestDatabase = () => Promise<{
  options: DataSourceOptions;
  cleanup: () => Promise<void>;
}>;

/**
 * The databases a schema-level test runs on, for `describe.each`: SQLite always, PostgreSQL when
 * CERTLAB_TEST_POSTGRES_URL is set (CI sets it and starts the server). Each PostgreSQL run gets a
 * schema of its own, so parallel suites never see each other's tables.
 */
export function testDatabases(suite: string): [string, OpenTestDatabase][] {
  const databases: [string, OpenTestDatabase][] = [
    [
      'SQLite',
      () => {
        const dir = mkdtempSync(join(tmpdir(), `certlab-${suite}-`));
        return Promise.resolve({
          options: { type: 'better-sqlite3', database: join(dir, 'test.db'), enableWAL: true },
          cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
        });
      },
    ],
  ];
  const postgresUrl = process.env.CERTLAB_TEST_POSTGRES_URL;
  if (!postgresUrl) {
    console.warn(
      `${suite}: CERTLAB_TEST_POSTGRES_URL is not set; PostgreSQL is not tested in this run`,
    );
    return databases;
  }
  databases.push([
    'PostgreSQL',
    async () => {
      const schema = `certlab_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const owner = new DataSource({ type: 'postgres', url: postgresUrl });
      await owner.initialize();
      await owner.query(`CREATE SCHEMA ${schema}`);
      return {
        options: { type: 'postgres', url: postgresUrl, schema },
        cleanup: async () => {
          await owner.query(`DROP SCHEMA ${schema} CASCADE`);
          await owner.destroy();
        },
      };
    },
  ]);
  return databases;
}
