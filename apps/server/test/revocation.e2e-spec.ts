import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CertificateRevocationList, readCertificate, readCrl } from '@certlab/pki';
import { KeyfactorApiErrors } from '../src/modules/keyfactor-api/keyfactor-api.errors';
import { RevocationErrors } from '../src/modules/revocation/revocation.errors';
import { call } from './support/lab-server';
import { type Json, keyfactorClient, useLabServer } from './support/keyfactor-client';
import { caChain, writeCounts } from './support/pki-checks';

/*
 * Revocation over real HTTP: POST /KeyfactorAPI/Certificates/Revoke (answers checked against the
 * vendor's OpenAPI document), the CRL fetched anonymously from the path in the certificate's CRL
 * distribution point, and OpenSSL's verdict on both.
 */

const CA1 = 'CA1.jdk.com\\jdk-CA1';
const REVOKE = '/KeyfactorAPI/Certificates/Revoke';

const server = useLabServer();
const kf = keyfactorClient(server);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certlab-revocation-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const revoke = (body: unknown, credentials?: string) => kf('POST', REVOKE, { body, credentials });

async function certificatePem(id: number): Promise<string> {
  const [row] = await server().dataSource.query<{ certificate_pem: string }[]>(
    'SELECT certificate_pem FROM certificates WHERE id = ?',
    [id],
  );
  if (!row) throw new Error(`no certificate ${id}`);
  return row.certificate_pem;
}

async function revocationOf(
  id: number,
): Promise<{ revoked_at: string | null; revocation_reason: string | null }> {
  const [row] = await server().dataSource.query<
    { revoked_at: string | null; revocation_reason: string | null }[]
  >('SELECT revoked_at, revocation_reason FROM certificates WHERE id = ?', [id]);
  return row!;
}

/** GET of a published URL's path on the test server, anonymously, as a relying party fetches it. */
async function fetchPublished(url: string): Promise<Response> {
  return fetch(`${server().baseUrl}${new URL(url).pathname}`);
}

/** The CRL at the certificate's distribution point. */
async function crlOf(certificateId: number): Promise<CertificateRevocationList> {
  const [point] = readCertificate(await certificatePem(certificateId)).crlDistributionPoints;
  const response = await fetchPublished(point!);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pkix-crl');
  return readCrl(new Uint8Array(await response.arrayBuffer()));
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function openssl(args: string[]): { ok: boolean; output: string } {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** CA1 and its root, as one PEM bundle. */
async function ca1Chain(): Promise<string> {
  return (await caChain(server().dataSource, CA1)).map((row) => row.certificate_pem).join('');
}

async function verifyWithCrl(certificateId: number, crl: CertificateRevocationList) {
  return openssl([
    'verify',
    '-crl_check',
    '-CAfile',
    file('chain.pem', await ca1Chain()),
    '-CRLfile',
    file('crl.pem', crl.pem),
    file('leaf.pem', await certificatePem(certificateId)),
  ]);
}

describe('certificates point at their issuer: CRL distribution point and CA issuers', () => {
  it('seeded leaves and subordinate CAs carry <public URL>/crl/<logical>.crl and /ca/<logical>.crt', async () => {
    const leaf = readCertificate(await certificatePem(1));
    expect(leaf.crlDistributionPoints).toEqual(['http://127.0.0.1:8080/crl/jdk-CA1.crl']);
    expect(leaf.caIssuersUrls).toEqual(['http://127.0.0.1:8080/ca/jdk-CA1.crt']);

    const [issuing, root] = await caChain(server().dataSource, 'CA2.cherry.lab\\cherry-CA2-EC');
    const subordinate = readCertificate(issuing!.certificate_pem);
    expect(subordinate.crlDistributionPoints).toEqual([
      'http://127.0.0.1:8080/crl/cherry-Root-EC.crl',
    ]);
    expect(subordinate.caIssuersUrls).toEqual(['http://127.0.0.1:8080/ca/cherry-Root-EC.crt']);
    // A root has no issuer to point at.
    expect(readCertificate(root!.certificate_pem).crlDistributionPoints).toEqual([]);
  });

  it('a renewal onto another CA points at that CA', async () => {
    const reply = await call(server(), 'POST', '/CMSApi/CertEnroll/3/Renew', {
      credentials: server().credentials.enroller,
      body: {
        Lookup: { Type: 'CMSID', CMSID: 5 },
        Template: 'WebServerECDSA',
        CAConfiguration: 'CA2.cherry.lab\\cherry-CA2-EC',
      },
    });
    expect(reply.status).toBe(200);
    const [row] = await server().dataSource.query<{ certificate_pem: string }[]>(
      'SELECT certificate_pem FROM certificates WHERE thumbprint = ?',
      [(reply.body as Json).Thumbprint],
    );
    const renewed = readCertificate(row!.certificate_pem);
    expect(renewed.crlDistributionPoints).toEqual(['http://127.0.0.1:8080/crl/cherry-CA2-EC.crl']);
    expect(renewed.caIssuersUrls).toEqual(['http://127.0.0.1:8080/ca/cherry-CA2-EC.crt']);
  });

  it('GET /ca/<logical>.crt serves the CA certificate as DER to anyone', async () => {
    const leaf = readCertificate(await certificatePem(1));
    const response = await fetchPublished(leaf.caIssuersUrls[0]!);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pkix-cert');
    const served = readCertificate(new Uint8Array(await response.arrayBuffer()));
    const [issuing] = await caChain(server().dataSource, CA1);
    expect(served.thumbprint).toBe(readCertificate(issuing!.certificate_pem).thumbprint);
    expect(await leaf.isSignedBy(served)).toBe(true);
  });

  it.each([
    '/crl/no-such-CA.crl',
    '/ca/no-such-CA.crt',
    '/crl/jdk-CA1.pem',
    '/ca/jdk-CA1',
    '/crl/.crl',
  ])('GET %s is a 404 in the error format', async (path) => {
    const reply = await call(server(), 'GET', path);

    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      ErrorCode: RevocationErrors.codes.notPublished,
      Message: expect.any(String),
    });
  });
});

