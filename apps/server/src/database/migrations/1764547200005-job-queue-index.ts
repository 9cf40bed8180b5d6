import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/*
 * The agents' long poll asks for the open jobs of one machine. Without this index the query
 * walked every store of the machine and probed its jobs (3.2 ms a poll at 800 stores per
 * machine); with it the query starts from the few open jobs (status Pending or InProcess, due
 * by now) and looks up each one's store by its key.
 */
export class JobQueueIndex1764547200005 implements MigrationInterface {
  name = 'JobQueueIndex1764547200005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'orchestrator_jobs',
      new TableIndex({ name: 'orchestrator_jobs_open', columnNames: ['status', 'scheduled_for'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('orchestrator_jobs', 'orchestrator_jobs_open');
  }
}
