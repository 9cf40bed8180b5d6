import { X509Certificate } from 'node:crypto';
import {
  type AuthorityView,
  type CertificateDetail,
  type CertificateSummary,
  type DashboardView,
  type MetadataFieldView,
  type Page,
  type TemplateView,
} from '@certlab/contracts';
import { caChain, opensslVerify } from './support/pki-checks';
import { call, type LabServer, startLabServer } from './support/lab-server';

/*
 * The console's reads over real HTTP on the default lab (lab/default.yaml): the dashboard, the
 * reference data, the certificate list with the query language, the certificate page and its
 * files. Everything is read as the auditor, who may read and nothing else.
 */

const CA1 = 'CA1.jdk.com\\jdk-CA1';
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';

let server: LabServer;
beforeAll(async () => {
  server = await startLabServer();
});
afterAll(async () => {
  await server.close({ remove: true });
});

const read = async <T>(path: string, expected = 200): Promise<T> => {
  const response = await call(server, 'GET', path, { credentials: server.credentials.auditor });
  expect({ path, status: response.status, body: response.body }).toMatchObject({
    status: expected,
  });
  return response.body as T;
};
const list = (query: string) => read<Page<CertificateSummary>>(`/api/certificates?${query}`);
const ids = (page: Page<CertificateSummary>) => page.items.map((item) => item.id);

describe('GET /api/dashboard', () => {
  it('counts the lab by state, CA and key algorithm on the lab clock', async () => {
    const dashboard = await read<DashboardView>('/api/dashboard');
    // Seeded NotAfter in days: 7, 12, 20, 25, 28 are within 30 days; the other eight are later.
    const expected = { valid: 8, expiring: 5, expired: 0, revoked: 0, total: 13 };
    expect(dashboard.totals).toEqual(expected);
    expect(dashboard.virtual).toBe(false);
    expect(dashboard.byAuthority).toEqual([
      expect.objectContaining({ name: CA1, counts: expected }),
    ]);
    expect(dashboard.byKeyAlgorithm).toEqual([{ keyAlgorithm: 'RSA-2048', counts: expected }]);
    expect(dashboard.expiryByDay.reduce((sum, day) => sum + day.count, 0)).toBe(13);
    expect(dashboard.expiryByDay.map((day) => day.day)).toEqual(
      [...dashboard.expiryByDay.map((day) => day.day)].sort(),
    );
    expect(dashboard.pendingApprovals).toBe(0);
  });

  it('moves certificates between states when the lab clock moves', async () => {
    const advanced = await call(server, 'POST', '/api/lab/clock', {
      credentials: server.credentials.admin,
      body: { advance: '+21d' },
    });
    expect(advanced.status).toBe(200);
    try {
      const dashboard = await read<DashboardView>('/api/dashboard');
      // +21 days: 7, 12, 20 have expired; 25, 28 and 45 (svc-backup) expire within 30 days.
      expect(dashboard.virtual).toBe(true);
      expect(dashboard.totals).toEqual({
        valid: 7,
        expiring: 3,
        expired: 3,
        revoked: 0,
        total: 13,
      });
      expect(ids(await list('state=expired&sort=id&order=asc'))).toEqual([2, 5, 7]);
    } finally {
      await call(server, 'POST', '/api/lab/clock', {
        credentials: server.credentials.admin,
        body: { reset: true },
      });
    }
  });
});