describe('POST /KeyfactorAPI/Certificates/Revoke and the CRL', () => {
  it('revokes, and the CRL at the distribution point lists the serial with the reason; OpenSSL agrees', async () => {
    const before = await crlOf(2);

    const reply = await revoke({
      CertificateIds: [2],
      Reason: 1,
      Comment: 'private key left on a laptop',
    });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ RevokedIds: [2], SuspendedCerts: [] });
    const crl = await crlOf(2);
    const serial = readCertificate(await certificatePem(2)).serialNumber;
    expect(crl.entries).toEqual([
      { serialNumber: serial, revocationDate: expect.any(Date), reason: 'keyCompromise' },
    ]);
    expect(crl.crlNumber).toBe(before.crlNumber! + 1);
    expect(crl.nextUpdate!.getTime() - crl.thisUpdate.getTime()).toBe(7 * 86_400_000);

    writeFileSync(join(dir, 'crl.der'), crl.der);
    const checked = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      join(dir, 'crl.der'),
      '-CAfile',
      file('chain.pem', await ca1Chain()),
      '-noout',
    ]);
    expect(checked.output).toContain('verify OK');
    const text = openssl(['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-noout', '-text']);
    expect(text.output).toContain('Key Compromise');

    const revoked = await verifyWithCrl(2, crl);
    expect(revoked.ok).toBe(false);
    expect(revoked.output).toContain('certificate revoked');
    const other = await verifyWithCrl(3, crl);
    expect(other.output).toContain(': OK');
  });

  it('reports the revocation on the certificate, in the Keyfactor model and in the audit trail', async () => {
    expect(await revocationOf(2)).toEqual({
      revoked_at: expect.any(String),
      revocation_reason: 'keyCompromise',
    });
    const certificate = await kf('GET', '/KeyfactorAPI/Certificates/2');
    expect(certificate.body).toMatchObject({
      CertState: 2,
      CertStateString: 'Revoked',
      RevocationReason: 1,
      RevocationEffDate: expect.any(String),
    });
    const [event] = await server().dataSource.query<{ actor: string; details: string }[]>(
      "SELECT actor, details FROM audit_events WHERE action = 'certificate.revoked' AND subject_id = '2'",
    );
    expect(event?.actor).toBe('admin');
    expect(JSON.parse(event!.details)).toMatchObject({
      reason: 'keyCompromise',
      reasonCode: 1,
      comment: 'private key left on a laptop',
    });
  });

  it('revoking an already revoked certificate changes nothing and builds no new CRL', async () => {
    const before = await crlOf(2);

    const reply = await revoke({ CertificateIds: [2], Reason: 4 });

    expect(reply.body).toEqual({ RevokedIds: [], SuspendedCerts: [] });
    expect((await revocationOf(2)).revocation_reason).toBe('keyCompromise');
    expect((await crlOf(2)).crlNumber).toBe(before.crlNumber);
  });

  it('revoking many at once regenerates the CRL once; fetching again builds nothing', async () => {
    const before = await crlOf(2);

    // 999 is the vendor's "unknown": unspecified, which RFC 5280 says to leave off the entry.
    const reply = await revoke({ CertificateIds: [8, 9, 10, 11, 9], Reason: 999 });

    expect(reply.body).toEqual({ RevokedIds: [8, 9, 10, 11], SuspendedCerts: [] });
    const after = await crlOf(2);
    expect(after.crlNumber).toBe(before.crlNumber! + 1);
    expect(after.entries).toHaveLength(5);
    expect(after.entries.filter((entry) => entry.reason === 'unspecified')).toHaveLength(4);
    expect((await crlOf(2)).crlNumber).toBe(after.crlNumber);
  });

  it('certificate hold is lifted with -1, and the certificate leaves the CRL', async () => {
    expect((await revoke({ CertificateIds: [12], Reason: 6 })).body).toMatchObject({
      RevokedIds: [12],
    });
    const held = await crlOf(12);
    const serial = readCertificate(await certificatePem(12)).serialNumber;
    expect(held.entries).toContainEqual(
      expect.objectContaining({ serialNumber: serial, reason: 'certificateHold' }),
    );

    // -1 is only for certificates on hold: 3 is not, so nothing changes.
    const refused = await revoke({ CertificateIds: [12, 3], Reason: -1 });
    expect(refused.status).toBe(400);
    expect((refused.body as Json).ErrorCode).toBe(RevocationErrors.codes.notOnHold);
    expect((await revocationOf(12)).revocation_reason).toBe('certificateHold');

    expect((await revoke({ CertificateIds: [12], Reason: -1 })).body).toMatchObject({
      RevokedIds: [12],
    });
    expect(await revocationOf(12)).toEqual({ revoked_at: null, revocation_reason: null });
    const released = await crlOf(12);
    expect(released.entries.map((entry) => entry.serialNumber)).not.toContain(serial);
    expect(released.crlNumber).toBe(held.crlNumber! + 1);
  });

  it('root CAs publish CRLs too: with every CRL of the chain, OpenSSL accepts a good certificate', async () => {
    const leaf = readCertificate(await certificatePem(3));
    const [issuing] = await caChain(server().dataSource, CA1);
    const [rootPoint] = readCertificate(issuing!.certificate_pem).crlDistributionPoints;
    const rootCrl = readCrl(new Uint8Array(await (await fetchPublished(rootPoint!)).arrayBuffer()));
    expect(rootCrl.issuer).toBe('CN=jdk-Root,DC=jdk,DC=cms');
    expect(rootCrl.entries).toEqual([]);

    const crls = file('crls.pem', `${(await crlOf(3)).pem}${rootCrl.pem}`);
    const result = openssl([
      'verify',
      '-crl_check_all',
      '-CAfile',
      file('chain.pem', await ca1Chain()),
      '-CRLfile',
      crls,
      file('leaf.pem', leaf.pem),
    ]);
    expect(result.output).toContain(': OK');
  });
});

