import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CertificateErrors } from '../src/modules/certificates/certificates.errors';
import {
  KeyfactorApiErrors,
  MISSING_CERTIFICATE_FORMAT_MESSAGE,
} from '../src/modules/keyfactor-api/keyfactor-api.errors';
import { DEFAULT_LAB } from './support/lab-server';
import {
  CERTLAB_ADDITIONS,
  CHERRY_STORE,
  type Json,
  keyfactorClient,
  PRODUCT_VERSION,
  type Reply,
  useLabServer,
} from './support/keyfactor-client';
import { loadKeyfactorOpenApi } from './support/openapi-validator';

/*
 * The Keyfactor API read surface over real HTTP against the default lab. Every answer goes through
 * `kf`, which checks it against the vendor's OpenAPI document (or, for an error, the vendor's
 * `{ErrorCode, Message}` body), so a test cannot forget to.
 */

const DAY_MS = 86_400_000;

interface LabSeed {
  defaultAuthority: string;
  authorities: { configuration: string; subject: string }[];
  certificates: {
    id: number;
    subject: string;
    authority?: string;
    expiresInDays: number;
    store?: string;
    alias?: string;
    metadata?: Record<string, string>;
  }[];
}
const seed = parse(readFileSync(DEFAULT_LAB, 'utf8')) as LabSeed;
const seeded = (id: number) => seed.certificates.find((certificate) => certificate.id === id)!;

const validator = loadKeyfactorOpenApi();
const server = useLabServer();
const kf = keyfactorClient(server);

const ids = (reply: Reply) => (reply.body as Json[]).map((item) => item.Id as number);

describe('KeyfactorAPI headers', () => {
  it('refuses a call without x-keyfactor-requested-with with 400, after authentication', async () => {
    const missing = await kf('GET', '/KeyfactorAPI/Certificates/1', { omitRequestedWith: true });
    expect(missing.status).toBe(400);
    expect((missing.body as Json).ErrorCode).toBe(KeyfactorApiErrors.codes.missingRequestedWith);

    // Credentials are checked first: an anonymous caller learns nothing about the dialect.
    const anonymous = await kf('GET', '/KeyfactorAPI/Certificates/1', {
      credentials: null,
      omitRequestedWith: true,
    });
    expect(anonymous.status).toBe(401);
  });

  it('accepts x-keyfactor-api-version 1 and 1.0 and refuses any other version', async () => {
    for (const version of ['1', '1.0']) {
      expect(
        (
          await kf('GET', '/KeyfactorAPI/Certificates/1', {
            headers: { 'x-keyfactor-api-version': version },
          })
        ).status,
      ).toBe(200);
    }
    const unsupported = await kf('GET', '/KeyfactorAPI/Certificates/1', {
      headers: { 'x-keyfactor-api-version': '2' },
    });
    expect(unsupported.status).toBe(400);
    expect((unsupported.body as Json).ErrorCode).toBe(
      KeyfactorApiErrors.codes.unsupportedApiVersion,
    );
  });

  it('names its version on every answer, an unknown route included', async () => {
    const reply = await kf('GET', '/KeyfactorAPI/NoSuchThing');

    expect(reply.status).toBe(404);
    expect(reply.headers.get('x-keyfactor-product-version')).toBe(PRODUCT_VERSION);
  });

  it('serves routes case-insensitively, as IIS does', async () => {
    expect((await kf('GET', '/keyfactorapi/certificates/1')).status).toBe(200);
  });
});

describe('GET /KeyfactorAPI/Status/Endpoints', () => {
  it('lists every route served, each documented by the vendor or a known addition', async () => {
    const reply = await kf('GET', '/KeyfactorAPI/Status/Endpoints');
    const lines = reply.body as string[];

    expect(lines).toEqual(
      expect.arrayContaining([
        'GET /Status/Endpoints',
        'GET /Certificates/{id}',
        'POST /Enrollment/Renew',
        'POST /Workflow/Certificates/Approve',
      ]),
    );
    expect(new Set(lines).size).toBe(lines.length);
    for (const line of lines) {
      const [method = '', path = ''] = line.split(' ');
      const sample = `/KeyfactorAPI${path.replace('{id}', path.startsWith('/CertificateStores') ? CHERRY_STORE : '1').replace('{thumbprint}', 'AB')}`;
      expect(validator.hasOperation(method, sample) || CERTLAB_ADDITIONS.includes(line)).toBe(true);
    }
  });

  it('lists only what the caller may call', async () => {
    const lines = (
      await kf('GET', '/KeyfactorAPI/Status/Endpoints', {
        credentials: server().credentials.auditor,
      })
    ).body as string[];

    expect(lines).toContain('GET /Certificates');
    expect(lines).not.toContain('POST /Workflow/Certificates/Approve');
    expect(lines).not.toContain('POST /Enrollment/Renew');
  });
});

