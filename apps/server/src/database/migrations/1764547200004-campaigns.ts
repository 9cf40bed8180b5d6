import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { id, text, str, int, bool, time, fk } from './table-columns';

/* Migration campaigns (docs/server.md, "Migration campaigns"). Portable Table API, as every migration. */

export class Campaigns1764547200004 implements MigrationInterface {
  name = 'Campaigns1764547200004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'campaigns',
        columns: [
          id,
          str('name', 255),
          text('query'),
          int('source_authority_id', true),
          int('target_authority_id'),
          int('target_template_id', true),
          int('batch_size'),
          bool('trust_first'),
          bool('retire_old'),
          str('state', 16),
          str('phase', 16),
          text('warnings'),
          text('message', true),
          str('created_by', 255),
          time('created_at'),
          time('updated_at'),
          time('started_at', true),
          time('completed_at', true),
        ],
        indices: [new TableIndex({ name: 'campaigns_state', columnNames: ['state'] })],
        foreignKeys: [
          fk('source_authority_id', 'certificate_authorities'),
          fk('target_authority_id', 'certificate_authorities'),
          fk('target_template_id', 'templates'),
        ],
      }),
      false,
      true,
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'campaign_items',
        columns: [
          id,
          int('campaign_id'),
          int('certificate_id'),
          int('position'),
          int('batch', true),
          str('state', 16),
          str('blocked_code', 32, true),
          text('message', true),
          int('old_authority_id', true),
          int('old_template_id', true),
          str('old_key_algorithm', 32),
          int('new_template_id', true),
          text('stores'),
          int('new_certificate_id', true),
          time('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'campaign_items_campaign_state',
            columnNames: ['campaign_id', 'state'],
          }),
          new TableIndex({
            name: 'campaign_items_campaign_position',
            columnNames: ['campaign_id', 'position'],
          }),
          new TableIndex({
            name: 'campaign_items_new_certificate',
            columnNames: ['new_certificate_id'],
          }),
        ],
        foreignKeys: [
          fk('campaign_id', 'campaigns', 'CASCADE'),
          fk('certificate_id', 'certificates'),
          fk('new_certificate_id', 'certificates'),
        ],
      }),
      false,
      true,
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'campaign_trust_deliveries',
        columns: [
          id,
          int('campaign_id'),
          str('store_id', 36),
          int('authority_id'),
          int('certificate_id', true),
          str('job_id', 36, true),
          str('state', 16),
          text('message', true),
          time('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'campaign_trust_deliveries_campaign',
            columnNames: ['campaign_id', 'state'],
          }),
        ],
        foreignKeys: [
          fk('campaign_id', 'campaigns', 'CASCADE'),
          fk('store_id', 'certificate_stores', 'CASCADE'),
          fk('authority_id', 'certificate_authorities'),
          fk('certificate_id', 'certificates'),
        ],
      }),
      false,
      true,
      true,
    );
    // A campaign asks "did every job of these new certificates finish?" for whole batches.
    await queryRunner.createIndex(
      'orchestrator_jobs',
      new TableIndex({ name: 'orchestrator_jobs_certificate', columnNames: ['certificate_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('orchestrator_jobs', 'orchestrator_jobs_certificate');
    await queryRunner.dropTable('campaign_trust_deliveries');
    await queryRunner.dropTable('campaign_items');
    await queryRunner.dropTable('campaigns');
  }
}
