import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { MIGRATIONS } from '../src/database/migrations';
import { AgentEntity, AgentStatus } from '../src/modules/agents/agent.entity';
import { CertificateAuthorityEntity } from '../src/modules/authorities/certificate-authority.entity';
import { CertificateMetadataEntity } from '../src/modules/certificates/certificate-metadata.entity';
import { CertificateEntity } from '../src/modules/certificates/certificate.entity';
import { OrchestratorJobEntity } from '../src/modules/jobs/orchestrator-job.entity';
import { MetadataFieldEntity } from '../src/modules/metadata/metadata-field.entity';
import { CertificateStoreEntity } from '../src/modules/stores/certificate-store.entity';
import { TemplateEntity } from '../src/modules/templates/template.entity';
import { testDatabases } from './support/test-databases';

/**
 * One schema, two databases: the hand-written migration runs on SQLite and on PostgreSQL, the
 * entities read and write the same values on both, and `down` removes everything. PostgreSQL runs
 * when CERTLAB_TEST_POSTGRES_URL is set (CI sets it and starts the server).
 */

const databases = testDatabases('migrations');

describe.each(databases)('migrations on %s', (_name, open) => {
  let dataSource: DataSource;
  let cleanup: () => Promise<void>;
  let ran: string[];

  beforeAll(async () => {
    const database = await open();
    cleanup = database.cleanup;
    dataSource = new DataSource({
      ...database.options,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      synchronize: false,
    });
    await dataSource.initialize();
    ran = (await dataSource.runMigrations()).map((migration) => migration.name);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await cleanup();
  });

  it('creates every table and column the entities use, with their nullability', async () => {
    expect(ran).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await dataSource.showMigrations()).toBe(false);
    const runner = dataSource.createQueryRunner();
    try {
      for (const entity of dataSource.entityMetadatas) {
        const table = await runner.getTable(entity.tablePath);
        expect(table).toBeDefined();
        const columns = new Map(table!.columns.map((column) => [column.name, column]));
        for (const column of entity.columns) {
          const actual = columns.get(column.databaseName);
          if (!actual) throw new Error(`${entity.tableName}.${column.databaseName} is missing`);
          expect(`${entity.tableName}.${column.databaseName} nullable=${actual.isNullable}`).toBe(
            `${entity.tableName}.${column.databaseName} nullable=${column.isNullable}`,
          );
        }
      }
    } finally {
      await runner.release();
    }
  });

  it('round-trips every column type: integers, strings, booleans, JSON text and ISO times', async () => {
    const authority = await dataSource.getRepository(CertificateAuthorityEntity).save({
      configName: 'CA1.jdk.com\\jdk-CA1',
      hostName: 'CA1.jdk.com',
      logicalName: 'jdk-CA1',
      parentId: null,
      isRoot: false,
      subject: 'CN=jdk-CA1,DC=jdk,DC=cms',
      thumbprint: 'A'.repeat(40),
      keyAlgorithm: 'RSA-2048',
      certificatePem: '-----BEGIN CERTIFICATE-----',
      encryptedPrivateKey: 'v1:a:b:c',
      crlNumber: 0,
      createdAt: new Date('2026-11-30T12:00:00.123Z'),
    });
    const template = await dataSource.getRepository(TemplateEntity).save({
      shortName: 'UserServer',
      displayName: 'User Server',
      keyAlgorithm: 'RSA-2048',
      validityDays: 365,
      extendedKeyUsages: ['serverAuth', 'clientAuth'],
      requiresApproval: true,
      allowedAuthorities: [authority],
    });
    const field = await dataSource.getRepository(MetadataFieldEntity).save({
      name: 'Email-Contact',
      description: 'contact',
      dataType: 7,
      hint: null,
      validation: null,
      message: null,
      enrollment: 1,
      options: null,
      defaultValue: null,
      displayOrder: 0,
    });
    const certificate = await dataSource.getRepository(CertificateEntity).save({
      serialNumber: '4A1B',
      issuerDn: authority.subject,
      thumbprint: 'B'.repeat(40),
      subject: 'CN=cherry',
      commonName: 'cherry',
      subjectAltNames: { dns: ['cherry.jdk.cms'], ip: ['192.168.41.171'], email: [], uri: [] },
      notBefore: new Date('2026-01-01T00:00:00.000Z'),
      notAfter: new Date('2027-01-01T00:00:00.000Z'),
      keyAlgorithm: 'RSA-2048',
      signatureAlgorithm: 'sha256WithRSAEncryption',
      certificatePem: '-----BEGIN CERTIFICATE-----',
      encryptedPrivateKey: null,
      authorityId: authority.id,
      templateId: template.id,
      requestId: null,
      renewedFromId: null,
      revokedAt: null,
      revocationReason: null,
      createdAt: new Date(),
    });
    await dataSource
      .getRepository(CertificateMetadataEntity)
      .insert({ certificateId: certificate.id, fieldId: field.id, value: 'a.b@example.com' });
    const agentId = randomUUID();
    await dataSource.getRepository(AgentEntity).insert({
      id: agentId,
      clientMachine: '192.168.41.171',
      status: AgentStatus.Approved,
      version: null,
      capabilities: ['CertStores.RFPEM.Management'],
      lastSeen: null,
      createdAt: new Date(),
    });
    const storeId = randomUUID();
    await dataSource.getRepository(CertificateStoreEntity).insert({
      id: storeId,
      clientMachine: '192.168.41.171',
      storePath: '/home/pi/cherry/cherrystore',
      storeType: 'PEM',
      properties: { IncludesChain: 'true' },
      containerName: null,
      agentId,
      approved: true,
      createIfMissing: true,
      createdAt: new Date(),
    });
    await dataSource
      .getRepository(OrchestratorJobEntity)
      .insert(
        pendingJob({ storeId, certificateId: certificate.id, alias: 'cherry', overwrite: true }),
      );

    const read = await dataSource
      .getRepository(CertificateEntity)
      .findOneByOrFail({ id: certificate.id });
    expect(read.subjectAltNames).toEqual({
      dns: ['cherry.jdk.cms'],
      ip: ['192.168.41.171'],
      email: [],
      uri: [],
    });
    expect(read.notAfter.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    const readTemplate = await dataSource
      .getRepository(TemplateEntity)
      .findOneOrFail({ where: { id: template.id }, relations: { allowedAuthorities: true } });
    expect(readTemplate.requiresApproval).toBe(true);
    expect(readTemplate.extendedKeyUsages).toEqual(['serverAuth', 'clientAuth']);
    expect(readTemplate.allowedAuthorities.map((ca) => ca.configName)).toEqual([
      'CA1.jdk.com\\jdk-CA1',
    ]);
    const readAuthority = await dataSource
      .getRepository(CertificateAuthorityEntity)
      .findOneByOrFail({ id: authority.id });
    expect(readAuthority.createdAt.toISOString()).toBe('2026-11-30T12:00:00.123Z');
    expect(readAuthority.isRoot).toBe(false);
    // ISO strings compare as times on both databases.
    const expiring = await dataSource
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .where('c.not_after < :limit', { limit: '2027-06-01T00:00:00.000Z' })
      .getCount();
    expect(expiring).toBe(1);
    // Foreign keys hold on both: a job for a store that does not exist is refused.
    await expect(
      dataSource.getRepository(OrchestratorJobEntity).insert(pendingJob({ storeId: randomUUID() })),
    ).rejects.toThrow();
  });

  it('reverts cleanly', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    const runner = dataSource.createQueryRunner();
    try {
      expect(await runner.hasTable('certificates')).toBe(false);
      expect(await runner.hasTable('orchestrator_jobs')).toBe(false);
    } finally {
      await runner.release();
    }
  });
});

/** A pending Management/Add job row with every column set. */
function pendingJob(
  fields: Partial<OrchestratorJobEntity> & { storeId: string },
): OrchestratorJobEntity {
  return {
    id: randomUUID(),
    jobType: 'Management',
    operationType: 2,
    certificateId: null,
    alias: null,
    overwrite: false,
    status: 'Pending',
    requestId: null,
    requestedBy: 'admin',
    createdAt: new Date(),
    scheduledFor: new Date(),
    attempts: 0,
    leaseUntil: null,
    claimedBy: null,
    claimedAt: null,
    completedAt: null,
    resultMessage: null,
    ...fields,
  };
}
