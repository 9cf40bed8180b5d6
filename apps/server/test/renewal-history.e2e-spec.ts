import {
  type CertificateDiff,
  type CmsRenewResponse,
  type ManagementJobConfiguration,
  type PollResponse,
  type RegisterResponse,
  type RenewalTimeline,
} from '@certlab/contracts';
import { ApiErrors } from '../src/common/api/api-errors';
import { RenewalHistoryErrors } from '../src/modules/renewal-history/renewal-history.errors';
import { call, type LabServer, startLabServer } from './support/lab-server';

/*
 * The renewal timeline and the old-vs-new diff over real HTTP, after the real thing happened: a
 * renewal through the classic API, its delivery job claimed and completed as an agent does it
 * (test/agent-api.e2e-spec.ts), and the old certificate revoked through the Keyfactor API.
 */

const CHERRY = '192.168.41.171';
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';
const API_STORE = '0c5a1f3e-2b7d-4e8a-9f61-3d2c4b5a6e71';

let server: LabServer;
let cherry: RegisterResponse['Session'];
beforeAll(async () => {
  server = await startLabServer();
  const registered = await agentCall('Session/Register', {
    ClientMachine: CHERRY,
    AgentVersion: '0.1.0',
    Capabilities: ['CertStores.RFPEM.Management'],
  });
  cherry = (registered.body as RegisterResponse).Session;
});
afterAll(async () => {
  await server.close({ remove: true });
});

const agentCall = (path: string, body: unknown) =>
  call(server, 'POST', `/KeyfactorAgents/${path}`, { credentials: server.credentials.agent, body });
/** As the auditor, unless told otherwise; `null`: no credentials at all. */
const read = (path: string, credentials: string | null = server.credentials.auditor) =>
  call(server, 'GET', path, { credentials: credentials ?? undefined });

/** A renewal through the classic API; returns the new certificate's id and its request id. */
async function renew(
  body: Record<string, unknown>,
): Promise<{ certificateId: number; requestId: number }> {
  const reply = await call(server, 'POST', '/CMSApi/CertEnroll/3/Renew', {
    credentials: server.credentials.enroller,
    body,
  });
  expect(reply.status).toBe(200);
  const { Thumbprint, CMSRequestId } = reply.body as CmsRenewResponse;
  if (!Thumbprint) return { certificateId: 0, requestId: CMSRequestId };
  const [row] = await server.dataSource.query<{ id: number; request_id: number }[]>(
    'SELECT id, request_id FROM certificates WHERE thumbprint = ?',
    [Thumbprint],
  );
  return { certificateId: row!.id, requestId: row!.request_id };
}

/** Claims the certificate's delivery job and reports the result, as the agent on the machine does. */
async function deliver(certificateId: number, status: 2 | 4, message: string): Promise<string> {
  const [job] = await server.dataSource.query<{ id: string }[]>(
    'SELECT id FROM orchestrator_jobs WHERE certificate_id = ?',
    [certificateId],
  );
  const polled = (await agentCall('Jobs/Poll', { SessionToken: cherry.Token, WaitSeconds: 0 }))
    .body as PollResponse;
  expect(polled.Jobs.map((reference) => reference.JobId)).toContain(job!.id);
  const configuration = await agentCall('Management/Configuration', {
    SessionToken: cherry.Token,
    JobId: job!.id,
  });
  expect((configuration.body as ManagementJobConfiguration).JobCertificate.Alias).toBeDefined();
  const completed = await agentCall('Management/Complete', {
    SessionToken: cherry.Token,
    JobId: job!.id,
    Status: status,
    Message: message,
  });
  expect(completed.status).toBe(200);
  return job!.id;
}

async function timeline(path: string): Promise<RenewalTimeline> {
  const reply = await read(path);
  expect(reply.status).toBe(200);
  return reply.body as RenewalTimeline;
}

