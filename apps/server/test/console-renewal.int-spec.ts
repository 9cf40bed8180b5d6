import { X509Certificate } from 'node:crypto';
import {
  type CertificateDetail,
  type JobView,
  type Page,
  type RenewResult,
  type RequestDecision,
  type RequestView,
  type RevokeResult,
} from '@certlab/contracts';
import { readCertificate } from '@certlab/pki';
import { CertificateAuthorityEntity } from '../src/modules/authorities/certificate-authority.entity';
import { CertificatesService } from '../src/modules/certificates/certificates.service';
import { consoleClient, refusalCheck } from './support/console-checks';
import { type LabServer, startLabServer } from './support/lab-server';
import { caChain, opensslVerify } from './support/pki-checks';

/*
 * The console's actions on certificates and requests on the default lab: renew (RenewalService,
 * as the vendor's example: CMSID 7 into the cherrystore), the approval workflow, revocation.
 * Every refused call is shown to write nothing.
 */

const CA1 = 'CA1.jdk.com\\jdk-CA1';
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';
const UNKNOWN_STORE = '00000000-0000-4000-8000-000000000000';

let server: LabServer;
const api = consoleClient(() => server);
beforeAll(async () => {
  server = await startLabServer();
});
afterAll(async () => {
  await server.close({ remove: true });
});

const refused = refusalCheck(() => server);

describe('POST /api/certificates/{id}/renew', () => {
  it('renews CMSID 7 into the cherrystore as the enroller, and the certificate is real', async () => {
    const result = await api<RenewResult>('POST', '/api/certificates/7/renew', {
      as: 'enroller',
      body: {
        template: 'UserServer',
        caConfiguration: CA1,
        storeIds: [CHERRYSTORE],
        metadata: { 'Email-Contact': 'a.b@example.com' },
      },
    });
    expect(result).toMatchObject({
      disposition: 'ISSUED',
      certificate: { commonName: 'cherry.jdk.cms', state: 'valid' },
      deliveries: [
        { storeId: CHERRYSTORE, storeName: '192.168.41.171-/home/pi/cherry/cherrystore' },
      ],
    });
    const newId = result.certificate!.id;
    const [ca1, root] = await caChain(server.dataSource, CA1);
    const detail = await api<CertificateDetail>('GET', `/api/certificates/${newId}`, {
      as: 'auditor',
    });
    expect(opensslVerify(detail.pem, root!.certificate_pem, ca1!.certificate_pem)).toMatchObject({
      ok: true,
    });
    const x509 = new X509Certificate(detail.pem);
    expect(x509.serialNumber.replace(/^0+/, '')).toBe(result.certificate!.serialNumber);
    expect(x509.subjectAltName).toContain('DNS:cherrypi.local');
    expect(detail).toMatchObject({
      renewedFrom: { id: 7 },
      requestId: result.requestId,
      metadata: { 'Email-Contact': 'a.b@example.com', AppOwner: 'Pi Fleet' },
      hasPrivateKey: true,
    });

    // The job is the one the renewal scheduled, and the old certificate knows its successor.
    const jobs = await api<Page<JobView>>('GET', `/api/jobs?requestId=${result.requestId}`);
    expect(jobs.items.map((job) => job.id)).toEqual([result.deliveries[0]!.jobId]);
    expect(jobs.items[0]).toMatchObject({
      operation: 'Add',
      status: 'Pending',
      alias: 'cherry',
      requestedBy: 'enroller',
    });
    const old = await api<CertificateDetail>('GET', '/api/certificates/7');
    expect(old.renewedById).toBe(newId);
    expect(old.renewedBy.map((ref) => ref.id)).toEqual([newId]);
  });

  it('renews with the original template and CA and no stores when the body is empty', async () => {
    const result = await api<RenewResult>('POST', '/api/certificates/8/renew', { body: {} });
    expect(result).toMatchObject({ disposition: 'ISSUED', deliveries: [] });
    expect(result.message).toMatch(/Renewed as certificate \d+/);
  });

  it.each([
    ['an unknown certificate', '/api/certificates/999/renew', {}, 404, '0xA0110202'],
    ['a malformed id', '/api/certificates/x7/renew', {}, 400, '0xA0111001'],
    ['an unknown template', '/api/certificates/7/renew', { template: 'Nope' }, 400, '0xA0110301'],
    [
      'a template the CA does not offer',
      '/api/certificates/7/renew',
      { template: 'WebServerECDSA', caConfiguration: CA1 },
      400,
      '0xA0110302',
    ],
    ['an unknown CA', '/api/certificates/7/renew', { caConfiguration: 'a\\b' }, 400, '0xA0110402'],
    [
      'an unknown store',
      '/api/certificates/7/renew',
      { storeIds: [UNKNOWN_STORE] },
      400,
      '0xA0110602',
    ],
    [
      'a store id that is no GUID',
      '/api/certificates/7/renew',
      { storeIds: ['cherry'] },
      400,
      '0xA0111003',
    ],
    [
      'invalid metadata',
      '/api/certificates/7/renew',
      { metadata: { AppOwner: '1' } },
      400,
      '0xA0110501',
    ],
    [
      'an unknown metadata field',
      '/api/certificates/7/renew',
      { metadata: { Nope: 'x' } },
      400,
      '0xA0110501',
    ],
    [
      'an unknown property',
      '/api/certificates/7/renew',
      { Templat: 'UserServer' },
      400,
      '0xA0111003',
    ],
  ])('refuses %s and writes nothing', async (_label, path, body, status, code) => {
    await refused('POST', path, body, status, code, 'enroller');
  });

  it('refuses the auditor', async () => {
    await refused('POST', '/api/certificates/7/renew', {}, 403, '0xA0110102', 'auditor');
  });

  it('refuses to renew a CA certificate as a leaf, whichever API asks', async () => {
    // A root as trust first records it in the lab: a certificate row without CA or template.
    const root = await server.dataSource
      .getRepository(CertificateAuthorityEntity)
      .findOneByOrFail({ configName: 'root.cherry.lab\\cherry-Root-EC' });
    const recorded = await server.dataSource.transaction((manager) =>
      server.app.get(CertificatesService).record(manager, {
        certificate: readCertificate(root.certificatePem),
        encryptedPrivateKey: null,
        authorityId: null,
        templateId: null,
        requestId: null,
        renewedFromId: null,
        metadata: {},
        createdAt: new Date(),
      }),
    );
    const message = await refused(
      'POST',
      `/api/certificates/${recorded.id}/renew`,
      { template: 'UserServer', caConfiguration: CA1, storeIds: [CHERRYSTORE] },
      400,
      '0xA0110802',
      'enroller',
    );
    expect(message).toMatch(/is a CA certificate/);
    await refused(
      'POST',
      '/CMSApi/CertEnroll/3/Renew',
      {
        Lookup: { Type: 'CMSID', CMSID: recorded.id },
        Template: 'UserServer',
        CAConfiguration: CA1,
      },
      400,
      '0xA0110802',
      'enroller',
    );
  });
});

