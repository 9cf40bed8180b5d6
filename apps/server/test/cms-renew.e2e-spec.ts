import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CmsRenewResponse } from '@certlab/contracts';
import { type ErrorBody } from '../src/common/errors/error-body';
import { AuditService } from '../src/modules/audit/audit.service';
import { call, type LabServer, startLabServer } from './support/lab-server';
import { caChain, opensslVerify, writeCounts } from './support/pki-checks';

const RENEW = '/CMSApi/CertEnroll/3/Renew';
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';
const LEGACY_CA = 'CA1.jdk.com\\jdk-CA1';
const NEW_CA = 'CA2.cherry.lab\\cherry-CA2-EC';

/** The vendor's example request, verbatim but for the store GUID. */
const VENDOR_EXAMPLE = {
  Lookup: { Type: 'CMSID', CMSID: 7 },
  CertStores: [CHERRYSTORE],
  Template: 'UserServer',
  CAConfiguration: LEGACY_CA,
  Metadata: { 'Email-Contact': 'a.b@example.com' },
};

interface CertificateRow {
  id: number;
  serial_number: string;
  issuer_dn: string;
  thumbprint: string;
  subject: string;
  subject_alt_names: string;
  key_algorithm: string;
  certificate_pem: string;
  renewed_from_id: number | null;
  authority_id: number;
}

let server: LabServer;

beforeAll(async () => {
  server = await startLabServer();
});
afterAll(async () => {
  await server.close({ remove: true });
});

const renew = (body: unknown, credentials = server.credentials.enroller) =>
  call(server, 'POST', RENEW, { credentials, body });

async function certificateRow(where: string, parameter: string | number): Promise<CertificateRow> {
  const [row] = await server.dataSource.query<CertificateRow[]>(
    `SELECT * FROM certificates WHERE ${where} = ?`,
    [parameter],
  );
  if (!row) throw new Error(`no certificate with ${where} = ${parameter}`);
  return row;
}

async function metadataOf(certificateId: number): Promise<Record<string, string>> {
  const rows = await server.dataSource.query<{ name: string; value: string }[]>(
    'SELECT f.name AS name, v.value AS value FROM certificate_metadata v JOIN metadata_fields f ON f.id = v.field_id WHERE v.certificate_id = ?',
    [certificateId],
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.value]));
}

async function chainPems(configName: string): Promise<{ root: string; intermediates: string }> {
  const chain = await caChain(server.dataSource, configName);
  const root = chain[chain.length - 1]!;
  return {
    root: root.certificate_pem,
    intermediates: chain
      .slice(0, -1)
      .map((row) => row.certificate_pem)
      .join(''),
  };
}

