import { X509Certificate } from 'node:crypto';
import { type CmsRenewResponse, type LabClockView } from '@certlab/contracts';
import { type ErrorBody } from '../src/common/errors/error-body';
import { call, type LabServer, startLabServer } from './support/lab-server';

/**
 * The lab clock over real HTTP and a real SQLite file: reading and moving it, what issuance does
 * with it, the headers on every answer, the rule against going back, and a restart.
 */

const CLOCK = '/api/lab/clock';
const DAY_MS = 86_400_000;
const RENEW = '/CMSApi/CertEnroll/3/Renew';
const VENDOR_RENEWAL = {
  Lookup: { Type: 'CMSID', CMSID: 7 },
  CertStores: ['6d14c2be-76d6-4777-8247-72dcd1c9ab1a'],
  Template: 'UserServer',
  CAConfiguration: 'CA1.jdk.com\\jdk-CA1',
};

let server: LabServer;

beforeAll(async () => {
  server = await startLabServer();
});
afterAll(async () => {
  await server.close({ remove: true });
});

const read = async (credentials = server.credentials.auditor) => {
  const response = await call(server, 'GET', CLOCK, { credentials });
  expect(response.status).toBe(200);
  return { ...response, view: response.body as LabClockView };
};
const change = (body: unknown, credentials = server.credentials.admin) =>
  call(server, 'POST', CLOCK, { credentials, body });

async function clockEvents(): Promise<{ action: string; actor: string; details: string }[]> {
  return server.dataSource.query(
    "SELECT action, actor, details FROM audit_events WHERE subject_type = 'clock' ORDER BY id",
  );
}

