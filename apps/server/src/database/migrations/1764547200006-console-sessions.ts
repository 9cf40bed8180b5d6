import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { str, time } from './table-columns';

/* Console sign-ins (docs/console.md, "Sign-in, sessions and CSRF"). */
export class ConsoleSessions1764547200006 implements MigrationInterface {
  name = 'ConsoleSessions1764547200006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'console_sessions',
        columns: [
          { ...str('id', 64), isPrimary: true },
          str('username', 128),
          time('created_at'),
          time('expires_at'),
          time('ended_at', true),
        ],
        indices: [new TableIndex({ name: 'console_sessions_username', columnNames: ['username'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('console_sessions');
  }
}
