import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { id, text, str, int, bool, time, fk } from './table-columns';

/*
 * Certificate collections, expiration alerts, their runs, the report-once set and the
 * notification outbox. Table API only, portable column types, times as ISO strings.
 */

export class Alerts1764547200003 implements MigrationInterface {
  name = 'Alerts1764547200003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const tables: Table[] = [
      new Table({
        name: 'certificate_collections',
        columns: [
          id,
          // Unique by lower-cased name: Command finds collections by name case-insensitively.
          str('name', 100),
          { ...str('name_key', 100), isUnique: true },
          str('description', 1000),
          text('query'),
          time('created_at'),
        ],
      }),
      new Table({
        name: 'expiration_alerts',
        columns: [
          id,
          str('display_name', 255),
          text('subject'),
          text('message'),
          int('warning_days'),
          int('collection_id'),
          text('recipients'),
          int('handler_id', true),
          bool('use_handler', false),
          text('handler_parameters'),
          time('created_at'),
        ],
        foreignKeys: [fk('collection_id', 'certificate_collections')],
      }),
      new Table({
        name: 'alert_schedules',
        columns: [
          { ...str('kind', 32), isPrimary: true },
          text('schedule', true),
          time('set_at', true),
          time('last_run_at', true),
        ],
      }),
      new Table({
        name: 'alert_runs',
        columns: [
          id,
          int('alert_id'),
          str('trigger', 16),
          time('evaluation_date'),
          time('previous_evaluation_date', true),
          bool('send_alerts', false),
          str('actor', 255),
          time('started_at'),
          time('finished_at', true),
        ],
        indices: [new TableIndex({ name: 'alert_runs_alert', columnNames: ['alert_id'] })],
        foreignKeys: [fk('alert_id', 'expiration_alerts', 'CASCADE')],
      }),
      new Table({
        name: 'alert_run_results',
        columns: [
          id,
          int('run_id'),
          int('certificate_id'),
          str('outcome', 16),
          int('new_certificate_id', true),
          int('request_id', true),
          text('message', true),
        ],
        indices: [new TableIndex({ name: 'alert_run_results_run', columnNames: ['run_id'] })],
        foreignKeys: [
          fk('run_id', 'alert_runs', 'CASCADE'),
          fk('certificate_id', 'certificates', 'CASCADE'),
        ],
      }),
      new Table({
        name: 'alert_reported_certificates',
        columns: [id, int('alert_id'), int('certificate_id'), int('run_id'), time('reported_at')],
        indices: [
          new TableIndex({
            name: 'alert_reported_alert_certificate',
            columnNames: ['alert_id', 'certificate_id'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          fk('alert_id', 'expiration_alerts', 'CASCADE'),
          fk('certificate_id', 'certificates', 'CASCADE'),
        ],
      }),
      new Table({
        name: 'notification_outbox',
        columns: [
          id,
          int('run_id'),
          int('alert_id'),
          str('recipient', 320),
          text('subject'),
          text('message'),
          text('certificate_ids'),
          time('created_at'),
          str('delivery_status', 16),
          { ...int('attempts'), default: 0 },
          text('last_error', true),
          time('delivered_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'notification_outbox_status',
            columnNames: ['delivery_status'],
          }),
        ],
        foreignKeys: [
          fk('run_id', 'alert_runs', 'CASCADE'),
          fk('alert_id', 'expiration_alerts', 'CASCADE'),
        ],
      }),
    ];
    for (const table of tables) await queryRunner.createTable(table, false, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'notification_outbox',
      'alert_reported_certificates',
      'alert_run_results',
      'alert_runs',
      'alert_schedules',
      'expiration_alerts',
      'certificate_collections',
    ]) {
      await queryRunner.dropTable(name, true, true, true);
    }
  }
}