describe('the lab clock', () => {
  it('reads real time on a fresh lab, and says so in every response header', async () => {
    const before = Date.now();
    const { view, headers } = await read();
    const after = Date.now();

    expect(view).toMatchObject({ virtual: false, mode: 'system' });
    expect(Date.parse(view.now)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(view.now)).toBeLessThanOrEqual(after);
    const stamped = Date.parse(headers.get('x-certlab-time') ?? '');
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(after);
    expect(headers.get('x-certlab-clock')).toBeNull();
  });

  it('needs credentials (401) and, to move it, the admin permission (403)', async () => {
    const anonymous = await call(server, 'GET', CLOCK);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-certlab-time')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await call(server, 'POST', CLOCK, { body: { advance: '+1d' } })).status).toBe(401);

    for (const credentials of [server.credentials.enroller, server.credentials.auditor]) {
      const refused = await change({ advance: '+1d' }, credentials);
      expect(refused.status).toBe(403);
      expect((refused.body as ErrorBody).ErrorCode).toBe('0xA0110102');
    }
    expect(
      (await call(server, 'GET', CLOCK, { credentials: server.credentials.agent })).status,
    ).toBe(403);
    expect((await read()).view.mode).toBe('system');
  });

  it.each([
    [{}, /exactly one of advance, set, freeze, resume, reset/],
    [{ advance: '+1d', freeze: true }, /exactly one.*advance, freeze/],
    [{ advance: 'soon' }, /advance: must be seconds/],
    [{ advance: 'P1M' }, /no years or months/],
    [{ advance: '+50000w' }, /100 years/],
    [{ set: 'tomorrow' }, /set: must be an ISO-8601 date/],
    [{ freeze: false }, /freeze/],
    [{ rewind: '1d' }, /rewind/],
    [[{ advance: '+1d' }], /expected object/],
  ])('refuses %j with 400 in the error format and changes nothing', async (body, message) => {
    const response = await change(body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ ErrorCode: '0xA0110B01', Message: expect.any(String) });
    expect((response.body as ErrorBody).Message).toMatch(message);
    expect(response.headers.get('x-certlab-time')).not.toBeNull();
    expect((await read()).view.mode).toBe('system');
  });

  it('refuses a body that is not JSON with 400, still stamped with the time', async () => {
    const response = await call(server, 'POST', CLOCK, {
      credentials: server.credentials.admin,
      rawBody: '{"advance":',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-certlab-time')).not.toBeNull();
  });

  it('advances by +60d: virtual time runs on, marked on every answer, audited', async () => {
    const before = Date.now();
    const response = await change({ advance: '+60d' });
    const after = Date.now();

    expect(response.status).toBe(200);
    const view = response.body as LabClockView;
    expect(view).toMatchObject({ virtual: true, mode: 'offset', offsetSeconds: 60 * 86_400 });
    expect(Date.parse(view.now) - 60 * DAY_MS).toBeGreaterThanOrEqual(before);
    expect(Date.parse(view.now) - 60 * DAY_MS).toBeLessThanOrEqual(after);
    expect(response.headers.get('x-certlab-clock')).toBe('virtual');
    expect(Date.parse(response.headers.get('x-certlab-time') ?? '')).toBeGreaterThan(
      before + 59 * DAY_MS,
    );

    // Every route says so: the agent API (even its 401), unknown routes, health.
    for (const [method, path, credentials] of [
      ['POST', '/KeyfactorAgents/Session/Register', undefined],
      ['GET', '/no/such/route', server.credentials.admin],
      ['GET', '/api/health', server.credentials.auditor],
    ] as const) {
      const answer = await call(server, method, path, {
        ...(credentials ? { credentials } : {}),
        ...(method === 'POST' ? { body: {} } : {}),
      });
      expect(answer.headers.get('x-certlab-clock')).toBe('virtual');
      expect(Date.parse(answer.headers.get('x-certlab-time') ?? '')).toBeGreaterThan(
        before + 59 * DAY_MS,
      );
    }

    const [event] = await clockEvents();
    expect(event).toMatchObject({ action: 'clock.advanced', actor: 'admin' });
    expect(JSON.parse(event!.details)).toMatchObject({ command: 'advance', seconds: 5_184_000 });
  });

  it('issues renewals from the virtual now: notBefore is ~60 days after real time', async () => {
    const realBefore = Date.now();
    const response = await call(server, 'POST', RENEW, {
      credentials: server.credentials.enroller,
      body: VENDOR_RENEWAL,
    });
    expect(response.status).toBe(200);
    const { Thumbprint } = response.body as CmsRenewResponse;
    const [row] = await server.dataSource.query<{ certificate_pem: string; created_at: string }[]>(
      'SELECT certificate_pem, created_at FROM certificates WHERE thumbprint = ?',
      [Thumbprint],
    );
    const certificate = new X509Certificate(row!.certificate_pem);
    const notBefore = Date.parse(certificate.validFrom);

    // The issuer backdates notBefore by a small skew (minutes): well within a day of +60 days.
    expect(notBefore).toBeGreaterThan(realBefore + 59 * DAY_MS);
    expect(notBefore).toBeLessThanOrEqual(Date.now() + 60 * DAY_MS);
    expect(Date.parse(row!.created_at)).toBeGreaterThan(realBefore + 59 * DAY_MS);
  });

  it('refuses to go back before the newest certificate (409), naming it, and changes nothing', async () => {
    const [newest] = await server.dataSource.query<
      { id: number; subject: string; created_at: string }[]
    >('SELECT id, subject, created_at FROM certificates ORDER BY created_at DESC LIMIT 1');
    const { view: before } = await read();

    for (const body of [{ reset: true }, { set: new Date().toISOString() }, { advance: '-30d' }]) {
      const response = await change(body);
      expect(response.status).toBe(409);
      const error = response.body as ErrorBody;
      expect(error.ErrorCode).toBe('0xA0110B02');
      expect(error.Message).toContain(`certificate ${newest!.id} (${newest!.subject})`);
      expect(error.Message).toContain(new Date(newest!.created_at).toISOString());
    }
    const { view: after } = await read();
    expect(after).toMatchObject({ mode: 'offset', offsetSeconds: before.offsetSeconds });
    expect((await clockEvents()).map((event) => event.action)).toEqual(['clock.advanced']);
  });

  it('goes back when it stays after the newest certificate, and forward to a set date', async () => {
    expect((await change({ advance: '+1d' })).status).toBe(200);
    const back = await change({ advance: '-1h' });
    expect(back.status).toBe(200);
    expect((back.body as LabClockView).offsetSeconds).toBe(61 * 86_400 - 3600);

    const target = new Date(Date.now() + 90 * DAY_MS).toISOString();
    const set = await change({ set: target });
    expect(set.status).toBe(200);
    expect(Date.parse((set.body as LabClockView).now)).toBeGreaterThanOrEqual(Date.parse(target));
  });

  it('freezes: time stands still, steps when advanced, runs on from there when resumed', async () => {
    const frozen = await change({ freeze: true });
    expect(frozen.status).toBe(200);
    const { frozenAt } = frozen.body as LabClockView;
    expect(frozen.body).toMatchObject({ mode: 'frozen', virtual: true, now: frozenAt });

    const first = await read();
    const second = await read();
    expect(first.view.now).toBe(frozenAt);
    expect(second.view.now).toBe(frozenAt);
    expect(second.headers.get('x-certlab-time')).toBe(frozenAt);
    expect(second.headers.get('x-certlab-clock')).toBe('virtual');

    const stepped = await change({ advance: '90m' });
    const steppedAt = new Date(Date.parse(frozenAt!) + 90 * 60_000).toISOString();
    expect(stepped.body).toMatchObject({ mode: 'frozen', now: steppedAt, frozenAt: steppedAt });

    const resumed = await change({ resume: true });
    expect(resumed.body).toMatchObject({ mode: 'offset', virtual: true });
    expect(Date.parse((resumed.body as LabClockView).now)).toBeGreaterThanOrEqual(
      Date.parse(steppedAt),
    );
    expect((await clockEvents()).map((event) => event.action)).toEqual([
      'clock.advanced',
      'clock.advanced',
      'clock.advanced',
      'clock.set',
      'clock.frozen',
      'clock.advanced',
      'clock.resumed',
    ]);
  });

  it('keeps its state across a restart of the server', async () => {
    const frozen = await change({ freeze: true });
    const { frozenAt } = frozen.body as LabClockView;
    const { dataDir } = server;
    await server.close();
    server = await startLabServer({ dataDir });

    // The generated auditor password was shown on the first start only: read as admin.
    const { view, headers } = await read(server.credentials.admin);
    expect(view).toMatchObject({ mode: 'frozen', virtual: true, now: frozenAt, frozenAt });
    expect(headers.get('x-certlab-clock')).toBe('virtual');

    const resumed = await change({ resume: true });
    const offsetSeconds = (resumed.body as LabClockView).offsetSeconds;
    await server.close();
    server = await startLabServer({ dataDir });
    expect((await read(server.credentials.admin)).view).toMatchObject({
      mode: 'offset',
      offsetSeconds,
    });
  });
});
