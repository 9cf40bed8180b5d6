import { X509Certificate } from 'node:crypto';
import {
  type AlertPreviewView,
  type AlertRunView,
  type AlertScheduleView,
  type AlertView,
  type CollectionView,
  type NotificationView,
  type Page,
} from '@certlab/contracts';
import { consoleClient, rowCounts, refusalCheck } from './support/console-checks';
import { call, type LabServer, startLabServer } from './support/lab-server';
import { caChain, opensslVerify } from './support/pki-checks';

/*
 * Collections and expiration alerts from the console (`/api`, camelCase) on the default lab: CRUD
 * through the one alerts service, the schedule, a preview that changes nothing, and a real run
 * whose renewals are checked with OpenSSL.
 */

const CA1 = 'CA1.jdk.com\\jdk-CA1';

let server: LabServer;
const api = consoleClient(() => server);
beforeAll(async () => {
  server = await startLabServer({ env: { CERTLAB_ALERT_TICK_SECONDS: '0' } });
});
afterAll(async () => {
  await server.close({ remove: true });
});

const refused = refusalCheck(() => server);

let jdk: CollectionView;

describe('collections', () => {
  it('creates and lists saved queries (admin)', async () => {
    expect(await api<CollectionView[]>('GET', '/api/collections', { as: 'auditor' })).toEqual([]);
    jdk = await api<CollectionView>('POST', '/api/collections', {
      body: { name: 'JDK hosts', query: 'CN -contains "jdk"' },
      status: 201,
    });
    expect(jdk).toMatchObject({
      id: 1,
      name: 'JDK hosts',
      description: '',
      query: 'CN -contains "jdk"',
    });
    expect(await api<CollectionView[]>('GET', '/api/collections', { as: 'auditor' })).toEqual([
      jdk,
    ]);
  });

  it('refuses a bad query with the parser message, a duplicate, a bad body and an auditor', async () => {
    expect(
      await refused('POST', '/api/collections', { name: 'x', query: 'CN -eq' }, 400, '0xA0110D02'),
    ).toMatch(/Position \d+: /);
    await refused('POST', '/api/collections', { name: 'jdk HOSTS' }, 400, '0xA0110D03');
    expect(
      await refused('POST', '/api/collections', { name: 'x', Query: '' }, 400, '0xA0111003'),
    ).toMatch(/Query/);
    await refused('POST', '/api/collections', { name: '' }, 400, '0xA0111003');
    await refused('POST', '/api/collections', { name: 'y' }, 403, '0xA0110102', 'auditor');
  });
});