describe('reference data', () => {
  it('lists the CAs with what their certificates say and where they are published', async () => {
    const authorities = await read<AuthorityView[]>('/api/authorities');
    expect(authorities.map((authority) => authority.configName)).toEqual([
      'root.jdk.com\\jdk-Root',
      CA1,
      'root.cherry.lab\\cherry-Root-EC',
      'CA2.cherry.lab\\cherry-CA2-EC',
    ]);
    const [root, ca1] = await caChain(server.dataSource, CA1).then((chain) => chain.reverse());
    const issuing = authorities.find((authority) => authority.configName === CA1)!;
    const x509 = new X509Certificate(ca1!.certificate_pem);
    expect(issuing).toMatchObject({
      logicalName: 'jdk-CA1',
      subject: 'CN=jdk-CA1,DC=jdk,DC=cms',
      parentId: root!.id,
      isRoot: false,
      keyAlgorithm: 'RSA-2048',
      signatureAlgorithm: 'sha256WithRSAEncryption',
      serialNumber: x509.serialNumber.replace(/^0+/, ''),
      notAfter: new Date(x509.validTo).toISOString(),
      certificateUrl: '/ca/jdk-CA1.crt',
      crlUrl: '/crl/jdk-CA1.crl',
      issuedCount: 13,
    });
    expect(authorities.find((authority) => authority.isRoot)?.issuedCount).toBe(0);
    // The URL is served, anonymously, and is the CA's certificate.
    const published = await fetch(`${server.baseUrl}${issuing.certificateUrl}`);
    expect(new X509Certificate(Buffer.from(await published.arrayBuffer())).fingerprint).toBe(
      x509.fingerprint,
    );
  });

  it('lists templates with the CAs that offer them, and the metadata fields', async () => {
    const [authorities, templates, fields] = await Promise.all([
      read<AuthorityView[]>('/api/authorities'),
      read<TemplateView[]>('/api/templates'),
      read<MetadataFieldView[]>('/api/metadata-fields'),
    ]);
    const idOf = (name: string) => authorities.find((ca) => ca.configName === name)!.id;
    expect(templates.find((template) => template.shortName === 'UserServer')).toMatchObject({
      keyAlgorithm: 'RSA-2048',
      validityDays: 365,
      extendedKeyUsages: ['serverAuth', 'clientAuth'],
      requiresApproval: false,
      authorityIds: [idOf(CA1), idOf('CA2.cherry.lab\\cherry-CA2-EC')],
    });
    expect(templates.find((template) => template.shortName === 'UserServerApproval')).toMatchObject(
      { requiresApproval: true, authorityIds: [idOf(CA1)] },
    );
    expect(fields.map((field) => field.name)).toEqual([
      'Email-Contact',
      'AppOwner',
      'CostCenter',
      'DecommissionDate',
      'PCI',
      'Environment',
      'Notes',
    ]);
    expect(fields[1]).toMatchObject({
      dataType: 1,
      validation: '^[A-Za-z][A-Za-z .-]{1,63}$',
      hint: 'Platform Team',
    });
  });
});