describe('POST /KeyfactorAPI/Certificates/Revoke: refusals leave everything as it was', () => {
  it.each<[string, unknown, string]>([
    ['an unknown id, naming it', { CertificateIds: [3, 999_999], Reason: 1 }, '999999'],
    ['an empty list', { CertificateIds: [], Reason: 1 }, 'at least one'],
    ['no list', { Reason: 1 }, 'CertificateIds'],
    ['ids as a string', { CertificateIds: '3', Reason: 1 }, 'CertificateIds'],
    ['ids that are not integers', { CertificateIds: ['a', 3.5], Reason: 1 }, 'integers'],
    ['a negative id', { CertificateIds: [-3], Reason: 1 }, 'positive'],
    [
      'reason 7, not in the vendor enum',
      { CertificateIds: [3], Reason: 7 },
      'Reason must be one of',
    ],
    ['no reason', { CertificateIds: [3] }, 'Reason is required'],
    ['a reason as a string', { CertificateIds: [3], Reason: '1' }, 'Reason'],
    ['an unknown property', { CertificateIds: [3], Reason: 1, Force: true }, 'force'],
    [
      'a malformed EffectiveDate',
      { CertificateIds: [3], Reason: 1, EffectiveDate: 'yesterday' },
      'EffectiveDate',
    ],
    [
      'an EffectiveDate in the future',
      { CertificateIds: [3], Reason: 1, EffectiveDate: '2999-01-01T00:00:00Z' },
      'EffectiveDate',
    ],
    ['a collection', { CertificateIds: [3], Reason: 1, CollectionId: 4 }, 'CollectionId 4'],
    ['a body that is no object', [3], 'Invalid request'],
  ])('%s is a 400 in the error format', async (_label, body, mentions) => {
    const counts = await writeCounts(server().dataSource);

    const reply = await revoke(body);

    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      ErrorCode: expect.stringMatching(/^0xA0110(9|C)/),
      Message: expect.stringContaining(mentions),
    });
    expect(await revocationOf(3)).toEqual({ revoked_at: null, revocation_reason: null });
    expect(await writeCounts(server().dataSource)).toEqual(counts);
  });

  it('uses the revocation and dialect error codes', async () => {
    expect(((await revoke({ CertificateIds: [999_998], Reason: 1 })).body as Json).ErrorCode).toBe(
      RevocationErrors.codes.unknownCertificates,
    );
    expect(((await revoke({ CertificateIds: [3], Reason: 7 })).body as Json).ErrorCode).toBe(
      KeyfactorApiErrors.codes.invalidRequest,
    );
  });

  it('needs credentials (401) and the approve permission (403 for enrollers and auditors)', async () => {
    const body = { CertificateIds: [3], Reason: 1 };
    expect((await kf('POST', REVOKE, { body, credentials: null })).status).toBe(401);
    expect((await revoke(body, server().credentials.enroller)).status).toBe(403);
    expect((await revoke(body, server().credentials.auditor)).status).toBe(403);
    expect(await revocationOf(3)).toEqual({ revoked_at: null, revocation_reason: null });
  });
});

