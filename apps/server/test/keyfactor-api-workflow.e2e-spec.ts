import { KeyfactorApiErrors } from '../src/modules/keyfactor-api/keyfactor-api.errors';
import { call } from './support/lab-server';
import { CHERRY_STORE, type Json, keyfactorClient, useLabServer } from './support/keyfactor-client';

/*
 * The Keyfactor API write surface over real HTTP: Enrollment/Renew (issue only), AvailableRenewal,
 * and the approval workflow for requests the classic Renew left PENDING. Every answer is checked
 * against the vendor's OpenAPI document, or the vendor's error body for a 4xx.
 */

const API_STORE = '0c5a1f3e-2b7d-4e8a-9f61-3d2c4b5a6e71';
const TIMESTAMP = '2025-01-02T03:04:05.123456Z';

const server = useLabServer();
/** Every call here also names API version 1. */
const kf = keyfactorClient(server, { headers: { 'x-keyfactor-api-version': '1' } });

const renew = (body: unknown, credentials?: string, query = '') =>
  kf('POST', `/KeyfactorAPI/Enrollment/Renew${query}`, { body, credentials });

async function jobsOfRequest(
  requestId: number,
): Promise<{ store_id: string; alias: string; status: string }[]> {
  return server().dataSource.query(
    'SELECT store_id, alias, status FROM orchestrator_jobs WHERE request_id = ? ORDER BY store_id',
    [requestId],
  );
}

async function countRows(table: 'orchestrator_jobs' | 'certificates'): Promise<number> {
  const [row] = await server().dataSource.query<{ count: number }[]>(
    `SELECT COUNT(*) AS count FROM ${table}`,
  );
  return Number(row?.count);
}

async function requestRow(
  requestId: number,
): Promise<{ status: string; certificate_id: number | null }> {
  const [row] = await server().dataSource.query<
    { status: string; certificate_id: number | null }[]
  >('SELECT status, certificate_id FROM certificate_requests WHERE id = ?', [requestId]);
  return row!;
}

/** A renewal of certificate 7 that needs a manager, through the classic call that remembers stores. */
async function pendingRenewal(): Promise<number> {
  const reply = await call(server(), 'POST', '/CMSApi/CertEnroll/3/Renew', {
    credentials: server().credentials.admin,
    body: {
      Lookup: { Type: 'CMSID', CMSID: 7 },
      Template: 'UserServerApproval',
      CertStores: [CHERRY_STORE, API_STORE],
    },
  });
  expect(reply.body).toMatchObject({ RequestDisposition: 'PENDING', Thumbprint: '' });
  return (reply.body as Json).CMSRequestId as number;
}