describe('GET /KeyfactorAPI/Certificates', () => {
  it('pages with pq.pageReturned and pq.returnLimit and counts in x-total-count', async () => {
    const first = await kf('GET', '/KeyfactorAPI/Certificates?pq.returnLimit=5&pq.pageReturned=1');
    const last = await kf('GET', '/KeyfactorAPI/Certificates?pq.returnLimit=5&pq.pageReturned=3');

    expect(ids(first)).toEqual([1, 2, 3, 4, 5]);
    expect(ids(last)).toEqual([11, 12, 13]);
    expect(first.headers.get('x-total-count')).toBe(String(seed.certificates.length));
    expect(ids(await kf('GET', '/KeyfactorAPI/Certificates?pq.returnLimit=5000'))).toHaveLength(
      seed.certificates.length,
    );
    expect((await kf('GET', '/KeyfactorAPI/Certificates?pq.pageReturned=0')).status).toBe(400);
  });

  it('filters with the query language in pq.queryString', async () => {
    const limit = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const issuerOf = (configuration: string) =>
      seed.authorities.find((authority) => authority.configuration === configuration)!.subject;
    const expected = seed.certificates
      .filter(
        (certificate) =>
          issuerOf(certificate.authority ?? seed.defaultAuthority).includes('jdk') &&
          certificate.expiresInDays < 30,
      )
      .map((certificate) => certificate.id);
    expect(expected).toEqual([2, 3, 5, 7, 10]);

    const query = encodeURIComponent(`IssuerDN -contains "jdk" AND NotAfter -lt "${limit}"`);
    const reply = await kf('GET', `/KeyfactorAPI/Certificates?pq.queryString=${query}`);

    expect(ids(reply)).toEqual(expected);
    expect(reply.headers.get('x-total-count')).toBe(String(expected.length));
  });

  it('answers a malformed query with 400', async () => {
    const reply = await kf(
      'GET',
      `/KeyfactorAPI/Certificates?pq.queryString=${encodeURIComponent('IssuerDN -contains')}`,
    );

    expect(reply.status).toBe(400);
    expect((reply.body as Json).ErrorCode).toBe(CertificateErrors.codes.invalidQuery);
  });

  it('sorts with pq.sortField (0 ascending, 1 descending) and refuses an unknown field as the vendor does', async () => {
    const ascending = (
      await kf('GET', '/KeyfactorAPI/Certificates?pq.sortField=NotAfter&pq.sortAscending=0')
    ).body as Json[];
    const descending = (
      await kf('GET', '/KeyfactorAPI/Certificates?pq.sortField=notafter&pq.sortAscending=1')
    ).body as Json[];
    const byExpiry = [...seed.certificates]
      .sort((a, b) => a.expiresInDays - b.expiresInDays)
      .map((certificate) => certificate.id);

    expect(ascending.map((certificate) => certificate.Id)).toEqual(byExpiry);
    expect(descending.map((certificate) => certificate.Id)).toEqual([...byExpiry].reverse());
    const byName = (await kf('GET', '/KeyfactorAPI/Certificates?pq.sortField=IssuedCN'))
      .body as Json[];
    const names = byName.map((certificate) => certificate.IssuedCN as string);
    expect(names).toEqual([...names].sort());
    const unknown = await kf('GET', '/KeyfactorAPI/Certificates?pq.sortField=Colour');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      ErrorCode: '0xA011004A',
      Message: expect.stringContaining('Invalid sort field'),
    });
  });

  it('includes locations and metadata only when asked', async () => {
    const plain = (await kf('GET', '/KeyfactorAPI/Certificates?pq.queryString=CertId%20-eq%207'))
      .body as Json[];
    const full = (
      await kf(
        'GET',
        '/KeyfactorAPI/Certificates?pq.queryString=CertId%20-eq%207&includeLocations=true&includeMetadata=true',
      )
    ).body as Json[];

    expect(plain[0]).toMatchObject({ Id: 7, Locations: [], Metadata: {} });
    expect(full[0]?.Locations).toEqual([
      {
        StoreMachine: '192.168.41.171',
        StorePath: '/home/pi/cherry/cherrystore',
        StoreType: 1,
        Alias: 'cherry',
        ChainLevel: 0,
        CertStoreId: CHERRY_STORE,
      },
    ]);
    expect(full[0]?.Metadata).toEqual(seeded(7).metadata);
  });
});