describe('POST /CMSApi/CertEnroll/3/Renew: the vendor example', () => {
  it('issues, keeps subject and SANs, merges metadata and schedules one job for the cherrystore', async () => {
    const original = await certificateRow('id', 7);
    const originalMetadata = await metadataOf(7);
    const before = await writeCounts(server.dataSource);

    const response = await renew(VENDOR_EXAMPLE);

    expect(response.status).toBe(200);
    const body = response.body as CmsRenewResponse;
    expect(body).toEqual({
      Thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/),
      CMSRequestId: 0,
      RequestDisposition: 'ISSUED',
      DispositionMessage: expect.stringContaining('completed successfully') as unknown,
      RenewedCertStores: ['192.168.41.171-/home/pi/cherry/cherrystore'],
    });

    const renewed = await certificateRow('thumbprint', body.Thumbprint);
    const x509 = new X509Certificate(renewed.certificate_pem);
    // The thumbprint is the SHA-1 of the new certificate, computed independently.
    expect(x509.fingerprint.replace(/:/g, '')).toBe(body.Thumbprint);
    expect(renewed.thumbprint).not.toBe(original.thumbprint);
    expect(renewed.serial_number).not.toBe(original.serial_number);
    expect(renewed.renewed_from_id).toBe(7);

    const chain = await chainPems(LEGACY_CA);
    const verified = opensslVerify(renewed.certificate_pem, chain.root, chain.intermediates);
    expect(verified.output).toContain(': OK');

    const originalX509 = new X509Certificate(original.certificate_pem);
    expect(x509.subject).toBe(originalX509.subject);
    expect(x509.subjectAltName).toBe(originalX509.subjectAltName);
    expect(x509.publicKey.asymmetricKeyType).toBe('rsa');
    expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(renewed.key_algorithm).toBe('RSA-2048');

    expect(await metadataOf(renewed.id)).toEqual({
      ...originalMetadata,
      'Email-Contact': 'a.b@example.com',
      PCI: 'false',
    });

    const jobs = await server.dataSource.query<
      {
        store_id: string;
        status: string;
        alias: string;
        overwrite: number;
        operation_type: number;
        certificate_id: number;
      }[]
    >('SELECT * FROM orchestrator_jobs WHERE certificate_id = ?', [renewed.id]);
    expect(jobs).toEqual([
      expect.objectContaining({
        store_id: CHERRYSTORE,
        status: 'Pending',
        alias: 'cherry',
        overwrite: 1,
        operation_type: 2,
      }),
    ]);
    const after = await writeCounts(server.dataSource);
    expect(after.certificates).toBe(before.certificates! + 1);
    expect(after.certificate_requests).toBe(before.certificate_requests! + 1);
    expect(after.orchestrator_jobs).toBe(before.orchestrator_jobs! + 1);

    const [audit] = await server.dataSource.query<
      { actor: string; action: string; subject_id: string }[]
    >(
      "SELECT actor, action, subject_id FROM audit_events WHERE action = 'certificate.renewed' ORDER BY id DESC LIMIT 1",
    );
    expect(audit).toEqual({
      actor: 'enroller',
      action: 'certificate.renewed',
      subject_id: String(renewed.id),
    });
  });

  it('defaults Template and CAConfiguration to the original and schedules nothing without CertStores', async () => {
    const response = await renew({ lookup: { type: 'cmsid', cmsid: 8 } });

    expect(response.status).toBe(200);
    const body = response.body as CmsRenewResponse;
    expect(body.RenewedCertStores).toEqual([]);
    const renewed = await certificateRow('thumbprint', body.Thumbprint);
    const original = await certificateRow('id', 8);
    expect(renewed.authority_id).toBe(original.authority_id);
    const [jobs] = await server.dataSource.query<{ count: number }[]>(
      'SELECT COUNT(*) AS count FROM orchestrator_jobs WHERE certificate_id = ?',
      [renewed.id],
    );
    expect(Number(jobs?.count)).toBe(0);
  });
});

describe('PKI migration', () => {
  it('a legacy RSA certificate renewed with the ECDSA template on the new CA verifies against the new root only', async () => {
    const response = await renew({
      Lookup: { Type: 'CMSID', CMSID: 1 },
      Template: 'WebServerECDSA',
      CAConfiguration: NEW_CA,
    });

    expect(response.status).toBe(200);
    const renewed = await certificateRow(
      'thumbprint',
      (response.body as CmsRenewResponse).Thumbprint,
    );
    const x509 = new X509Certificate(renewed.certificate_pem);
    expect(x509.publicKey.asymmetricKeyType).toBe('ec');
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(renewed.key_algorithm).toBe('P-256');
    expect(x509.subject).toBe(
      new X509Certificate((await certificateRow('id', 1)).certificate_pem).subject,
    );

    const next = await chainPems(NEW_CA);
    expect(opensslVerify(renewed.certificate_pem, next.root, next.intermediates).ok).toBe(true);
    const legacy = await chainPems(LEGACY_CA);
    const againstLegacy = opensslVerify(
      renewed.certificate_pem,
      legacy.root,
      legacy.intermediates + next.intermediates,
    );
    expect(againstLegacy.ok).toBe(false);
  });
});

describe('Lookup types', () => {
  it.each([
    ['CMSID', () => Promise.resolve({ Type: 'cmsid', CMSID: 2 })],
    [
      'Serial with separators, lower case, and an IssuerDN with spaces',
      async () => {
        const row = await certificateRow('id', 3);
        const serial = row.serial_number
          .toLowerCase()
          .match(/.{1,2}/g)!
          .join(':');
        return { Type: 'SERIAL', SerialNumber: serial, IssuerDN: 'CN=jdk-CA1, DC=jdk, DC=cms' };
      },
    ],
    [
      'Thumbprint in lower case',
      async () => ({
        type: 'Thumbprint',
        thumbprint: (await certificateRow('id', 4)).thumbprint.toLowerCase(),
      }),
    ],
  ])('%s', async (_name, lookup) => {
    const response = await renew({ Lookup: await lookup() });

    expect(response.status).toBe(200);
    const renewed = await certificateRow(
      'thumbprint',
      (response.body as CmsRenewResponse).Thumbprint,
    );
    expect(renewed.renewed_from_id).toBe(
      _name === 'CMSID' ? 2 : _name.startsWith('Serial') ? 3 : 4,
    );
  });
});