describe('expiration alerts', () => {
  const input = {
    displayName: 'JDK expiring',
    subject: 'Expiring: {cn}',
    message: '{cn} expires on {certnotafterdate}',
    warningDays: 30,
    collectionId: 1,
    recipients: ['{certemail}'],
    renewal: { enabled: true },
  };
  let alert: AlertView;

  it('creates, reads, updates and deletes through the one alerts service', async () => {
    alert = await api<AlertView>('POST', '/api/alerts/expiration', { body: input, status: 201 });
    expect(alert).toMatchObject({
      displayName: 'JDK expiring',
      warningDays: 30,
      collection: { id: 1, name: 'JDK hosts', query: 'CN -contains "jdk"' },
      recipients: ['{certemail}'],
      renewal: { enabled: true, template: null, caConfiguration: null },
    });
    expect(await api('GET', `/api/alerts/expiration/${alert.id}`, { as: 'auditor' })).toEqual(
      alert,
    );
    const updated = await api<AlertView>('PUT', `/api/alerts/expiration/${alert.id}`, {
      body: { ...input, warningDays: 45, renewal: { enabled: false, template: 'UserServer' } },
    });
    expect(updated).toMatchObject({
      warningDays: 45,
      renewal: { enabled: false, template: 'UserServer', caConfiguration: null },
    });
    // The Keyfactor dialect sees the same alert.
    const keyfactor = await call(server, 'GET', `/KeyfactorAPI/Alerts/Expiration/${alert.id}`, {
      credentials: server.credentials.auditor,
      headers: { 'x-keyfactor-requested-with': 'APIClient' },
    });
    expect(keyfactor.body).toMatchObject({
      ExpirationWarningDays: 45,
      RegisteredEventHandler: { Id: 1, UseHandler: false },
      EventHandlerParameters: [{ Key: 'Template', DefaultValue: 'UserServer' }],
    });
    alert = await api<AlertView>('PUT', `/api/alerts/expiration/${alert.id}`, { body: input });
    expect(await api<AlertView[]>('GET', '/api/alerts/expiration', { as: 'auditor' })).toEqual([
      alert,
    ]);

    const doomed = await api<AlertView>('POST', '/api/alerts/expiration', {
      body: { ...input, displayName: 'doomed' },
      status: 201,
    });
    const deleted = await call(server, 'DELETE', `/api/alerts/expiration/${doomed.id}`, {
      credentials: server.credentials.admin,
    });
    expect(deleted.status).toBe(204);
    await refused('GET', `/api/alerts/expiration/${doomed.id}`, undefined, 404, '0xA0110D15');
  });

  it.each([
    ['an unknown collection', { ...input, collectionId: 99 }, 400, '0xA0110D11'],
    [
      'an unknown template',
      { ...input, renewal: { enabled: true, template: 'Nope' } },
      400,
      '0xA0110301',
    ],
    [
      'a template the CA does not offer',
      { ...input, renewal: { enabled: true, template: 'WebServerECDSA', caConfiguration: CA1 } },
      400,
      '0xA0110302',
    ],
    ['a missing warningDays', { ...input, warningDays: undefined }, 400, '0xA0111003'],
    ['an unknown property', { ...input, handler: 1 }, 400, '0xA0111003'],
  ])('refuses %s and writes nothing', async (_label, body, status, code) => {
    await refused('POST', '/api/alerts/expiration', body, status, code);
    await refused('PUT', `/api/alerts/expiration/${alert.id}`, body, status, code);
  });

  it('answers malformed and unknown ids, and refuses writes to the auditor', async () => {
    await refused('GET', '/api/alerts/expiration/abc', undefined, 400, '0xA0111001');
    await refused('GET', '/api/alerts/expiration/0', undefined, 400, '0xA0111001');
    await refused('GET', '/api/alerts/expiration/99', undefined, 404, '0xA0110D15');
    await refused('DELETE', '/api/alerts/expiration/99', undefined, 404, '0xA0110D15');
    await refused('GET', '/api/alerts/expiration/abc/runs', undefined, 400, '0xA0111001');
    await refused('GET', '/api/alerts/runs/x', undefined, 400, '0xA0111001');
    await refused('POST', '/api/alerts/expiration', input, 403, '0xA0110102', 'auditor');
    await refused(
      'DELETE',
      `/api/alerts/expiration/${alert.id}`,
      undefined,
      403,
      '0xA0110102',
      'enroller',
    );
  });

  it('reads and sets the one schedule; null switches it off, {} is refused', async () => {
    expect(await api<AlertScheduleView>('GET', '/api/alerts/expiration/schedule')).toEqual({
      schedule: null,
      setAt: null,
      lastRunAt: null,
    });
    const daily = await api<AlertScheduleView>('PUT', '/api/alerts/expiration/schedule', {
      body: { schedule: { kind: 'daily', time: '2026-01-01T09:30:00+02:00' } },
    });
    expect(daily.schedule).toEqual({ kind: 'daily', time: '2026-01-01T07:30:00.000Z' });
    expect(daily.setAt).not.toBeNull();
    const weekly = await api<AlertScheduleView>('PUT', '/api/alerts/expiration/schedule', {
      body: { schedule: { kind: 'weekly', days: [5, 1, 5], time: '2026-01-01T06:00:00Z' } },
    });
    expect(weekly.schedule).toEqual({
      kind: 'weekly',
      days: [1, 5],
      time: '2026-01-01T06:00:00.000Z',
    });
    expect(await api('GET', '/api/alerts/expiration/schedule', { as: 'auditor' })).toEqual(weekly);
    expect(await refused('PUT', '/api/alerts/expiration/schedule', {}, 400, '0xA0111003')).toMatch(
      /schedule/,
    );
    await refused(
      'PUT',
      '/api/alerts/expiration/schedule',
      { schedule: { kind: 'hourly' } },
      400,
      '0xA0111003',
    );
    await refused(
      'PUT',
      '/api/alerts/expiration/schedule',
      { schedule: null },
      403,
      '0xA0110102',
      'auditor',
    );
    const off = await api<AlertScheduleView>('PUT', '/api/alerts/expiration/schedule', {
      body: { schedule: null },
    });
    expect(off).toMatchObject({ schedule: null, setAt: null });
  });

  it('previews what a run would do and changes nothing', async () => {
    const tables = [
      'alert_runs',
      'alert_run_results',
      'alert_reported_certificates',
      'certificates',
      'certificate_requests',
      'orchestrator_jobs',
      'audit_events',
      'notification_outbox',
    ];
    const before = await rowCounts(server.dataSource, tables);
    const preview = await api<AlertPreviewView>('POST', '/api/alerts/expiration/preview', {
      as: 'auditor',
      body: {},
    });
    expect(await rowCounts(server.dataSource, tables)).toEqual(before);
    expect(preview.alerts).toHaveLength(1);
    // NotAfter within 30 days and a CN with "jdk": vpn (7 d), intranet (12), cherry (20), db01 (25), grafana (28).
    expect(preview.alerts[0]!.certificates).toEqual([
      expect.objectContaining({
        certificateId: 5,
        action: 'skip',
        stores: 0,
        note: 'Not in any certificate store.',
      }),
      expect.objectContaining({
        certificateId: 2,
        action: 'renew',
        stores: 1,
        template: 'UserServer',
        caConfiguration: CA1,
        note: null,
      }),
      expect.objectContaining({
        certificateId: 7,
        commonName: 'cherry.jdk.cms',
        action: 'renew',
        stores: 1,
      }),
      expect.objectContaining({ certificateId: 3, action: 'renew', stores: 1 }),
      expect.objectContaining({ certificateId: 10, action: 'skip' }),
    ]);

    // Later, and with other handler settings: what would change, still without writing.
    const later = await api<AlertPreviewView>('POST', '/api/alerts/expiration/preview', {
      body: {
        alertIds: [alert.id],
        evaluationDate: new Date(Date.now() + 40 * 86_400_000).toISOString(),
      },
    });
    expect(later.alerts[0]!.certificates.map((item) => item.certificateId)).toEqual([]);
    await api('PUT', `/api/alerts/expiration/${alert.id}`, {
      body: { ...input, renewal: { enabled: true, template: 'WebServerECDSA' } },
    });
    const misfit = await api<AlertPreviewView>('POST', '/api/alerts/expiration/preview', {
      body: {},
    });
    expect(misfit.alerts[0]!.certificates[1]).toMatchObject({
      action: 'renew',
      template: 'WebServerECDSA',
      caConfiguration: CA1,
      note: expect.stringMatching(/not available on certificate authority/),
    });
    await api('PUT', `/api/alerts/expiration/${alert.id}`, {
      body: { ...input, renewal: { enabled: true, template: 'UserServerApproval' } },
    });
    const approval = await api<AlertPreviewView>('POST', '/api/alerts/expiration/preview', {
      body: {},
    });
    expect(approval.alerts[0]!.certificates[1]).toMatchObject({ action: 'approval' });
    await api('PUT', `/api/alerts/expiration/${alert.id}`, { body: input });
    expect(
      await rowCounts(
        server.dataSource,
        tables.filter((table) => table !== 'audit_events'),
      ),
    ).toEqual(
      Object.fromEntries(Object.entries(before).filter(([table]) => table !== 'audit_events')),
    );

    await refused('POST', '/api/alerts/expiration/preview', { alertIds: [99] }, 404, '0xA0110D15');
    await refused(
      'POST',
      '/api/alerts/expiration/preview',
      { evaluationDate: 'soon' },
      400,
      '0xA0111003',
    );
  });

  it('runs for real: renews what is in a store, reports once, records the run', async () => {
    const runs = await api<AlertRunView[]>('POST', '/api/alerts/expiration/run', {
      body: { sendAlerts: true },
    });
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run).toMatchObject({
      alertId: alert.id,
      trigger: 'test',
      sendAlerts: true,
      actor: 'admin',
      counts: { renewed: 3, skipped: 2, pending: 0, failed: 0, reported: 0 },
    });
    const renewed = run!.results.filter((result) => result.outcome === 'renewed');
    expect(renewed.map((result) => result.certificateId)).toEqual([2, 7, 3]);
    const [ca1, root] = await caChain(server.dataSource, CA1);
    for (const result of renewed) {
      const [row] = await server.dataSource.query<
        { certificate_pem: string; renewed_from_id: number }[]
      >('SELECT certificate_pem, renewed_from_id FROM certificates WHERE id = ?', [
        result.newCertificateId,
      ]);
      expect(row!.renewed_from_id).toBe(result.certificateId);
      expect(
        opensslVerify(row!.certificate_pem, root!.certificate_pem, ca1!.certificate_pem),
      ).toMatchObject({ ok: true });
      expect(
        new X509Certificate(row!.certificate_pem).checkIssued(
          new X509Certificate(ca1!.certificate_pem),
        ),
      ).toBe(true);
    }
    expect(await api('GET', `/api/alerts/runs/${run!.id}`, { as: 'auditor' })).toEqual(run);
    expect(await api<AlertRunView[]>('GET', `/api/alerts/expiration/${alert.id}/runs`)).toEqual([
      run,
    ]);
    const outbox = await api<Page<NotificationView>>('GET', '/api/notifications?limit=10', {
      as: 'auditor',
    });
    expect(outbox).toMatchObject({ page: 1, limit: 10 });
    expect(outbox.items.map((item) => item.recipient).sort()).toEqual([
      'dba@jdk.cms',
      'intranet@jdk.cms',
      'net@jdk.cms',
      'obs@jdk.cms',
      'pi-admin@jdk.cms',
    ]);
    await refused('GET', '/api/notifications?limit=0', undefined, 400, '0xA0111002');

    // Report-once: the same run again reports nothing, and the preview agrees.
    const preview = await api<AlertPreviewView>('POST', '/api/alerts/expiration/preview', {
      body: {},
    });
    expect(preview.alerts[0]!.certificates).toEqual([]);
    const again = await api<AlertRunView[]>('POST', '/api/alerts/expiration/run', { body: {} });
    expect(again[0]!.results).toEqual([]);
    await refused('POST', '/api/alerts/expiration/run', {}, 403, '0xA0110102', 'enroller');
  });
});