describe('POST /KeyfactorAPI/Enrollment/Renew', () => {
  it('renews by CertificateId: ISSUED, a new certificate, and no delivery job', async () => {
    const original = (await kf('GET', '/KeyfactorAPI/Certificates/5')).body as Json;
    const jobsBefore = await countRows('orchestrator_jobs');

    const reply = await renew(
      { CertificateId: 5, Timestamp: TIMESTAMP },
      server().credentials.enroller,
      '?collectionId=0',
    );

    expect(reply.status).toBe(200);
    const body = reply.body as Json;
    expect(body).toMatchObject({
      RequestDisposition: 'ISSUED',
      IssuerDN: original.IssuerDN,
      KeyfactorRequestId: expect.any(Number),
    });
    expect(body.KeyfactorId).toBeGreaterThan(13);
    expect(body.Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(body.Thumbprint).not.toBe(original.Thumbprint);
    const renewed = (await kf('GET', `/KeyfactorAPI/Certificates/${body.KeyfactorId as number}`))
      .body as Json;
    expect(renewed).toMatchObject({
      Thumbprint: body.Thumbprint,
      IssuedDN: original.IssuedDN,
      CertRequestId: body.KeyfactorRequestId,
      RequesterName: 'enroller',
    });
    expect(await countRows('orchestrator_jobs')).toBe(jobsBefore);
    expect(await jobsOfRequest(body.KeyfactorRequestId as number)).toEqual([]);
  });

  it('renews by Thumbprint onto another CA and template, with a classic no-zone Timestamp', async () => {
    const original = (await kf('GET', '/KeyfactorAPI/Certificates/4')).body as Json;
    const reply = await renew({
      thumbprint: (original.Thumbprint as string).toLowerCase(),
      template: 'WebServerECDSA',
      certificateAuthority: 'CA2.cherry.lab\\cherry-CA2-EC',
      timestamp: '2025-01-02T03:04:05',
    });

    expect(reply.body).toMatchObject({ RequestDisposition: 'ISSUED' });
    const renewed = (
      await kf('GET', `/KeyfactorAPI/Certificates/${(reply.body as Json).KeyfactorId as number}`)
    ).body as Json;
    expect(renewed).toMatchObject({
      KeyType: 3,
      KeyTypeString: 'ECC',
      KeySizeInBits: 256,
      IssuedCN: 'api.cherry.lab',
    });
    expect(renewed.IssuerDN).toContain('cherry Issuing CA2 EC');
  });

  it.each([
    ['no Timestamp', { CertificateId: 5 }],
    ['a Timestamp that is not a date-time', { CertificateId: 5, Timestamp: 'yesterday' }],
    [
      'both CertificateId and Thumbprint',
      { CertificateId: 5, Thumbprint: 'AB', Timestamp: TIMESTAMP },
    ],
    ['neither CertificateId nor Thumbprint', { Timestamp: TIMESTAMP }],
    ['an unknown property', { CertificateId: 5, Timestamp: TIMESTAMP, CertStores: [CHERRY_STORE] }],
  ])('refuses a body with %s', async (_case, body) => {
    const reply = await renew(body);

    expect(reply.status).toBe(400);
    expect((reply.body as Json).ErrorCode).toBe(KeyfactorApiErrors.codes.invalidRequest);
  });

  it('answers 404 for an unknown certificate and 400 for a collection certlab does not have', async () => {
    expect((await renew({ CertificateId: 999999, Timestamp: TIMESTAMP })).status).toBe(404);
    const collection = await renew(
      { CertificateId: 5, Timestamp: TIMESTAMP },
      undefined,
      '?collectionId=3',
    );
    expect(collection.status).toBe(400);
    expect((collection.body as Json).ErrorCode).toBe(KeyfactorApiErrors.codes.unknownCollection);
  });
});

describe('GET /KeyfactorAPI/Enrollment/AvailableRenewal', () => {
  it('offers one-click renewal for a lab certificate, by id and by thumbprint', async () => {
    const { Thumbprint } = (await kf('GET', '/KeyfactorAPI/Certificates/7')).body as Json;

    expect((await kf('GET', '/KeyfactorAPI/Enrollment/AvailableRenewal/Id/7')).body).toEqual({
      AvailableRenewalType: 2,
      Message: expect.any(String),
    });
    expect(
      (
        await kf(
          'GET',
          `/KeyfactorAPI/Enrollment/AvailableRenewal/Thumbprint/${Thumbprint as string}`,
        )
      ).body,
    ).toMatchObject({ AvailableRenewalType: 2 });
  });

  it('answers 404 for an unknown certificate and 400 for a malformed thumbprint', async () => {
    expect((await kf('GET', '/KeyfactorAPI/Enrollment/AvailableRenewal/Id/999999')).status).toBe(
      404,
    );
    expect(
      (await kf('GET', '/KeyfactorAPI/Enrollment/AvailableRenewal/Thumbprint/not-hex')).status,
    ).toBe(400);
  });
});

describe('permissions', () => {
  it('lets the auditor read requests but neither renew, approve nor deny', async () => {
    const auditor = server().credentials.auditor;

    expect(
      (await kf('GET', '/KeyfactorAPI/Workflow/Certificates/Pending', { credentials: auditor }))
        .status,
    ).toBe(200);
    expect((await renew({ CertificateId: 5, Timestamp: TIMESTAMP }, auditor)).status).toBe(403);
    expect(
      (
        await kf('POST', '/KeyfactorAPI/Workflow/Certificates/Approve', {
          credentials: auditor,
          body: [1],
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await kf('POST', '/KeyfactorAPI/Workflow/Certificates/Deny', {
          credentials: auditor,
          body: { CertificateRequestIds: [1] },
        })
      ).status,
    ).toBe(403);
  });

  it('does not let the enroller approve', async () => {
    expect(
      (
        await kf('POST', '/KeyfactorAPI/Workflow/Certificates/Approve', {
          credentials: server().credentials.enroller,
          body: [1],
        })
      ).status,
    ).toBe(403);
  });
});

describe('workflow: pending renewals', () => {
  it('Pending -> Approve issues the certificate and schedules one job per remembered store', async () => {
    const id = await pendingRenewal();
    expect(await jobsOfRequest(id)).toEqual([]);

    const pending = (await kf('GET', '/KeyfactorAPI/Workflow/Certificates/Pending')).body as Json[];
    expect(pending.find((request) => request.Id === id)).toMatchObject({
      CARequestId: String(id),
      CommonName: 'cherry.jdk.cms',
      CertificateAuthority: 'CA1.jdk.com\\jdk-CA1',
      Template: 'User and Server, manager approval required',
      Requester: 'admin',
      State: 5,
      StateString: 'Pending',
      Metadata: expect.objectContaining({ AppOwner: 'Pi Fleet' }),
    });
    const details = (await kf('GET', `/KeyfactorAPI/Workflow/Certificates/${id}`)).body as Json;
    expect(details).toMatchObject({ KeyLength: '2048', Curve: null, DenialComment: '' });
    expect(details.SANs).toEqual([
      'DNS Name=cherry.jdk.cms',
      'DNS Name=cherrypi.local',
      'IP Address=192.168.41.171',
    ]);
    expect(details.CertStores).toEqual([
      {
        EntryName: 'cherry',
        ClientMachine: '192.168.41.171',
        StorePath: '/home/pi/cherry/cherrystore',
      },
      { EntryName: '', ClientMachine: '192.168.41.171', StorePath: '/home/pi/cherry/api.pem' },
    ]);

    const approved = await kf('POST', '/KeyfactorAPI/Workflow/Certificates/Approve', {
      body: [id],
    });

    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({
      Successes: [
        {
          CARowId: id,
          CARequestId: String(id),
          CAHost: 'CA1.jdk.com',
          CALogicalName: 'jdk-CA1',
          KeyfactorRequestId: id,
          Comment: expect.any(String),
        },
      ],
      Failures: [],
      Denials: [],
    });
    const row = await requestRow(id);
    expect(row.status).toBe('ISSUED');
    const certificate = (await kf('GET', `/KeyfactorAPI/Certificates/${row.certificate_id}`))
      .body as Json;
    expect(certificate).toMatchObject({
      CertRequestId: id,
      IssuedCN: 'cherry.jdk.cms',
      TemplateName: 'User and Server, manager approval required',
    });
    expect(await jobsOfRequest(id)).toEqual([
      { store_id: API_STORE, alias: certificate.Thumbprint, status: 'Pending' },
      { store_id: CHERRY_STORE, alias: 'cherry', status: 'Pending' },
    ]);
    const scheduled = (await kf('GET', '/KeyfactorAPI/OrchestratorJobs/ScheduledJobs'))
      .body as Json[];
    // The approval's two jobs, beside the five that deploy the lab's seeded certificates.
    expect(scheduled.map((job) => job.Target).sort()).toEqual([
      '/etc/ssl/certs/intranet.pem',
      '/etc/ssl/certs/web01.pem',
      '/home/pi/cherry/api.pem',
      '/home/pi/cherry/api.pem',
      '/home/pi/cherry/cherrystore',
      '/home/pi/cherry/cherrystore',
      '/var/lib/pgsql/server.pem',
    ]);
    expect(
      ((await kf('GET', `/KeyfactorAPI/Workflow/Certificates/${id}`)).body as Json).State,
    ).toBe(1);
    expect(
      ((await kf('GET', '/KeyfactorAPI/Workflow/Certificates/Pending')).body as Json[]).map(
        (request) => request.Id,
      ),
    ).not.toContain(id);
  });

  it('Pending -> Deny records the denial: no certificate, no job', async () => {
    const id = await pendingRenewal();
    const certificatesBefore = await countRows('certificates');

    const denied = await kf('POST', '/KeyfactorAPI/Workflow/Certificates/Deny', {
      body: { Comment: 'Not this quarter.', CertificateRequestIds: [id] },
    });

    expect(denied.body).toEqual({
      Successes: [
        expect.objectContaining({ KeyfactorRequestId: id, Comment: 'Not this quarter.' }),
      ],
      Failures: [],
      Denials: [],
    });
    expect(await requestRow(id)).toEqual({ status: 'DENIED', certificate_id: null });
    expect(await countRows('certificates')).toBe(certificatesBefore);
    expect(await jobsOfRequest(id)).toEqual([]);
    const list = (await kf('GET', '/KeyfactorAPI/Workflow/Certificates/Denied')).body as Json[];
    expect(list.find((request) => request.Id === id)).toMatchObject({
      State: 3,
      StateString: 'Denied',
    });
    expect((await kf('GET', `/KeyfactorAPI/Workflow/Certificates/${id}`)).body).toMatchObject({
      DenialComment: 'Not this quarter.',
    });
  });

  it('reports requests that cannot be approved as Failures, one by one', async () => {
    const id = await pendingRenewal();
    await kf('POST', '/KeyfactorAPI/Workflow/Certificates/Deny', {
      body: { CertificateRequestIds: [id] },
    });

    const reply = await kf('POST', '/KeyfactorAPI/Workflow/Certificates/Approve', {
      body: [id, 999999],
    });

    expect((reply.body as Json).Successes).toEqual([]);
    expect((reply.body as Json).Failures).toEqual([
      expect.objectContaining({
        KeyfactorRequestId: id,
        CAHost: 'CA1.jdk.com',
        Comment: expect.stringContaining('DENIED'),
      }),
      expect.objectContaining({
        KeyfactorRequestId: 999999,
        CAHost: '',
        Comment: expect.stringContaining('not found'),
      }),
    ]);
  });

  it.each([
    ['Approve', {}],
    ['Approve', []],
    ['Approve', ['12']],
    ['Deny', { Comment: 'no ids' }],
    ['Deny', [1]],
  ])('refuses a malformed %s body %j with 400', async (action, body) => {
    const reply = await kf('POST', `/KeyfactorAPI/Workflow/Certificates/${action}`, { body });

    expect(reply.status).toBe(400);
    expect((reply.body as Json).ErrorCode).toBe(KeyfactorApiErrors.codes.invalidRequest);
  });

  it('answers 404 for an unknown request and 400 for a malformed id', async () => {
    expect((await kf('GET', '/KeyfactorAPI/Workflow/Certificates/999999')).status).toBe(404);
    expect((await kf('GET', '/KeyfactorAPI/Workflow/Certificates/x1')).status).toBe(400);
  });
});
