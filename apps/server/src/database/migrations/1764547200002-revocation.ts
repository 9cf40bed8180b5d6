import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/*
 * Revocation and CRL publication, and what the renewal timeline reads. Table API only, so the
 * same migration runs on SQLite and PostgreSQL; times are ISO strings (varchar 24).
 */
export class Revocation1764547200002 implements MigrationInterface {
  name = 'Revocation1764547200002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'certificate_revocation_lists',
        columns: [
          { name: 'authority_id', type: 'integer', isPrimary: true },
          // Bumped by every revocation of the CA's certificates; the CRL is current while
          // built_revision has caught up with it (a campaign's thousands of revocations then
          // cost one new CRL, built on the next fetch).
          { name: 'revision', type: 'integer', default: 0 },
          { name: 'built_revision', type: 'integer', default: 0 },
          // 0 until the first CRL is built; strictly increasing (RFC 5280 5.2.3).
          { name: 'crl_number', type: 'integer', default: 0 },
          { name: 'this_update', type: 'varchar', length: '24', isNullable: true },
          { name: 'next_update', type: 'varchar', length: '24', isNullable: true },
          // Base64 of the DER: text is portable where binary column types are not.
          { name: 'der', type: 'text', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['authority_id'],
            referencedTableName: 'certificate_authorities',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
      false,
      true,
      true,
    );
    // A CRL lists the revoked certificates of one CA.
    await queryRunner.createIndex(
      'certificates',
      new TableIndex({
        name: 'certificates_authority_revoked',
        columnNames: ['authority_id', 'revoked_at'],
      }),
    );
    // The renewal timeline: when an agent claimed a job, and a request's jobs.
    await queryRunner.addColumn(
      'orchestrator_jobs',
      new TableColumn({ name: 'claimed_at', type: 'varchar', length: '24', isNullable: true }),
    );
    await queryRunner.createIndex(
      'orchestrator_jobs',
      new TableIndex({ name: 'orchestrator_jobs_request', columnNames: ['request_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('orchestrator_jobs', 'orchestrator_jobs_request');
    await queryRunner.dropColumn('orchestrator_jobs', 'claimed_at');
    await queryRunner.dropIndex('certificates', 'certificates_authority_revoked');
    await queryRunner.dropTable('certificate_revocation_lists');
  }
}