describe('approval-required templates', () => {
  it('answer PENDING with a request id and schedule nothing', async () => {
    const before = await writeCounts(server.dataSource);

    const response = await renew({
      Lookup: { Type: 'CMSID', CMSID: 9 },
      Template: 'UserServerApproval',
      CertStores: [CHERRYSTORE],
    });

    expect(response.status).toBe(200);
    const body = response.body as CmsRenewResponse;
    expect(body).toMatchObject({
      Thumbprint: '',
      RequestDisposition: 'PENDING',
      RenewedCertStores: [],
    });
    expect(body.CMSRequestId).toBeGreaterThan(0);
    const after = await writeCounts(server.dataSource);
    expect(after.certificates).toBe(before.certificates);
    expect(after.orchestrator_jobs).toBe(before.orchestrator_jobs);
    const [request] = await server.dataSource.query<{ status: string; target_store_ids: string }[]>(
      'SELECT status, target_store_ids FROM certificate_requests WHERE id = ?',
      [body.CMSRequestId],
    );
    expect(request).toEqual({ status: 'PENDING', target_store_ids: JSON.stringify([CHERRYSTORE]) });
  });
});

// Every row has all four cells: jest.each hands a shorter row a `done` callback in the missing cell.
type BadCase = [
  name: string,
  status: number,
  request: () => Promise<{ status: number; body: unknown }>,
  message: RegExp,
];
const valid = { Lookup: { Type: 'CMSID', CMSID: 5 } };
const withMetadata = (metadata: Record<string, unknown>) => ({ ...valid, Metadata: metadata });
const raw = (rawBody: string, credentials?: string) => () =>
  call(server, 'POST', RENEW, { credentials: credentials ?? server.credentials.enroller, rawBody });