describe('the approval workflow', () => {
  let pending: RenewResult;

  it('leaves a renewal with an approval template pending, listed newest first', async () => {
    pending = await api<RenewResult>('POST', '/api/certificates/1/renew', {
      as: 'enroller',
      body: { template: 'UserServerApproval', storeIds: ['9e7d5c3b-1a2f-4b6e-8d0c-7f5e3a1b9c24'] },
    });
    expect(pending).toMatchObject({ disposition: 'PENDING', certificate: null, deliveries: [] });
    const list = await api<Page<RequestView>>('GET', '/api/requests?status=PENDING', {
      as: 'auditor',
    });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      id: pending.requestId,
      status: 'PENDING',
      requester: 'enroller',
      template: { shortName: 'UserServerApproval' },
      authority: { configName: CA1 },
      renewalOf: { id: 1, commonName: 'www.jdk.cms' },
      certificateId: null,
      stores: [
        {
          id: '9e7d5c3b-1a2f-4b6e-8d0c-7f5e3a1b9c24',
          name: 'web01.jdk.cms-/etc/ssl/certs/web01.pem',
        },
      ],
    });
    const all = await api<Page<RequestView>>('GET', '/api/requests?limit=2');
    expect(all.items.map((request) => request.id)).toEqual([
      pending.requestId,
      pending.requestId - 1,
    ]);
    expect(all.total).toBe(3);
    await refused('GET', '/api/requests?status=WAITING', undefined, 400, '0xA0111002');
  });

  it('refuses the enroller and the auditor, then approves as the admin', async () => {
    const path = `/api/requests/${pending.requestId}/approve`;
    await refused('POST', path, undefined, 403, '0xA0110102', 'enroller');
    await refused('POST', path, undefined, 403, '0xA0110102', 'auditor');
    const decision = await api<RequestDecision>('POST', path);
    expect(decision).toMatchObject({
      request: { id: pending.requestId, status: 'ISSUED', resolvedBy: 'admin' },
      certificate: { commonName: 'www.jdk.cms' },
      deliveries: [{ storeName: 'web01.jdk.cms-/etc/ssl/certs/web01.pem' }],
    });
    expect(decision.request.certificateId).toBe(decision.certificate!.id);
    const [ca1, root] = await caChain(server.dataSource, CA1);
    const issued = await api<CertificateDetail>(
      'GET',
      `/api/certificates/${decision.certificate!.id}`,
    );
    expect(opensslVerify(issued.pem, root!.certificate_pem, ca1!.certificate_pem).ok).toBe(true);
    // Approving it again is the workflow's own refusal, not a 200.
    expect(await refused('POST', path, undefined, 400, '0xA0110702')).toMatch(
      /ISSUED, not PENDING/,
    );
  });

  it('denies with a comment, and refuses a denial without one', async () => {
    const second = await api<RenewResult>('POST', '/api/certificates/4/renew', {
      as: 'enroller',
      body: { template: 'UserServerApproval' },
    });
    const path = `/api/requests/${second.requestId}/deny`;
    expect(await refused('POST', path, {}, 400, '0xA0111003')).toMatch(/comment is required/);
    await refused('POST', path, { comment: 'no' }, 403, '0xA0110102', 'enroller');
    const decision = await api<RequestDecision>('POST', path, {
      body: { comment: 'Not this quarter.' },
    });
    expect(decision).toMatchObject({
      request: { status: 'DENIED', comment: 'Not this quarter.', resolvedBy: 'admin' },
      certificate: null,
      deliveries: [],
    });
    await refused(
      'POST',
      `/api/requests/${second.requestId}/approve`,
      undefined,
      400,
      '0xA0110702',
    );
    await refused('POST', '/api/requests/999/approve', undefined, 404, '0xA0110701');
    await refused('POST', '/api/requests/999/deny', { comment: 'x' }, 404, '0xA0110701');
    await refused('POST', '/api/requests/abc/deny', { comment: 'x' }, 400, '0xA0111001');
  });
});