describe('GET /api/certificates', () => {
  it('pages newest first by default, with totals', async () => {
    const first = await list('limit=5');
    expect(first).toMatchObject({ total: 13, page: 1, limit: 5 });
    expect(ids(first)).toEqual([13, 12, 11, 10, 9]);
    expect(ids(await list('limit=5&page=3'))).toEqual([3, 2, 1]);
    expect(ids(await list('limit=5&page=4'))).toEqual([]);
    const cherry = (await list('query=CertId -eq 7')).items[0];
    expect(cherry).toMatchObject({
      id: 7,
      commonName: 'cherry.jdk.cms',
      subject: 'CN=cherry.jdk.cms,OU=Pi Fleet,O=JDK,C=US',
      authority: { configName: CA1 },
      template: { shortName: 'UserServer' },
      keyAlgorithm: 'RSA-2048',
      state: 'expiring',
      revokedAt: null,
      locationCount: 1,
      renewedById: null,
    });
  });

  it.each([
    ['commonName', 'asc', [4, 9, 7, 3, 10]],
    ['commonName', 'desc', [1, 11, 5, 12, 13]],
    ['notAfter', 'asc', [5, 2, 7, 3, 10]],
    ['notAfter', 'desc', [8, 13, 1, 6, 11]],
    ['id', 'asc', [1, 2, 3, 4, 5]],
  ])('sorts on %s %s on the server', async (sort, order, expected) => {
    expect(ids(await list(`sort=${sort}&order=${order}&limit=5`))).toEqual(expected);
  });

  it('sorts on every key with the id as tie-breaker', async () => {
    const keys: Record<string, (item: CertificateSummary) => string> = {
      issuer: (item) => item.issuerDn,
      keyAlgorithm: (item) => item.keyAlgorithm,
      notBefore: (item) => item.notBefore,
      serialNumber: (item) => item.serialNumber,
    };
    for (const [sort, key] of Object.entries(keys)) {
      for (const order of ['asc', 'desc'] as const) {
        const page = await list(`sort=${sort}&order=${order}&limit=13`);
        const expected = [...page.items].sort(
          (a, b) =>
            (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * (order === 'asc' ? 1 : -1),
        );
        expect({ sort, order, ids: ids(page) }).toEqual({
          sort,
          order,
          ids: ids({ ...page, items: expected }),
        });
      }
    }
  });

  it('filters with the query language and by state', async () => {
    expect(ids(await list('query=CN -startswith "db01"'))).toEqual([3]);
    expect(ids(await list(`query=${encodeURIComponent('Environment -eq "Production"')}`))).toEqual([
      2, 1,
    ]);
    expect(ids(await list('state=expiring&sort=notAfter&order=asc'))).toEqual([5, 2, 7, 3, 10]);
    expect((await list('state=valid')).total).toBe(8);
    expect((await list('state=revoked')).total).toBe(0);
    expect(
      ids(await list(`state=expiring&query=${encodeURIComponent('SAN -contains "jdk"')}`)),
    ).toEqual([10, 7, 5, 3, 2]);
  });

  it.each([
    ['a bad query', 'query=CN -frobs "x"', '0xA0110203', /^Position 3: /],
    ['an unknown field', 'query=Nope -eq 1', '0xA0110203', /^Position 0: /],
    ['an unknown sort key', 'sort=thumbprint', '0xA0111002', /sort/],
    ['an unknown state', 'state=lost', '0xA0111002', /state/],
    ['a page of 0', 'page=0', '0xA0111002', /page must be a whole number from 1/],
    ['a limit over 500', 'limit=501', '0xA0111002', /limit must be a whole number from 1 to 500/],
    ['an unknown parameter', 'pq.queryString=x', '0xA0111002', /pq\.queryString/],
  ])('answers %s with a 400 that says what is wrong', async (_label, query, code, message) => {
    const response = await call(server, 'GET', `/api/certificates?${query}`, {
      credentials: server.credentials.auditor,
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ ErrorCode: code, Message: expect.stringMatching(message) });
  });

  it('needs credentials', async () => {
    expect((await call(server, 'GET', '/api/certificates')).status).toBe(401);
  });
});

describe('GET /api/certificates/{id}', () => {
  it('shows what the certificate holds, its chain, metadata, store and key', async () => {
    const detail = await read<CertificateDetail>('/api/certificates/7');
    const [row] = await server.dataSource.query<{ certificate_pem: string }[]>(
      'SELECT certificate_pem FROM certificates WHERE id = 7',
    );
    expect(detail).toMatchObject({
      id: 7,
      subjectAltNames: {
        dns: ['cherry.jdk.cms', 'cherrypi.local'],
        ip: ['192.168.41.171'],
        email: [],
        uri: [],
      },
      signatureAlgorithm: 'sha256WithRSAEncryption',
      extendedKeyUsages: ['serverAuth', 'clientAuth'],
      chain: [
        { subject: 'CN=jdk-CA1,DC=jdk,DC=cms', configName: CA1 },
        { subject: 'CN=jdk-Root,DC=jdk,DC=cms', configName: 'root.jdk.com\\jdk-Root' },
      ],
      metadata: {
        'Email-Contact': 'pi-admin@jdk.cms',
        AppOwner: 'Pi Fleet',
        Environment: 'Development',
      },
      locations: [
        {
          storeId: CHERRYSTORE,
          clientMachine: '192.168.41.171',
          storePath: '/home/pi/cherry/cherrystore',
          storeName: '192.168.41.171-/home/pi/cherry/cherrystore',
          alias: 'cherry',
          isTrustStore: false,
        },
      ],
      renewedFrom: null,
      renewedBy: [],
      revocation: null,
      hasPrivateKey: true,
      requestId: null,
      pem: row!.certificate_pem,
    });
    expect(detail.keyUsages).toContain('digitalSignature');
    expect(detail.crlDistributionPoints).toEqual([expect.stringMatching(/\/crl\/jdk-CA1\.crl$/)]);
    const x509 = new X509Certificate(detail.pem);
    expect(detail.thumbprint).toBe(x509.fingerprint.replace(/:/g, ''));
  });

  it.each([
    ['abc', 400, '0xA0111001'],
    ['0', 400, '0xA0111001'],
    ['7.5', 400, '0xA0111001'],
    ['99999999999', 400, '0xA0111001'],
    ['999', 404, '0xA0110202'],
  ])('answers the id %s with %i', async (id, status, code) => {
    const response = await call(server, 'GET', `/api/certificates/${id}`, {
      credentials: server.credentials.auditor,
    });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ ErrorCode: code });
  });
});