describe('the lab clock moves, and the CRL follows', () => {
  it('a CRL fetched after advancing the clock 60 days is current at the clock’s now', async () => {
    // Certificate 1 is valid for 300 days, so it is still valid 60 days on.
    expect((await revoke({ CertificateIds: [1], Reason: 5 })).status).toBe(200);
    const before = await crlOf(1);

    const moved = await call(server(), 'POST', '/api/lab/clock', {
      credentials: server().credentials.admin,
      body: { advance: '+60d' },
    });

    expect(moved.status).toBe(200);
    const labNow = new Date((moved.body as { now: string }).now);
    const after = await crlOf(1);
    expect(after.crlNumber).toBe(before.crlNumber! + 1);
    expect(after.thisUpdate.getTime()).toBeGreaterThanOrEqual(labNow.getTime() - 1000);
    expect(after.thisUpdate.getTime()).toBeGreaterThan(before.nextUpdate!.getTime());
    expect(after.nextUpdate!.getTime() - after.thisUpdate.getTime()).toBe(7 * 86_400_000);
    expect(after.entries).toEqual(before.entries);
    // OpenSSL, asked about the lab's now, finds the CRL current and the certificate revoked.
    const attime = String(Math.floor(labNow.getTime() / 1000) + 60);
    const revoked = openssl([
      'verify',
      '-attime',
      attime,
      '-crl_check',
      '-CAfile',
      file('chain.pem', await ca1Chain()),
      '-CRLfile',
      file('crl.pem', after.pem),
      file('leaf.pem', await certificatePem(1)),
    ]);
    expect(revoked.output).toContain('certificate revoked');
    expect((await crlOf(1)).crlNumber).toBe(after.crlNumber);
  });
});
