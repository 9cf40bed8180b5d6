import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { id, guid, text, str, int, bool, time, fk } from './table-columns';

/*
 * Written with the Table API, never generated: the same migration runs on SQLite and PostgreSQL.
 * Column types stay in the portable set (integer, varchar, text, boolean); times are ISO strings.
 */

export class InitialSchema1764460800000 implements MigrationInterface {
  name = 'InitialSchema1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const tables: Table[] = [
      new Table({
        name: 'users',
        columns: [
          id,
          { ...str('username', 128), isUnique: true },
          str('password_hash', 255),
          str('role', 16),
          time('created_at'),
        ],
      }),
      new Table({
        name: 'certificate_authorities',
        columns: [
          id,
          { ...str('config_name', 255), isUnique: true },
          str('host_name', 255),
          str('logical_name', 255),
          int('parent_id', true),
          { name: 'is_root', type: 'boolean' },
          str('subject', 1024),
          str('thumbprint', 40),
          str('key_algorithm', 16),
          text('certificate_pem'),
          text('encrypted_private_key'),
          { ...int('crl_number'), default: 0 },
          time('created_at'),
        ],
        foreignKeys: [fk('parent_id', 'certificate_authorities')],
      }),
      new Table({
        name: 'templates',
        columns: [
          id,
          { ...str('short_name', 128), isUnique: true },
          str('display_name', 255),
          str('key_algorithm', 16),
          int('validity_days'),
          text('extended_key_usages'),
          bool('requires_approval', false),
        ],
      }),
      new Table({
        name: 'template_authorities',
        columns: [
          { ...int('template_id'), isPrimary: true },
          { ...int('authority_id'), isPrimary: true },
        ],
        foreignKeys: [
          fk('template_id', 'templates', 'CASCADE'),
          fk('authority_id', 'certificate_authorities', 'CASCADE'),
        ],
      }),
      new Table({
        name: 'metadata_fields',
        columns: [
          id,
          { ...str('name', 128), isUnique: true },
          str('description', 1024),
          int('data_type'),
          str('hint', 255, true),
          str('validation', 1024, true),
          str('message', 1024, true),
          { ...int('enrollment'), default: 0 },
          str('options', 4096, true),
          str('default_value', 1024, true),
          { ...int('display_order'), default: 0 },
        ],
      }),
      new Table({
        name: 'certificate_requests',
        columns: [
          id,
          str('status', 16),
          str('requester', 255),
          time('submitted_at'),
          time('resolved_at', true),
          str('resolved_by', 255, true),
          str('comment', 1024, true),
          int('template_id'),
          int('authority_id'),
          str('subject', 1024),
          text('subject_alt_names'),
          str('key_algorithm', 16),
          text('metadata'),
          text('target_store_ids'),
          int('renewal_of_certificate_id', true),
          int('certificate_id', true),
        ],
        foreignKeys: [
          fk('template_id', 'templates'),
          fk('authority_id', 'certificate_authorities'),
        ],
      }),
      new Table({
        name: 'certificates',
        columns: [
          id,
          str('serial_number', 64),
          str('issuer_dn', 1024),
          str('thumbprint', 40),
          str('subject', 1024),
          str('common_name', 255, true),
          text('subject_alt_names'),
          time('not_before'),
          time('not_after'),
          str('key_algorithm', 32),
          str('signature_algorithm', 64),
          text('certificate_pem'),
          text('encrypted_private_key', true),
          int('authority_id', true),
          int('template_id', true),
          int('request_id', true),
          int('renewed_from_id', true),
          time('revoked_at', true),
          str('revocation_reason', 32, true),
          time('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'certificates_thumbprint',
            columnNames: ['thumbprint'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'certificates_serial_issuer',
            columnNames: ['serial_number', 'issuer_dn'],
          }),
          new TableIndex({ name: 'certificates_not_after', columnNames: ['not_after'] }),
          new TableIndex({ name: 'certificates_renewed_from', columnNames: ['renewed_from_id'] }),
        ],
        foreignKeys: [
          fk('authority_id', 'certificate_authorities'),
          fk('template_id', 'templates'),
          fk('request_id', 'certificate_requests'),
          fk('renewed_from_id', 'certificates'),
        ],
      }),
      new Table({
        name: 'certificate_metadata',
        columns: [
          { ...int('certificate_id'), isPrimary: true },
          { ...int('field_id'), isPrimary: true },
          text('value'),
        ],
        foreignKeys: [
          fk('certificate_id', 'certificates', 'CASCADE'),
          fk('field_id', 'metadata_fields'),
        ],
      }),
      new Table({
        name: 'agents',
        columns: [
          guid(),
          { ...str('client_machine', 255), isUnique: true },
          int('status'),
          str('version', 64, true),
          text('capabilities'),
          time('last_seen', true),
          time('created_at'),
        ],
      }),
      new Table({
        name: 'certificate_stores',
        columns: [
          guid(),
          str('client_machine', 255),
          str('store_path', 1024),
          str('store_type', 32),
          text('properties'),
          str('container_name', 255, true),
          { ...guid('agent_id'), isNullable: true },
          bool('approved', true),
          bool('create_if_missing', true),
          time('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'certificate_stores_machine_path',
            columnNames: ['client_machine', 'store_path'],
            isUnique: true,
          }),
        ],
        foreignKeys: [fk('agent_id', 'agents', 'SET NULL')],
      }),
      new Table({
        name: 'certificate_locations',
        columns: [id, int('certificate_id'), guid('store_id'), str('alias', 255)],
        indices: [
          new TableIndex({
            name: 'certificate_locations_store_cert',
            columnNames: ['store_id', 'certificate_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'certificate_locations_certificate',
            columnNames: ['certificate_id'],
          }),
        ],
        foreignKeys: [
          fk('certificate_id', 'certificates', 'CASCADE'),
          fk('store_id', 'certificate_stores', 'CASCADE'),
        ],
      }),
      new Table({
        name: 'orchestrator_jobs',
        columns: [
          guid(),
          guid('store_id'),
          str('job_type', 32),
          int('operation_type'),
          int('certificate_id', true),
          str('alias', 255, true),
          bool('overwrite', false),
          str('status', 16),
          int('request_id', true),
          str('requested_by', 255),
          time('created_at'),
          time('scheduled_for'),
          { ...int('attempts'), default: 0 },
          time('lease_until', true),
          { ...guid('claimed_by'), isNullable: true },
          time('completed_at', true),
          text('result_message', true),
        ],
        indices: [
          new TableIndex({
            name: 'orchestrator_jobs_store_status',
            columnNames: ['store_id', 'status'],
          }),
        ],
        foreignKeys: [
          fk('store_id', 'certificate_stores', 'CASCADE'),
          fk('certificate_id', 'certificates'),
        ],
      }),
      new Table({
        name: 'audit_events',
        columns: [
          id,
          time('at'),
          str('actor', 255),
          str('action', 64),
          str('subject_type', 32),
          str('subject_id', 64),
          text('details'),
          str('previous_hash', 64),
          str('hash', 64),
        ],
        indices: [
          new TableIndex({
            name: 'audit_events_subject',
            columnNames: ['subject_type', 'subject_id'],
          }),
        ],
      }),
      new Table({
        name: 'lab_state',
        columns: [{ ...str('key', 64), isPrimary: true }, text('value')],
      }),
    ];
    for (const table of tables) await queryRunner.createTable(table, false, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'lab_state',
      'audit_events',
      'orchestrator_jobs',
      'certificate_locations',
      'certificate_stores',
      'agents',
      'certificate_metadata',
      'certificates',
      'certificate_requests',
      'metadata_fields',
      'template_authorities',
      'templates',
      'certificate_authorities',
      'users',
    ]) {
      await queryRunner.dropTable(name);
    }
  }
}