describe('GET /api/certificates/{id}/download', () => {
  const download = (query: string) =>
    fetch(`${server.baseUrl}/api/certificates/7/download${query}`, {
      headers: {
        authorization: `Basic ${Buffer.from(server.credentials.auditor).toString('base64')}`,
      },
    });

  it('sends the PEM by default, the DER as .cer, and the chain leaf first up to the root', async () => {
    const detail = await read<CertificateDetail>('/api/certificates/7');
    const pem = await download('');
    expect(pem.headers.get('content-type')).toBe('application/x-pem-file');
    expect(pem.headers.get('content-disposition')).toBe(
      'attachment; filename="cherry.jdk.cms.pem"',
    );
    expect(await pem.text()).toBe(detail.pem);

    const der = await download('?format=der');
    expect(der.headers.get('content-type')).toBe('application/pkix-cert');
    expect(der.headers.get('content-disposition')).toBe(
      'attachment; filename="cherry.jdk.cms.cer"',
    );
    expect(new X509Certificate(Buffer.from(await der.arrayBuffer())).fingerprint).toBe(
      new X509Certificate(detail.pem).fingerprint,
    );

    const chain = await download('?format=chain');
    expect(chain.headers.get('content-disposition')).toBe(
      'attachment; filename="cherry.jdk.cms-chain.pem"',
    );
    const blocks =
      (await chain.text()).match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n?/g) ??
      [];
    expect(blocks).toHaveLength(3);
    const [leaf, issuing, root] = blocks.map((block) => new X509Certificate(block));
    expect([leaf!.subject, issuing!.subject, root!.subject].map((s) => s.split('\n')[0])).toEqual([
      'C=US',
      'DC=cms',
      'DC=cms',
    ]);
    expect(leaf!.checkIssued(issuing!)).toBe(true);
    expect(issuing!.checkIssued(root!)).toBe(true);
    const verified = opensslVerify(blocks[0]!, blocks[2]!, blocks[1]!);
    expect(verified).toMatchObject({ ok: true });
  });

  it('refuses another format, and answers an unknown certificate with 404', async () => {
    const p7b = await download('?format=p7b');
    expect(p7b.status).toBe(400);
    expect(await p7b.json()).toMatchObject({
      ErrorCode: '0xA0111002',
      Message: expect.stringMatching(/format/),
    });
    expect(
      (
        await call(server, 'GET', '/api/certificates/999/download', {
          credentials: server.credentials.auditor,
        })
      ).status,
    ).toBe(404);
  });
});