const BAD_INPUT: BadCase[] = [
  ['malformed JSON', 400, raw('{"Lookup": {"Type": "CMSID", "CMSID": 7'), /JSON/],
  ['a JSON array instead of an object', 400, raw('[1,2,3]'), /Invalid request/],
  ['a JSON string', 400, raw('"renew please"'), /not valid JSON/],
  ['no Lookup', 400, () => renew({ Template: 'UserServer' }), /lookup/i],
  [
    'unknown Lookup type',
    400,
    () => renew({ Lookup: { Type: 'Email', Email: 'x@y' } }),
    /CMSID, Serial or Thumbprint/,
  ],
  [
    'CMSID of the wrong type',
    400,
    () => renew({ Lookup: { Type: 'CMSID', CMSID: '7' } }),
    /CMSID must be a number/,
  ],
  ['negative CMSID', 400, () => renew({ Lookup: { Type: 'CMSID', CMSID: -7 } }), /positive/],
  [
    'Serial without IssuerDN',
    400,
    () => renew({ Lookup: { Type: 'Serial', SerialNumber: '0A' } }),
    /issuerdn/i,
  ],
  [
    'Thumbprint lookup without Thumbprint',
    400,
    () => renew({ Lookup: { Type: 'Thumbprint' } }),
    /thumbprint/i,
  ],
  [
    'malformed thumbprint',
    400,
    () => renew({ Lookup: { Type: 'Thumbprint', Thumbprint: 'xyz' } }),
    /40 hexadecimal/,
  ],
  [
    'serial that is not hex',
    400,
    () =>
      renew({
        Lookup: { Type: 'Serial', SerialNumber: 'zz', IssuerDN: 'CN=jdk-CA1,DC=jdk,DC=cms' },
      }),
    /not hexadecimal/,
  ],
  [
    'no certificate with that CMSID',
    404,
    () => renew({ Lookup: { Type: 'CMSID', CMSID: 99999 } }),
    /No certificate matches CMSID 99999/,
  ],
  [
    'no certificate with that thumbprint',
    404,
    () => renew({ Lookup: { Type: 'Thumbprint', Thumbprint: '0'.repeat(40) } }),
    /No certificate matches thumbprint 0{40}/,
  ],
  [
    'no certificate with that serial from that issuer',
    404,
    () =>
      renew({
        Lookup: { Type: 'Serial', SerialNumber: '01', IssuerDN: 'CN=jdk-CA1,DC=jdk,DC=cms' },
      }),
    /No certificate matches serial number 1 from CN=jdk-CA1,DC=jdk,DC=cms/,
  ],
  [
    'unknown template',
    400,
    () => renew({ ...valid, Template: 'NoSuchTemplate' }),
    /Template "NoSuchTemplate" does not exist/,
  ],
  [
    'template not allowed on the CA',
    400,
    () => renew({ ...valid, Template: 'WebServerECDSA', CAConfiguration: LEGACY_CA }),
    /not available on certificate authority/,
  ],
  [
    'unknown CAConfiguration',
    400,
    () => renew({ ...valid, CAConfiguration: 'CA9.jdk.com\\nope' }),
    /does not exist/,
  ],
  [
    'malformed CAConfiguration',
    400,
    () => renew({ ...valid, CAConfiguration: 'just-a-name' }),
    /<host>\\<logical name>/,
  ],
  [
    'malformed store GUID',
    400,
    () => renew({ ...valid, CertStores: ['not-a-guid'] }),
    /not a GUID/,
  ],
  [
    'unknown store GUID',
    400,
    () => renew({ ...valid, CertStores: ['00000000-0000-0000-0000-000000000000'] }),
    /no approved certificate store/,
  ],
  [
    'one known and one unknown store',
    400,
    () => renew({ ...valid, CertStores: [CHERRYSTORE, '11111111-2222-3333-4444-555555555555'] }),
    /11111111-2222-3333-4444-555555555555/,
  ],
  [
    'CertStores that is not an array',
    400,
    () => renew({ ...valid, CertStores: CHERRYSTORE }),
    /certstores/i,
  ],
  ['unknown metadata field', 400, () => renew(withMetadata({ Colour: 'blue' })), /Colour/],
  ['Integer field with text', 400, () => renew(withMetadata({ CostCenter: 'abc' })), /CostCenter/],
  [
    'Date field with an impossible date',
    400,
    () => renew(withMetadata({ DecommissionDate: '2026-02-30' })),
    /DecommissionDate/,
  ],
  ['Boolean field with a non-boolean', 400, () => renew(withMetadata({ PCI: 'maybe' })), /PCI/],
  [
    'MultipleChoice value not among the options',
    400,
    () => renew(withMetadata({ Environment: 'Prod' })),
    /Environment/,
  ],
  [
    'Email field with a non-address',
    400,
    () => renew(withMetadata({ 'Email-Contact': 'not-an-email' })),
    /Email-Contact/,
  ],
  [
    'String field failing its regex',
    400,
    () => renew(withMetadata({ AppOwner: '1234' })),
    /AppOwner must be letters/,
  ],
  [
    'required field cleared',
    400,
    () => renew(withMetadata({ 'Email-Contact': '' })),
    /Email-Contact/,
  ],
  [
    'metadata value that is an object',
    400,
    () => renew(withMetadata({ Notes: { nested: true } })),
    /metadata\.Notes/,
  ],
  ['unknown top-level property', 400, () => renew({ ...valid, Templat: 'UserServer' }), /templat/i],
  [
    'the same property twice in different case',
    400,
    raw('{"Lookup":{"Type":"CMSID","CMSID":5},"lookup":{"Type":"CMSID","CMSID":6}}'),
    /more than once/,
  ],
  [
    'oversized body',
    413,
    () => renew({ ...valid, Metadata: { Notes: 'x'.repeat(300 * 1024) } }),
    /too large/i,
  ],
  [
    'no credentials',
    401,
    () => call(server, 'POST', RENEW, { body: valid }),
    /invalid credentials/,
  ],
  ['wrong password', 401, () => renew(valid, 'enroller:wrong-password'), /invalid credentials/],
  ['unknown user', 401, () => renew(valid, 'JDK\\mallory:whatever'), /invalid credentials/],
  [
    'a role that may not renew (auditor)',
    403,
    () => renew(valid, server.credentials.auditor),
    /enroll permission/,
  ],
];