describe('GET /KeyfactorAPI/Certificates/{id}', () => {
  it('describes the certificate as the vendor model does', async () => {
    const body = (await kf('GET', '/KeyfactorAPI/Certificates/7?includeLocations=true'))
      .body as Json;

    expect(body).toMatchObject({
      Id: 7,
      IssuedDN: seeded(7).subject,
      IssuedCN: 'cherry.jdk.cms',
      IssuedOU: 'Pi Fleet',
      IssuerDN: 'CN=jdk-CA1,DC=jdk,DC=cms',
      KeyType: 1,
      KeyTypeString: 'RSA',
      KeySizeInBits: 2048,
      Curve: null,
      TemplateName: 'User and Server (RSA)',
      CertificateAuthorityName: 'CA1.jdk.com\\jdk-CA1',
      CertState: 1,
      RevocationEffDate: null,
      RevocationReason: null,
      HasPrivateKey: true,
      LocationsCount: [{ Type: 'PEM', Count: 1 }],
    });
    expect(body.Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(body.SubjectAltNameElements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Value: 'cherrypi.local', Type: 2 }),
        expect.objectContaining({ Value: '192.168.41.171', Type: 7 }),
      ]),
    );
    expect(body.ExtendedKeyUsages).toEqual(
      expect.arrayContaining([
        { Id: expect.any(Number), Oid: '1.3.6.1.5.5.7.3.1', DisplayName: 'Server Authentication' },
      ]),
    );
    expect(
      new X509Certificate(Buffer.from(body.ContentBytes as string, 'base64')).fingerprint.replace(
        /:/g,
        '',
      ),
    ).toBe(body.Thumbprint);
  });

  it('answers 404 for an unknown id and 400 for one that is not a number', async () => {
    expect((await kf('GET', '/KeyfactorAPI/Certificates/999999')).status).toBe(404);
    expect((await kf('GET', '/KeyfactorAPI/Certificates/abc')).status).toBe(400);
  });
});

describe('POST /KeyfactorAPI/Certificates/Download', () => {
  const download = (body: unknown, format?: string) =>
    kf('POST', '/KeyfactorAPI/Certificates/Download', {
      body,
      headers: format === undefined ? {} : { 'x-certificateformat': format },
    });

  it('returns the PEM with its chain, leaf then issuing CA then root', async () => {
    const { Thumbprint } = (await kf('GET', '/KeyfactorAPI/Certificates/7')).body as Json;
    const reply = await download({ CertID: 7, IncludeChain: true }, 'PEM');

    expect(reply.status).toBe(200);
    const pem = Buffer.from((reply.body as Json).Content as string, 'base64').toString('utf8');
    const [leaf, issuing, root, ...rest] = (
      pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []
    ).map((block) => new X509Certificate(block));
    expect(rest).toEqual([]);
    expect(leaf?.fingerprint.replace(/:/g, '')).toBe(Thumbprint);
    expect(leaf?.checkIssued(issuing!)).toBe(true);
    expect(issuing?.checkIssued(root!)).toBe(true);
    expect(root?.checkIssued(root)).toBe(true);
    expect(root?.subject).toContain('CN=jdk-Root');
  });

  it('returns the certificate alone by thumbprint, and as DER', async () => {
    const { Thumbprint } = (await kf('GET', '/KeyfactorAPI/Certificates/3')).body as Json;
    const pem = await download({ Thumbprint }, 'pem');
    const der = await download({ CertID: 3 }, 'DER');

    const text = Buffer.from((pem.body as Json).Content as string, 'base64').toString('utf8');
    expect(text.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    expect(new X509Certificate(text).fingerprint.replace(/:/g, '')).toBe(Thumbprint);
    expect(
      new X509Certificate(
        Buffer.from((der.body as Json).Content as string, 'base64'),
      ).fingerprint.replace(/:/g, ''),
    ).toBe(Thumbprint);
  });

  it('needs the x-certificateformat header, with the vendor code and wording', async () => {
    const reply = await download({ CertID: 7 });

    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      ErrorCode: '0xA0110007',
      Message: MISSING_CERTIFICATE_FORMAT_MESSAGE,
    });
  });

  it('refuses a chain in DER, an unknown format and an ambiguous body', async () => {
    expect((await download({ CertID: 7, IncludeChain: true }, 'DER')).status).toBe(400);
    expect((await download({ CertID: 7 }, 'P7B')).status).toBe(400);
    expect((await download({ CertID: 7, Thumbprint: 'AB' }, 'PEM')).status).toBe(400);
    expect((await download({ CertID: 999999 }, 'PEM')).status).toBe(404);
  });
});