describe('POST /api/certificates/{id}/revoke', () => {
  it('revokes as the admin with an RFC 5280 reason; the CRL lists it', async () => {
    await refused(
      'POST',
      '/api/certificates/13/revoke',
      { reason: 1 },
      403,
      '0xA0110102',
      'enroller',
    );
    const result = await api<RevokeResult>('POST', '/api/certificates/13/revoke', {
      body: { reason: 1, comment: 'Key left on a laptop.' },
    });
    expect(result).toMatchObject({
      certificateId: 13,
      revoked: true,
      revocation: { reason: 'keyCompromise' },
    });
    const again = await api<RevokeResult>('POST', '/api/certificates/13/revoke', {
      body: { reason: 4 },
    });
    expect(again).toMatchObject({ revoked: false, revocation: result.revocation });
    const detail = await api<CertificateDetail>('GET', '/api/certificates/13');
    expect(detail).toMatchObject({ state: 'revoked', revocation: result.revocation });
    const crl = await fetch(`${server.baseUrl}/crl/jdk-CA1.crl`);
    expect(crl.status).toBe(200);
    const [event] = await server.dataSource.query<{ details: string }[]>(
      "SELECT details FROM audit_events WHERE action = 'certificate.revoked' AND subject_id = '13'",
    );
    expect(JSON.parse(event!.details)).toMatchObject({
      reason: 'keyCompromise',
      comment: 'Key left on a laptop.',
    });
  });

  it.each([
    ['no reason', '/api/certificates/12/revoke', {}, 400, '0xA0111003'],
    [
      'a reason people may not pick',
      '/api/certificates/12/revoke',
      { reason: 8 },
      400,
      '0xA0111003',
    ],
    ['an unknown certificate', '/api/certificates/999/revoke', { reason: 0 }, 404, '0xA0110202'],
    ['a malformed id', '/api/certificates/-1/revoke', { reason: 0 }, 400, '0xA0111001'],
  ])('refuses %s and writes nothing', async (_label, path, body, status, code) => {
    await refused('POST', path, body, status, code);
  });
});