function expectInTimeOrder(steps: RenewalTimeline['steps']): void {
  const times = steps.map((step) => Date.parse(step.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
}

describe('GET /api/renewals/{requestId}/timeline', () => {
  it('lists every step of a renewal in order, with its actor: requested, issued, queued, claimed, written and verified, old revoked', async () => {
    const { certificateId, requestId } = await renew({
      Lookup: { Type: 'CMSID', CMSID: 7 },
      CertStores: [CHERRYSTORE],
    });
    const message = `Site /home/pi/cherry/cherrystore on server ${CHERRY}: certificate added and verified`;
    const jobId = await deliver(certificateId, 2, message);
    const revoked = await call(server, 'POST', '/KeyfactorAPI/Certificates/Revoke', {
      credentials: server.credentials.admin,
      headers: { 'x-keyfactor-requested-with': 'APIClient' },
      body: { CertificateIds: [7], Reason: 4, Comment: 'replaced by the renewal' },
    });
    expect(revoked.body).toEqual({ RevokedIds: [7], SuspendedCerts: [] });

    const result = await timeline(`/api/renewals/${requestId}/timeline`);

    expect(result).toMatchObject({
      requestId,
      status: 'ISSUED',
      requester: 'enroller',
      renewalOf: { id: 7 },
      certificate: { id: certificateId },
    });
    const job = {
      id: jobId,
      storeId: CHERRYSTORE,
      clientMachine: CHERRY,
      storePath: '/home/pi/cherry/cherrystore',
      alias: 'cherry',
    };
    expect(result.steps).toEqual([
      expect.objectContaining({ step: 'requested', actor: 'enroller' }),
      expect.objectContaining({ step: 'issued', actor: 'enroller', certificateId }),
      expect.objectContaining({ step: 'job-queued', actor: 'enroller', job }),
      expect.objectContaining({ step: 'job-claimed', actor: `agent ${CHERRY}`, job, attempt: 1 }),
      expect.objectContaining({
        step: 'job-completed',
        actor: `agent ${CHERRY}`,
        job,
        outcome: 'Succeeded',
        message,
      }),
      expect.objectContaining({
        step: 'old-certificate-revoked',
        actor: 'admin',
        certificateId: 7,
        reason: 'superseded',
        comment: 'replaced by the renewal',
        effectiveDate: expect.any(String) as unknown,
      }),
    ]);
    expectInTimeOrder(result.steps);
    for (const step of result.steps) expect(step.summary).toEqual(expect.any(String));

    // The certificate's own timeline is the renewal that produced it.
    expect(await timeline(`/api/certificates/${certificateId}/timeline`)).toEqual(result);
  });

  it('shows the manager’s approval, and a failed delivery as failed', async () => {
    const { requestId } = await renew({
      Lookup: { Type: 'CMSID', CMSID: 4 },
      Template: 'UserServerApproval',
      CertStores: [API_STORE],
    });
    const pending = await timeline(`/api/renewals/${requestId}/timeline`);
    expect(pending.status).toBe('PENDING');
    expect(pending.steps.map((step) => step.step)).toEqual(['requested']);

    const approved = await call(server, 'POST', '/KeyfactorAPI/Workflow/Certificates/Approve', {
      credentials: server.credentials.admin,
      headers: { 'x-keyfactor-requested-with': 'APIClient' },
      body: [requestId],
    });
    expect(approved.status).toBe(200);
    const [request] = await server.dataSource.query<{ certificate_id: number }[]>(
      'SELECT certificate_id FROM certificate_requests WHERE id = ?',
      [requestId],
    );
    await deliver(request!.certificate_id, 4, 'Permission denied writing /home/pi/cherry/api.pem');

    const result = await timeline(`/api/renewals/${requestId}/timeline`);

    expect(result.steps.map((step) => [step.step, step.actor])).toEqual([
      ['requested', 'enroller'],
      ['approved', 'admin'],
      ['issued', 'admin'],
      ['job-queued', 'admin'],
      ['job-claimed', `agent ${CHERRY}`],
      ['job-completed', `agent ${CHERRY}`],
    ]);
    expect(result.steps.at(-1)).toMatchObject({
      outcome: 'Failed',
      message: 'Permission denied writing /home/pi/cherry/api.pem',
      summary: expect.stringContaining('failed') as unknown,
    });
    expectInTimeOrder(result.steps);
  });
});

describe('GET /api/certificates/{id}/diff', () => {
  it('shows a migration onto the ECDSA CA: key algorithm and size, signature, issuer, chain, EKUs, validity, CDP', async () => {
    const { certificateId } = await renew({
      Lookup: { Type: 'CMSID', CMSID: 1 },
      Template: 'WebServerECDSA',
      CAConfiguration: 'CA2.cherry.lab\\cherry-CA2-EC',
    });

    const reply = await read(`/api/certificates/${certificateId}/diff`);

    expect(reply.status).toBe(200);
    const diff = reply.body as CertificateDiff;
    expect(diff.with.id).toBe(1);
    expect(diff.certificate.id).toBe(certificateId);
    expect(diff.fields.keyAlgorithm).toEqual({ old: 'RSA', new: 'ECDSA', changed: true });
    expect(diff.fields.keySize).toEqual({ old: 2048, new: 256, changed: true });
    expect(diff.fields.signatureAlgorithm).toEqual({
      old: 'sha256WithRSAEncryption',
      new: 'ecdsa-with-SHA384',
      changed: true,
    });
    expect(diff.fields.issuer).toEqual({
      old: 'CN=jdk-CA1,DC=jdk,DC=cms',
      new: 'CN=cherry Issuing CA2 EC,O=Cherry Lab,C=US',
      changed: true,
    });
    expect(diff.fields.chain).toEqual({
      old: ['CN=jdk-CA1,DC=jdk,DC=cms', 'CN=jdk-Root,DC=jdk,DC=cms'],
      new: ['CN=cherry Issuing CA2 EC,O=Cherry Lab,C=US', 'CN=cherry Root EC,O=Cherry Lab,C=US'],
      changed: true,
    });
    expect(diff.fields.extendedKeyUsages).toEqual({
      old: ['serverAuth', 'clientAuth'],
      new: ['serverAuth'],
      changed: true,
    });
    expect(diff.fields.validityDays).toEqual({ old: 300, new: 180, changed: true });
    expect(diff.fields.subjectAltNames).toEqual({
      old: ['DNS:www.jdk.cms', 'DNS:jdk.cms'],
      new: ['DNS:www.jdk.cms', 'DNS:jdk.cms'],
      changed: false,
    });
    expect(diff.fields.subject.changed).toBe(false);
    expect(diff.fields.crlDistributionPoints).toEqual({
      old: ['http://127.0.0.1:8080/crl/jdk-CA1.crl'],
      new: ['http://127.0.0.1:8080/crl/cherry-CA2-EC.crl'],
      changed: true,
    });
    expect(diff.changed).toEqual([
      'issuer',
      'keyAlgorithm',
      'keySize',
      'signatureAlgorithm',
      'extendedKeyUsages',
      'notBefore',
      'notAfter',
      'validityDays',
      'chain',
      'crlDistributionPoints',
    ]);

    // ?with= compares with any other certificate; the same one means nothing changed.
    const same = (await read(`/api/certificates/${certificateId}/diff?with=${certificateId}`))
      .body as CertificateDiff;
    expect(same.changed).toEqual([]);
  });
});

describe('renewal history: refusals in the error format', () => {
  it.each<[string, number, string]>([
    ['/api/renewals/999999/timeline', 404, RenewalHistoryErrors.codes.notFound],
    ['/api/certificates/999999/timeline', 404, RenewalHistoryErrors.codes.notFound],
    ['/api/certificates/3/timeline', 404, RenewalHistoryErrors.codes.noRenewal],
    ['/api/certificates/999999/diff', 404, RenewalHistoryErrors.codes.notFound],
    ['/api/certificates/3/diff?with=999999', 404, RenewalHistoryErrors.codes.notFound],
    ['/api/certificates/3/diff', 400, RenewalHistoryErrors.codes.nothingToCompare],
    ['/api/renewals/abc/timeline', 400, ApiErrors.codes.malformedId],
    ['/api/certificates/0/timeline', 400, ApiErrors.codes.malformedId],
    ['/api/certificates/1.5/diff', 400, ApiErrors.codes.malformedId],
    ['/api/certificates/3/diff?with=x', 400, ApiErrors.codes.malformedId],
    ['/api/certificates/3/diff?with=1&with=2', 400, ApiErrors.codes.malformedId],
    ['/api/certificates/99999999999/diff', 400, ApiErrors.codes.malformedId],
  ])('GET %s is a %i', async (path, status, code) => {
    const reply = await read(path);

    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ ErrorCode: code, Message: expect.any(String) });
  });

  it('needs credentials (401) and the read permission (403 for the agent role)', async () => {
    expect((await read('/api/certificates/1/diff?with=2', null)).status).toBe(401);
    expect((await read('/api/renewals/1/timeline', server.credentials.agent)).status).toBe(403);
  });
});
