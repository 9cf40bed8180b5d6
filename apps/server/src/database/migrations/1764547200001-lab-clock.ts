import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** The lab clock's state: one row, absent until the clock is first moved (absent = real time). */
export class LabClock1764547200001 implements MigrationInterface {
  name = 'LabClock1764547200001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'lab_clock',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'mode', type: 'varchar', length: '8' },
          { name: 'virtual_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'real_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'changed_by', type: 'varchar', length: '128' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('lab_clock');
  }
}