describe('bad input: a clear error, never a 5xx, nothing written', () => {
  it('has at least 25 cases', () => {
    expect(BAD_INPUT.length).toBeGreaterThanOrEqual(25);
  });

  it.each(BAD_INPUT)('%s -> %i', async (_name, status, request, message) => {
    const before = await writeCounts(server.dataSource);

    const response = await request();

    expect(response.status).toBe(status);
    const body = response.body as ErrorBody;
    expect(Object.keys(body).sort()).toEqual(['ErrorCode', 'Message']);
    expect(body.ErrorCode).toMatch(/^0xA011[0-9A-F]{4}$/);
    expect(body.Message).toMatch(message);
    expect(await writeCounts(server.dataSource)).toEqual(before);
  });
});

describe('concurrency', () => {
  it('20 concurrent renewals of different certificates all succeed with distinct serials', async () => {
    // The default lab seeds 13 certificates; renew a few first (one at a time) to have 20 different ones.
    for (let id = 10; (await writeCounts(server.dataSource)).certificates! < 20; id++) {
      expect((await renew({ Lookup: { Type: 'CMSID', CMSID: id } })).status).toBe(200);
    }
    const ids = (
      await server.dataSource.query<{ id: number }[]>(
        'SELECT id FROM certificates ORDER BY id LIMIT 20',
      )
    ).map((row) => row.id);
    expect(ids).toHaveLength(20);

    const responses = await Promise.all(
      ids.map((id) => renew({ Lookup: { Type: 'CMSID', CMSID: id } })),
    );

    expect(responses.map((response) => response.status)).toEqual(ids.map(() => 200));
    const thumbprints = responses.map((response) => (response.body as CmsRenewResponse).Thumbprint);
    const rows = await Promise.all(
      thumbprints.map((thumbprint) => certificateRow('thumbprint', thumbprint)),
    );
    expect(new Set(rows.map((row) => row.serial_number)).size).toBe(20);
    expect(rows.map((row) => row.renewed_from_id).sort((a, b) => a! - b!)).toEqual(ids);
  });
});

describe('restart', () => {
  it('keeps everything, and the old CA keys still sign', async () => {
    const before = await writeCounts(server.dataSource);
    const [legacyBefore] = await caChain(server.dataSource, LEGACY_CA);
    const dataDir = server.dataDir;
    await server.close();

    server = await startLabServer({ dataDir });

    expect(await writeCounts(server.dataSource)).toEqual(before);
    const [legacyAfter] = await caChain(server.dataSource, LEGACY_CA);
    expect(legacyAfter?.certificate_pem).toBe(legacyBefore?.certificate_pem);
    // Lab users keep the passwords printed at the first start; the admin's comes from the environment.
    const response = await renew(VENDOR_EXAMPLE, server.credentials.admin);
    expect(response.status).toBe(200);
    const renewed = await certificateRow(
      'thumbprint',
      (response.body as CmsRenewResponse).Thumbprint,
    );
    const chain = await chainPems(LEGACY_CA);
    expect(opensslVerify(renewed.certificate_pem, chain.root, chain.intermediates).ok).toBe(true);
  });
});

describe('at rest', () => {
  it('private keys are sealed, the master key file is 0600, and the audit chain holds', async () => {
    const sealed = await server.dataSource.query<{ key: string }[]>(
      'SELECT encrypted_private_key AS key FROM certificate_authorities UNION ALL SELECT encrypted_private_key AS key FROM certificates',
    );
    expect(sealed.length).toBeGreaterThanOrEqual(17); // 4 CAs and 13 seeded certificates at least
    for (const { key } of sealed)
      expect(key).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    // WAL mode: committed pages may still be in the -wal file, so search both.
    const onDisk = ['certlab.db', 'certlab.db-wal']
      .map((name) => join(server.dataDir, name))
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path).toString('latin1'))
      .join('');
    expect(onDisk).toContain('BEGIN CERTIFICATE');
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(statSync(join(server.dataDir, 'master.key')).mode & 0o777).toBe(0o600);

    const audit = server.app.get(AuditService);
    expect(await audit.verifyChain(server.dataSource.manager)).toBeUndefined();
    await server.dataSource.query("UPDATE audit_events SET actor = 'mallory' WHERE id = 2");
    expect(await audit.verifyChain(server.dataSource.manager)).toBe(2);
  });
});
