import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { MIGRATIONS } from '../src/database/migrations';
import { CertificateAuthorityEntity } from '../src/modules/authorities/certificate-authority.entity';
import { applyCertificateQuery } from '../src/modules/certificates/certificate-query.builder';
import { CertificateMetadataEntity } from '../src/modules/certificates/certificate-metadata.entity';
import { CertificateEntity } from '../src/modules/certificates/certificate.entity';
import {
  CertificateQueryError,
  type CertificateQueryOptions,
  parseCertificateQuery,
  type QueryNode,
} from '../src/modules/certificates/policies/certificate-query';
import {
  MetadataDataType,
  MetadataFieldEntity,
} from '../src/modules/metadata/metadata-field.entity';
import { TemplateEntity } from '../src/modules/templates/template.entity';

type Sans = CertificateEntity['subjectAltNames'];
const sans = (parts: Partial<Sans>): Sans => ({ dns: [], ip: [], email: [], uri: [], ...parts });

describe('certificate query language over a real SQLite database', () => {
  let directory: string;
  let dataSource: DataSource;
  /** Certificate ids by the name the tests use for them. */
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'certlab-query-'));
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: join(directory, 'certlab.sqlite'),
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: true,
    });
    await dataSource.initialize();

    const created = new Date('2026-01-01T00:00:00.000Z');
    const authorities = dataSource.getRepository(CertificateAuthorityEntity);
    const authority = (configName: string, id: number) =>
      authorities.create({
        id,
        configName,
        hostName: configName.split('\\')[0],
        logicalName: configName.split('\\')[1],
        parentId: null,
        isRoot: false,
        subject: `CN=${configName.split('\\')[1]}`,
        thumbprint: String(id).repeat(40),
        keyAlgorithm: 'P-256',
        certificatePem: '-----BEGIN CERTIFICATE-----',
        encryptedPrivateKey: 'v1:iv:tag:ciphertext',
        crlNumber: 0,
        createdAt: created,
      });
    const [ca1, ca2] = await authorities.save([
      authority('CA1.jdk.com\\jdk-CA1', 1),
      authority('CA2.acme.test\\acme-CA2', 2),
    ]);

    const templates = dataSource.getRepository(TemplateEntity);
    const template = (shortName: string) =>
      templates.create({
        shortName,
        displayName: shortName,
        keyAlgorithm: 'P-256',
        validityDays: 365,
        extendedKeyUsages: ['serverAuth'],
        requiresApproval: false,
      });
    const [userServer, webServer] = await templates.save([
      template('UserServer'),
      template('WebServer'),
    ]);

    const fields = dataSource.getRepository(MetadataFieldEntity);
    const field = (name: string, dataType: MetadataDataType) =>
      fields.create({
        name,
        description: name,
        dataType,
        hint: null,
        validation: null,
        message: null,
        enrollment: 0,
        options: null,
        defaultValue: null,
        displayOrder: 0,
      });
    const [email, appCode] = await fields.save([
      field('Email-Contact', MetadataDataType.Email),
      field('AppCode', MetadataDataType.String),
    ]);

    const certificates = dataSource.getRepository(CertificateEntity);
    let sequence = 0;
    const certificate = (values: Partial<CertificateEntity>) =>
      certificates.create({
        serialNumber: 'A1B',
        issuerDn: 'CN=jdk-CA1,DC=jdk,DC=com',
        thumbprint: (++sequence).toString(16).toUpperCase().padStart(40, '0'),
        subject: `CN=${values.commonName ?? 'none'}`,
        commonName: null,
        subjectAltNames: sans({}),
        notBefore: created,
        notAfter: new Date('2027-06-01T00:00:00.000Z'),
        keyAlgorithm: 'P-256',
        signatureAlgorithm: 'ecdsa-with-SHA256',
        certificatePem: '-----BEGIN CERTIFICATE-----',
        encryptedPrivateKey: null,
        authorityId: ca1!.id,
        templateId: userServer!.id,
        requestId: null,
        renewedFromId: null,
        revokedAt: null,
        revocationReason: null,
        createdAt: created,
        ...values,
      });
    const save = async (name: string, values: Partial<CertificateEntity>) => {
      ids[name] = (await certificates.save(certificate(values))).id;
    };
    await save('web01', {
      commonName: 'web01.jdk.com',
      serialNumber: 'A1B',
      notAfter: new Date('2026-06-01T00:00:00.000Z'),
      subjectAltNames: sans({ dns: ['web01.jdk.com', 'www.jdk.com'] }),
      encryptedPrivateKey: 'v1:iv:tag:key',
    });
    await save('api', {
      commonName: 'api',
      serialNumber: '1234',
      notAfter: new Date('2028-01-01T00:00:00.000Z'),
      templateId: webServer!.id,
      renewedFromId: ids.web01!,
      subjectAltNames: sans({ dns: ['api.jdk.com'], ip: ['10.0.0.1'] }),
    });
    await save('webmail', {
      commonName: 'WebMail',
      serialNumber: 'FF00',
      issuerDn: 'CN=acme-CA2,O=Acme',
      authorityId: ca2!.id,
      notAfter: new Date('2026-12-31T23:59:59.999Z'),
      keyAlgorithm: 'RSA-2048',
      signatureAlgorithm: 'sha256WithRSAEncryption',
      subjectAltNames: sans({ dns: ['dns.example'], email: ['ops@example.com'] }),
      revokedAt: new Date('2026-02-01T00:00:00.000Z'),
      revocationReason: 'KeyCompromise',
    });
    await save('nocn', {
      subject: 'O=No Common Name',
      serialNumber: '7',
      issuerDn: 'CN=acme-CA2,O=Acme',
      notAfter: new Date('2030-01-01T00:00:00.000Z'),
      keyAlgorithm: 'Ed25519',
      signatureAlgorithm: 'Ed25519',
      authorityId: null,
      templateId: null,
    });
    await save('quoted', {
      commonName: 'say "hi"',
      serialNumber: 'C0FFEE',
      notAfter: new Date('2026-03-01T00:00:00.000Z'),
      subjectAltNames: sans({ dns: ['under_score.jdk.com'], uri: ['https://h/"q"'] }),
      templateId: null,
    });

    await dataSource.getRepository(CertificateMetadataEntity).save([
      { certificateId: ids.web01!, fieldId: email!.id, value: 'a.b@example.com' },
      { certificateId: ids.web01!, fieldId: appCode!.id, value: '100%_done' },
      { certificateId: ids.webmail!, fieldId: email!.id, value: 'ops@example.com' },
      { certificateId: ids.nocn!, fieldId: appCode!.id, value: '100 percent \\ ok' },
    ]);
  });

  afterAll(async () => {
    await dataSource.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  function builder(alias = 'certificate') {
    return dataSource
      .getRepository(CertificateEntity)
      .createQueryBuilder(alias)
      .orderBy(`${alias}.id`);
  }

  async function run(text: string, options?: CertificateQueryOptions): Promise<string[]> {
    const rows = await applyCertificateQuery(
      builder(),
      parseCertificateQuery(text, options),
    ).getMany();
    const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return rows.map((row) => names.get(row.id) ?? `#${row.id}`);
  }

  it.each<[string, string[]]>([
    // The brief's examples.
    ['IssuerDN -contains "jdk" AND NotAfter -lt "2027-01-01"', ['web01', 'quoted']],
    ['(CN -startswith "web" OR CN -eq "api") AND KeyType -eq "P-256"', ['web01', 'api']],
    ['Metadata.Email-Contact -eq "a.b@example.com"', ['web01']],
    ['SerialNumber -eq "0a:1b"', ['web01']],
    ['TemplateShortName -eq "UserServer"', ['web01', 'webmail']],
    ['NotAfter -isnull', []],
    ['CN -eq "say \\"hi\\""', ['quoted']],
    ['Metadata.AppCode -contains "0%_"', ['web01']],
    // Precedence and case.
    ['CN -startswith "WEB" OR CN -eq api AND KeyType -eq RSA-2048', ['web01', 'webmail']],
    ['cn -STARTSWITH web and keytype -eq p-256', ['web01']],
    // Text operators, NULL counted as "not equal".
    ['CN -isnull', ['nocn']],
    ['CN -isnotnull', ['web01', 'api', 'webmail', 'quoted']],
    ['CN -ne "API"', ['web01', 'webmail', 'nocn', 'quoted']],
    ['CN -endswith ".JDK.COM"', ['web01']],
    ['CN -notcontains "web"', ['api', 'nocn', 'quoted']],
    ['DN -eq "O=No Common Name"', ['nocn']],
    ['SignatureAlgorithm -contains "rsa"', ['webmail']],
    // Serial numbers and thumbprints.
    ['SerialNumber -eq "00:00:07"', ['nocn']],
    ['SerialNumber -startswith "f"', ['webmail']],
    ['SerialNumber -ne 7 AND SerialNumber -notcontains c0', ['web01', 'api', 'webmail']],
    ['Thumbprint -eq "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:02"', ['api']],
    // Dates, compared as the stored ISO strings.
    ['NotAfter -le "2026-12-31T23:59:59.999Z"', ['web01', 'webmail', 'quoted']],
    ['NotAfter -lt "2027-01-01T00:59:59.999+01:00"', ['web01', 'quoted']],
    ['NotAfter -eq "2028-01-01" OR NotAfter -ge 2030-01-01', ['api', 'nocn']],
    ['NotBefore -ne "2026-01-01"', []],
    // Integers and booleans.
    ['CertId -ge 4', ['nocn', 'quoted']],
    ['Id -eq 2 OR Id -eq 3', ['api', 'webmail']],
    ['RenewedFromId -eq 1', ['api']],
    ['RenewedFromId -ne 1', ['web01', 'webmail', 'nocn', 'quoted']],
    ['RenewedFromId -isnotnull', ['api']],
    ['Revoked -eq true', ['webmail']],
    ['Revoked -ne TRUE', ['web01', 'api', 'nocn', 'quoted']],
    // Template and CA by name.
    ['TemplateShortName -ne "userserver"', ['api', 'nocn', 'quoted']],
    ['TemplateShortName -startswith "web"', ['api']],
    ['TemplateShortName -isnull', ['nocn', 'quoted']],
    ['IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1"', ['web01', 'api', 'quoted']],
    ['CA -contains "acme" OR CA -isnull', ['webmail', 'nocn']],
    // SANs: matched inside values only, never the JSON keys.
    ['SAN -contains "dns"', ['webmail']],
    ['SAN -eq "api.jdk.com"', ['api']],
    ['SAN -eq "10.0.0.1"', ['api']],
    ['SAN -eq "jdk.com"', []],
    ['SAN -eq "ip"', []],
    ['DNSName -endswith ".JDK.COM"', ['web01', 'api', 'quoted']],
    ['SAN -startswith "www"', ['web01']],
    ['SAN -contains "_"', ['quoted']],
    ['SAN -eq "https://h/\\"q\\""', ['quoted']],
    ['SAN -notcontains "jdk"', ['webmail', 'nocn']],
    // Metadata.
    ['Metadata.Email-Contact -eq "A.B@EXAMPLE.COM"', ['web01']],
    ['metadata.email-contact -endswith "@example.com"', ['web01', 'webmail']],
    ['Metadata.Email-Contact -ne "a.b@example.com"', ['api', 'webmail', 'nocn', 'quoted']],
    ['Metadata.Email-Contact -isnull', ['api', 'nocn', 'quoted']],
    ['Metadata.Email-Contact -isnotnull AND Metadata.AppCode -isnotnull', ['web01']],
    ['Metadata.AppCode -contains "%"', ['web01']],
    ['Metadata.AppCode -contains "_"', ['web01']],
    ['Metadata.AppCode -contains "\\\\"', ['nocn']],
    ['Metadata.Nonexistent -eq "x"', []],
    // Values are bound, never spliced into the SQL.
    [`CN -eq "x' OR '1'='1"`, []],
    [`CN -eq "'); DROP TABLE certificates; --"`, []],
  ])('%s', async (text, expected) => {
    expect(await run(text)).toEqual(expected);
  });

  it('resolves bare metadata names when the field list is given', async () => {
    expect(
      await run('email-contact -contains "ops" OR appcode -startswith "100 "', {
        metadataFields: ['Email-Contact', 'AppCode'],
      }),
    ).toEqual(['webmail', 'nocn']);
  });

  it('binds every value as a parameter with a unique name', () => {
    const qb = applyCertificateQuery(
      builder(),
      parseCertificateQuery(
        'CN -eq "a.b@example.com" OR Metadata.Email-Contact -contains "zz%" OR NotAfter -lt 2027-01-01',
      ),
    );
    const [sql, parameters] = qb.getQueryAndParameters();

    expect(sql).not.toMatch(/example|zz|2027/);
    expect(parameters).toEqual(
      expect.arrayContaining([
        'a.b@example.com',
        'Email-Contact',
        '%zz\\%%',
        '2027-01-01T00:00:00.000Z',
      ]),
    );
    expect(sql).toContain(`ESCAPE '\\'`);
  });

  it('can be applied twice to one builder, and with another alias', async () => {
    const qb = builder('c').andWhere('c.keyAlgorithm = :key', { key: 'P-256' });
    applyCertificateQuery(qb, parseCertificateQuery('KeyType -eq "p-256"'), 'c');
    applyCertificateQuery(qb, parseCertificateQuery('CN -startswith "web" OR CN -eq "api"'), 'c');
    applyCertificateQuery(
      qb,
      parseCertificateQuery('Metadata.AppCode -isnull OR CN -eq "web01.jdk.com"'),
      'c',
    );

    expect(Object.keys(qb.getParameters()).sort()).toEqual([
      'cq0_0',
      'cq1_0',
      'cq1_1',
      'cq2_0',
      'cq2_1',
      'key',
    ]);
    expect((await qb.getMany()).map((row) => row.id)).toEqual([ids.web01, ids.api]);
  });

  it.each([
    'CN -eq',
    'NotAfter -lt "not a date"',
    'CertId -contains "x"',
    'CN -lt "m"',
    '(CN -eq x',
    'Colour -eq red',
    '',
  ])('rejects %j with a CertificateQueryError', async (text) => {
    await expect(run(text)).rejects.toBeInstanceOf(CertificateQueryError);
  });

  it('rejects a hand-built clause whose operator or value does not fit its field', () => {
    const badOperator: QueryNode = {
      kind: 'clause',
      field: { kind: 'builtin', name: 'CertId' },
      operator: 'contains',
      value: 'x',
      position: 0,
    };
    const badValue: QueryNode = {
      kind: 'clause',
      field: { kind: 'builtin', name: 'NotAfter' },
      operator: 'lt',
      value: 5,
      position: 0,
    };

    expect(() => applyCertificateQuery(builder(), badOperator)).toThrow(CertificateQueryError);
    expect(() => applyCertificateQuery(builder(), badValue)).toThrow(CertificateQueryError);
  });
});
