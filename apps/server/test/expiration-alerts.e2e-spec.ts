import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AlertScheduler } from '../src/modules/alerts/alert-scheduler.service';
import { AlertErrors } from '../src/modules/alerts/alerts.errors';
import { RENEWAL_HANDLER_ID } from '../src/modules/alerts/event-handlers';
import { CollectionErrors } from '../src/modules/collections/collections.errors';
import { call, type LabServer, startLabServer } from './support/lab-server';
import { type Json, keyfactorClient, type Reply } from './support/keyfactor-client';

/*
 * Expiration alerts over real HTTP on a real SQLite lab (test/fixtures/alerts-lab.yaml): saved
 * collections, alert CRUD and validation, the global schedule, Test/TestAll with the renewal
 * handler, report-once, the recorded runs, the outbox and a real webhook receiver. Every
 * /KeyfactorAPI answer is checked against the vendor's OpenAPI document.
 */

const LAB = join(__dirname, 'fixtures', 'alerts-lab.yaml');
const DAY_MS = 24 * 60 * 60 * 1000;
const STORE_10 = 'a1000000-0000-4000-8000-000000000001';
const STORE_20 = 'a1000000-0000-4000-8000-000000000002';
const STORE_40 = 'b1000000-0000-4000-8000-000000000001';
const CASES_STORE = 'b1000000-0000-4000-8000-000000000002';

/** A webhook receiver that records what it gets, and can be told to fail. */
interface Receiver {
  url: string;
  received: Json[];
  failWith: number | undefined;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Omit<Receiver, 'url' | 'close'> = { received: [], failWith: undefined };
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (receiver.failWith !== undefined) {
        response.writeHead(receiver.failWith).end();
        return;
      }
      receiver.received.push(JSON.parse(body) as Json);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let server: LabServer;
let receiver: Receiver;
const kf = keyfactorClient(() => server);

beforeAll(async () => {
  receiver = await startReceiver();
  server = await startLabServer({
    labFile: LAB,
    env: {
      CERTLAB_ALERT_WEBHOOK_URL: receiver.url,
      CERTLAB_ALERT_WEBHOOK_RETRY_MS: '10',
      // The tests tick the scheduler themselves.
      CERTLAB_ALERT_TICK_SECONDS: '0',
    },
  });
});
afterAll(async () => {
  await server?.close({ remove: true });
  await receiver?.close();
});

/** Polls (real time) until `check` holds; fails with what it saw last. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function count(table: string): Promise<number> {
  const [row] = await server.dataSource.query<{ count: number }[]>(
    `SELECT COUNT(*) AS count FROM ${table}`,
  );
  return Number(row?.count);
}

async function certificateRow(id: number): Promise<{
  id: number;
  renewed_from_id: number | null;
  template: string;
  authority: string;
  not_after: string;
}> {
  const [row] = await server.dataSource.query<
    {
      id: number;
      renewed_from_id: number | null;
      template: string;
      authority: string;
      not_after: string;
    }[]
  >(
    `SELECT c.id, c.renewed_from_id, t.short_name AS template, a.config_name AS authority, c.not_after
       FROM certificates c JOIN templates t ON t.id = c.template_id
       JOIN certificate_authorities a ON a.id = c.authority_id WHERE c.id = ?`,
    [id],
  );
  return row!;
}

async function renewalOf(id: number): Promise<number | undefined> {
  const [row] = await server.dataSource.query<{ id: number }[]>(
    'SELECT id FROM certificates WHERE renewed_from_id = ?',
    [id],
  );
  return row?.id;
}

async function jobsFor(certificateId: number): Promise<{ store_id: string; alias: string }[]> {
  return server.dataSource.query(
    "SELECT store_id, alias FROM orchestrator_jobs WHERE certificate_id = ? AND job_type = 'Management'",
    [certificateId],
  );
}

async function collection(name: string, query: string): Promise<number> {
  const reply = await kf('POST', '/KeyfactorAPI/CertificateCollections', {
    body: { Name: name, Description: `${name} certificates`, Query: query },
  });
  expect(reply.status).toBe(200);
  return (reply.body as Json).Id as number;
}

async function alert(body: Json): Promise<number> {
  const reply = await kf('POST', '/KeyfactorAPI/Alerts/Expiration', {
    body: {
      Subject: '{cn} expires {certnotafterdate}',
      Message: '{cn} ({serial}) from {issuercn}, template {template}, expires {certnotafterdate}.',
      ExpirationWarningDays: 30,
      ...body,
    },
  });
  expect(reply.status).toBe(200);
  return (reply.body as Json).Id as number;
}

const renewalHandler = { Id: RENEWAL_HANDLER_ID, UseHandler: true };

async function test(body: Json): Promise<{ reply: Reply; alerts: Json[] }> {
  const reply = await kf('POST', '/KeyfactorAPI/Alerts/Expiration/Test', { body });
  expect(reply.status).toBe(200);
  return { reply, alerts: (reply.body as Json).ExpirationAlerts as Json[] };
}

async function runs(alertId: number): Promise<Json[]> {
  const reply = await call(server, 'GET', `/api/alerts/expiration/${alertId}/runs`, {
    credentials: server.credentials.admin,
  });
  expect(reply.status).toBe(200);
  return reply.body as Json[];
}

function expectError(reply: Reply, status: number, code: string, message: RegExp): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ ErrorCode: code, Message: expect.stringMatching(message) });
}

describe('/KeyfactorAPI/CertificateCollections', () => {
  it('saves a collection with a checked query and reads it back by id and by name', async () => {
    const created = await kf('POST', '/KeyfactorAPI/CertificateCollections', {
      body: {
        name: 'Payments',
        description: 'Owned by payments',
        query: 'AppOwner -eq "Payments"',
      },
    });
    expect(created.body).toMatchObject({
      Name: 'Payments',
      Description: 'Owned by payments',
      Query: 'AppOwner -eq "Payments"',
      Content: 'AppOwner -eq "Payments"',
    });
    const id = (created.body as Json).Id as number;
    expect((await kf('GET', `/KeyfactorAPI/CertificateCollections/${id}`)).body).toMatchObject({
      Id: id,
      Name: 'Payments',
      Content: 'AppOwner -eq "Payments"',
    });
    const byName = await kf('GET', '/KeyfactorAPI/CertificateCollections/payments');
    expect(byName.body).toMatchObject({ Id: id });
    const list = await kf('GET', '/KeyfactorAPI/CertificateCollections?pq.sortField=Name', {
      credentials: server.credentials.auditor,
    });
    expect(list.headers.get('x-total-count')).toBe(String((list.body as Json[]).length));
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ Id: id })]));
  });

  it('refuses a bad query, a taken name and unknown options with a 400 that says why, writing nothing', async () => {
    const before = await count('certificate_collections');
    expectError(
      await kf('POST', '/KeyfactorAPI/CertificateCollections', {
        body: { Name: 'Broken', Query: 'CN -eq' },
      }),
      400,
      CollectionErrors.codes.invalidQuery,
      /^Invalid Query: Position \d+: /,
    );
    expectError(
      await kf('POST', '/KeyfactorAPI/CertificateCollections', {
        body: { Name: 'Unknown field', Query: 'Colour -eq "blue"' },
      }),
      400,
      CollectionErrors.codes.invalidQuery,
      /Colour/,
    );
    expectError(
      await kf('POST', '/KeyfactorAPI/CertificateCollections', {
        body: { Name: 'PAYMENTS', Query: '' },
      }),
      400,
      CollectionErrors.codes.duplicateName,
      /already exists/,
    );
    expectError(
      await kf('POST', '/KeyfactorAPI/CertificateCollections', {
        body: { Name: 'Copy', CopyFromId: 1 },
      }),
      400,
      CollectionErrors.codes.invalidRequest,
      /CopyFromId/,
    );
    expectError(
      await kf('POST', '/KeyfactorAPI/CertificateCollections', { body: { Query: 'CN -eq "x"' } }),
      400,
      CollectionErrors.codes.invalidRequest,
      /Name is required/,
    );
    expect(await count('certificate_collections')).toBe(before);
    expectError(
      await kf('GET', '/KeyfactorAPI/CertificateCollections/9999'),
      404,
      CollectionErrors.codes.notFound,
      /9999/,
    );
  });

  it('needs credentials, and admin to write', async () => {
    expect(
      (await kf('GET', '/KeyfactorAPI/CertificateCollections', { credentials: null })).status,
    ).toBe(401);
    expect(
      (
        await kf('POST', '/KeyfactorAPI/CertificateCollections', {
          credentials: server.credentials.enroller,
          body: { Name: 'Nope' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('/KeyfactorAPI/Alerts/Expiration definitions', () => {
  let collectionId: number;
  beforeAll(async () => {
    collectionId = await collection('Definitions', 'CN -startswith "nothing-matches"');
  });

  it('creates, reads, lists, edits and deletes an alert', async () => {
    const created = await kf('POST', '/KeyfactorAPI/Alerts/Expiration', {
      body: {
        DisplayName: 'Renew web',
        Subject: '{cn} expires',
        Message: 'Renewing {cn}',
        ExpirationWarningDays: 30,
        CertificateQueryId: collectionId,
        Recipients: ['{certemail}', 'pki@alerts.lab'],
        RegisteredEventHandler: renewalHandler,
        EventHandlerParameters: [
          { Key: 'template', DefaultValue: 'WebLong', ParameterType: 'Value' },
        ],
      },
    });
    expect(created.status).toBe(200);
    const id = (created.body as Json).Id as number;
    const expected = {
      Id: id,
      DisplayName: 'Renew web',
      Subject: '{cn} expires',
      Message: 'Renewing {cn}',
      ExpirationWarningDays: 30,
      Recipients: ['{certemail}', 'pki@alerts.lab'],
      CertificateQuery: { Id: collectionId, Name: 'Definitions' },
      RegisteredEventHandler: { Id: RENEWAL_HANDLER_ID, DisplayName: 'Renewal', UseHandler: true },
      EventHandlerParameters: [
        { Id: 1, Key: 'Template', DefaultValue: 'WebLong', ParameterType: 'Value' },
      ],
    };
    expect(created.body).toEqual(expected);
    expect(
      (
        await kf('GET', `/KeyfactorAPI/Alerts/Expiration/${id}`, {
          credentials: server.credentials.auditor,
        })
      ).body,
    ).toEqual(expected);

    const list = await kf(
      'GET',
      '/KeyfactorAPI/Alerts/Expiration?pagedQuery.sortField=DisplayName&pagedQuery.returnLimit=1000',
    );
    expect(list.body).toEqual(expect.arrayContaining([expected]));
    expect(list.headers.get('x-total-count')).toBe(String((list.body as Json[]).length));

    const edited = await kf('PUT', '/KeyfactorAPI/Alerts/Expiration', {
      body: {
        Id: id,
        DisplayName: 'Report web',
        Subject: 's',
        Message: 'm',
        ExpirationWarningDays: 14,
        CertificateQueryId: collectionId,
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({
      Id: id,
      DisplayName: 'Report web',
      Subject: 's',
      Message: 'm',
      ExpirationWarningDays: 14,
      Recipients: [],
      CertificateQuery: { Id: collectionId, Name: 'Definitions' },
      EventHandlerParameters: [],
    });

    const deleted = await kf('DELETE', `/KeyfactorAPI/Alerts/Expiration/${id}`);
    expect(deleted.status).toBe(204);
    expect(
      await server.dataSource.query(
        "SELECT action, actor FROM audit_events WHERE subject_type = 'expiration-alert' AND subject_id = ? ORDER BY id",
        [String(id)],
      ),
    ).toEqual([
      { action: 'alert.created', actor: 'admin' },
      { action: 'alert.updated', actor: 'admin' },
      { action: 'alert.deleted', actor: 'admin' },
    ]);
    expectError(
      await kf('GET', `/KeyfactorAPI/Alerts/Expiration/${id}`),
      404,
      AlertErrors.codes.notFound,
      /not found/,
    );
    expectError(
      await kf('DELETE', `/KeyfactorAPI/Alerts/Expiration/${id}`),
      404,
      AlertErrors.codes.notFound,
      /not found/,
    );
  });

  it('refuses what it cannot run with a 400 that says why, writing nothing', async () => {
    const valid = {
      DisplayName: 'x',
      Subject: 's',
      Message: 'm',
      ExpirationWarningDays: 30,
      CertificateQueryId: collectionId,
    };
    const before = await count('expiration_alerts');
    const cases: [Json, string, RegExp][] = [
      [{ ...valid, DisplayName: undefined }, AlertErrors.codes.invalidRequest, /DisplayName/],
      [{ ...valid, ExpirationWarningDays: 0 }, AlertErrors.codes.invalidRequest, /at least 1/],
      [{ ...valid, CertificateQueryId: undefined }, AlertErrors.codes.invalidRequest, /collection/],
      [{ ...valid, CertificateQueryId: 9999 }, AlertErrors.codes.unknownCollection, /9999/],
      [{ ...valid, Colour: 'blue' }, AlertErrors.codes.invalidRequest, /colour/i],
      [
        { ...valid, RegisteredEventHandler: { Id: 42, UseHandler: true } },
        AlertErrors.codes.unknownHandler,
        /42/,
      ],
      [
        {
          ...valid,
          RegisteredEventHandler: renewalHandler,
          EventHandlerParameters: [{ Key: 'Colour', DefaultValue: 'x', ParameterType: 'Value' }],
        },
        AlertErrors.codes.invalidHandlerParameter,
        /Colour.*Template, CAConfiguration/,
      ],
      [
        {
          ...valid,
          EventHandlerParameters: [
            { Key: 'Template', DefaultValue: 'Web', ParameterType: 'Value' },
          ],
        },
        AlertErrors.codes.invalidHandlerParameter,
        /without a RegisteredEventHandler/,
      ],
      [
        {
          ...valid,
          RegisteredEventHandler: renewalHandler,
          EventHandlerParameters: [
            { Key: 'Template', DefaultValue: 'Nope', ParameterType: 'Value' },
          ],
        },
        '0xA0110301',
        /Nope/,
      ],
      [
        {
          ...valid,
          RegisteredEventHandler: renewalHandler,
          EventHandlerParameters: [
            { Key: 'Template', DefaultValue: 'OnlyCA2', ParameterType: 'Value' },
            {
              Key: 'CAConfiguration',
              DefaultValue: 'ca1.alerts.lab\\alerts-CA1',
              ParameterType: 'Value',
            },
          ],
        },
        '0xA0110302',
        /not available/,
      ],
    ];
    for (const [body, code, message] of cases) {
      expectError(
        await kf('POST', '/KeyfactorAPI/Alerts/Expiration', { body }),
        400,
        code,
        message,
      );
    }
    expectError(
      await kf('PUT', '/KeyfactorAPI/Alerts/Expiration', { body: { ...valid, Id: 9999 } }),
      404,
      AlertErrors.codes.notFound,
      /9999/,
    );
    expect(await count('expiration_alerts')).toBe(before);
  });

  it('needs credentials, and admin to write or test', async () => {
    expect((await kf('GET', '/KeyfactorAPI/Alerts/Expiration', { credentials: null })).status).toBe(
      401,
    );
    for (const [method, path] of [
      ['POST', '/KeyfactorAPI/Alerts/Expiration'],
      ['PUT', '/KeyfactorAPI/Alerts/Expiration'],
      ['PUT', '/KeyfactorAPI/Alerts/Expiration/Schedule'],
      ['POST', '/KeyfactorAPI/Alerts/Expiration/Test'],
      ['POST', '/KeyfactorAPI/Alerts/Expiration/TestAll'],
      ['DELETE', '/KeyfactorAPI/Alerts/Expiration/1'],
    ] as const) {
      const reply = await kf(method, path, { credentials: server.credentials.enroller, body: {} });
      expect(`${method} ${path} ${reply.status}`).toBe(`${method} ${path} 403`);
    }
    expect(
      (await call(server, 'GET', '/api/notifications', { credentials: undefined })).status,
    ).toBe(401);
    expect((await call(server, 'GET', '/api/alerts/runs/1', {})).status).toBe(401);
  });
});

describe('GET /KeyfactorAPI/Status/Endpoints', () => {
  it('names the collection and alert routes, and only the reads to an auditor', async () => {
    const lines = (await kf('GET', '/KeyfactorAPI/Status/Endpoints')).body as string[];
    expect(lines).toEqual(
      expect.arrayContaining([
        'GET /CertificateCollections',
        'GET /CertificateCollections/{id}',
        'POST /CertificateCollections',
        'GET /Alerts/Expiration',
        'POST /Alerts/Expiration',
        'PUT /Alerts/Expiration',
        'GET /Alerts/Expiration/{id}',
        'DELETE /Alerts/Expiration/{id}',
        'GET /Alerts/Expiration/Schedule',
        'PUT /Alerts/Expiration/Schedule',
        'POST /Alerts/Expiration/Test',
        'POST /Alerts/Expiration/TestAll',
      ]),
    );
    const audited = (
      await kf('GET', '/KeyfactorAPI/Status/Endpoints', { credentials: server.credentials.auditor })
    ).body as string[];
    expect(audited).toContain('GET /Alerts/Expiration/Schedule');
    expect(audited).not.toContain('POST /Alerts/Expiration/Test');
  });
});

describe('the global schedule', () => {
  it('is Off until set, takes exactly one kind, and is Off again when emptied', async () => {
    expect((await kf('GET', '/KeyfactorAPI/Alerts/Expiration/Schedule')).body).toEqual({
      Schedule: {},
    });
    const weekly = await kf('PUT', '/KeyfactorAPI/Alerts/Expiration/Schedule', {
      body: { Schedule: { Weekly: { Days: [5, 1], Time: '2026-01-01T06:30:00Z' } } },
    });
    expect(weekly.body).toEqual({
      Schedule: { Weekly: { Days: [1, 5], Time: '2026-01-01T06:30:00.000Z' } },
    });
    expect((await kf('GET', '/KeyfactorAPI/Alerts/Expiration/Schedule')).body).toEqual(weekly.body);
    for (const [body, message] of [
      [{ Schedule: { Immediate: true, Interval: { Minutes: 5 } } }, /one kind/],
      [{ Schedule: { Interval: { Minutes: 0 } } }, /at least 1/],
      [{ Schedule: { Monthly: { Day: 32, Time: '2026-01-01T00:00:00Z' } } }, /1 to 31/],
      [{ Schedule: { Daily: { Time: 'tomorrow' } } }, /ISO-8601/],
      [{ Schedule: { Hourly: {} } }, /hourly/i],
    ] as const) {
      expectError(
        await kf('PUT', '/KeyfactorAPI/Alerts/Expiration/Schedule', { body }),
        400,
        AlertErrors.codes.invalidSchedule,
        message,
      );
    }
    expect((await kf('GET', '/KeyfactorAPI/Alerts/Expiration/Schedule')).body).toEqual(weekly.body);
    expect(
      (await kf('PUT', '/KeyfactorAPI/Alerts/Expiration/Schedule', { body: { Schedule: {} } }))
        .body,
    ).toEqual({ Schedule: {} });
  });
});

describe('Test and TestAll: report-once and the renewal handler', () => {
  let appAlert: number;
  let firstRenewals: number[];

  it('renews exactly the certificates expiring within the warning days, into their stores', async () => {
    const appCollection = await collection('Apps', 'CN -startswith "app-"');
    appAlert = await alert({
      DisplayName: 'Apps: renew at 30 days',
      CertificateQueryId: appCollection,
      Recipients: ['{certemail}', 'pki@alerts.lab'],
      RegisteredEventHandler: renewalHandler,
    });
    const { reply, alerts } = await test({ AlertId: appAlert, SendAlerts: true });
    expect((reply.body as Json).AlertBuildResult).toBe(0);
    expect(alerts.map((entry) => entry.CARow)).toEqual([1, 2]);
    expect(alerts[0]).toMatchObject({
      CAName: 'ca1.alerts.lab\\alerts-CA1',
      IssuedCN: 'app-10.alerts.lab',
      Subject: expect.stringMatching(/^app-10\.alerts\.lab expires \d{4}-/),
      Message: expect.stringMatching(
        /^app-10\.alerts\.lab \([0-9A-F]+\) from alerts CA1, template Web, expires/,
      ),
      Recipients: ['owner10@alerts.lab', 'pki@alerts.lab'],
    });

    firstRenewals = [];
    for (const [original, store] of [
      [1, STORE_10],
      [2, STORE_20],
    ] as const) {
      const renewed = await renewalOf(original);
      expect(renewed).toBeDefined();
      firstRenewals.push(renewed!);
      const row = await certificateRow(renewed!);
      // Neither Template nor CA set: the original's.
      expect(row).toMatchObject({
        renewed_from_id: original,
        template: 'Web',
        authority: 'ca1.alerts.lab\\alerts-CA1',
      });
      expect(await jobsFor(renewed!)).toEqual([{ store_id: store, alias: expect.any(String) }]);
    }
    expect(await renewalOf(3)).toBeUndefined();

    const [run] = await runs(appAlert);
    expect(run).toMatchObject({
      trigger: 'test',
      sendAlerts: true,
      actor: 'admin',
      finishedAt: expect.any(String),
      counts: { renewed: 2, pending: 0, skipped: 0, failed: 0, reported: 0 },
      results: [
        { certificateId: 1, outcome: 'renewed', newCertificateId: firstRenewals[0] },
        { certificateId: 2, outcome: 'renewed', newCertificateId: firstRenewals[1] },
      ],
    });
    const detail = await call(server, 'GET', `/api/alerts/runs/${run!.id as number}`, {
      credentials: server.credentials.auditor,
    });
    expect(detail.body).toEqual(run);
    // The renewal is the alert handler's, as requests and audit name it.
    const [request] = await server.dataSource.query<{ requester: string }[]>(
      'SELECT requester FROM certificate_requests WHERE certificate_id = ?',
      [firstRenewals[0]],
    );
    expect(request?.requester).toBe('alert-handler');
    const [ran] = await server.dataSource.query<{ actor: string; details: string }[]>(
      "SELECT actor, details FROM audit_events WHERE action = 'alert.ran' AND subject_id = ?",
      [String(appAlert)],
    );
    expect(ran?.actor).toBe('admin');
    expect(JSON.parse(ran!.details)).toMatchObject({
      trigger: 'test',
      outcomes: { renewed: 2 },
      messages: 3,
    });
  });

  it('a second run renews nothing', async () => {
    const certificates = await count('certificates');
    const { reply, alerts } = await test({ AlertId: appAlert, SendAlerts: true });
    expect(alerts).toEqual([]);
    expect((reply.body as Json).AlertBuildResult).toBe(1);
    expect(await count('certificates')).toBe(certificates);
  });

  it('an evaluation date 15 days on renews the third', async () => {
    const { alerts } = await test({
      AlertId: appAlert,
      EvaluationDate: new Date(Date.now() + 15 * DAY_MS).toISOString(),
    });
    expect(alerts.map((entry) => entry.CARow)).toEqual([3]);
    const renewed = await renewalOf(3);
    expect(await jobsFor(renewed!)).toEqual([{ store_id: STORE_40, alias: expect.any(String) }]);
    // SendAlerts false: the handler ran, no message was queued, and the run says so.
    const [latest] = await runs(appAlert);
    expect(latest).toMatchObject({ sendAlerts: false, counts: { renewed: 1 } });
  });

  it('queues one message per recipient per run and POSTs each to the webhook', async () => {
    const outbox = await call(server, 'GET', '/api/notifications?limit=10', {
      credentials: server.credentials.auditor,
    });
    expect(outbox.status).toBe(200);
    const body = outbox.body as { total: number; items: Json[] };
    expect(body.total).toBe(3);
    // Newest first: the run wrote them in the order it met the recipients.
    expect(body.items.map((item) => item.recipient)).toEqual([
      'owner20@alerts.lab',
      'pki@alerts.lab',
      'owner10@alerts.lab',
    ]);
    expect(body.items[1]).toMatchObject({
      subject: expect.stringMatching(/^app-10\.alerts\.lab expires .* \(and 1 more\)$/),
      message: expect.stringMatching(/^app-10\.alerts\.lab .*\n\napp-20\.alerts\.lab /s),
      certificateIds: [1, 2],
    });
    const page2 = await call(server, 'GET', '/api/notifications?limit=2&page=2', {
      credentials: server.credentials.auditor,
    });
    expect((page2.body as { items: Json[] }).items.map((item) => item.recipient)).toEqual([
      'owner10@alerts.lab',
    ]);
    expect(
      (
        await call(server, 'GET', '/api/notifications?limit=0', {
          credentials: server.credentials.auditor,
        })
      ).status,
    ).toBe(400);

    await eventually(async () => {
      const delivered = await server.dataSource.query<{ count: number }[]>(
        "SELECT COUNT(*) AS count FROM notification_outbox WHERE delivery_status = 'delivered'",
      );
      return Number(delivered[0]?.count) === 3 ? true : undefined;
    }, 'three delivered messages');
    expect(receiver.received.map((message) => message.recipient).sort()).toEqual([
      'owner10@alerts.lab',
      'owner20@alerts.lab',
      'pki@alerts.lab',
    ]);
    expect(
      receiver.received.find((message) => message.recipient === 'pki@alerts.lab'),
    ).toMatchObject({ alertId: appAlert, certificateIds: [1, 2], subject: expect.any(String) });
  });

  it('reports once per alert without a handler; another alert reports the same certificate again', async () => {
    const templateOnly = await collection('Template only', 'CN -eq "template-only.alerts.lab"');
    const reporter = await alert({
      DisplayName: 'Report only',
      CertificateQueryId: templateOnly,
      Recipients: ['{certemail}'],
    });
    const first = await test({ AlertId: reporter });
    expect(first.alerts.map((entry) => entry.CARow)).toEqual([11]);
    // No Email-Contact on this certificate: {certemail} resolves to nobody.
    expect(first.alerts[0]?.Recipients).toEqual([]);
    expect((await test({ AlertId: reporter })).alerts).toEqual([]);
    expect(await renewalOf(11)).toBeUndefined();
    const [secondRun, firstRun] = await runs(reporter);
    expect(firstRun).toMatchObject({ results: [{ certificateId: 11, outcome: 'reported' }] });
    expect(secondRun).toMatchObject({ results: [] });

    // Handler with only Template: the CA comes from the certificate.
    const renewer = await alert({
      DisplayName: 'Template only',
      CertificateQueryId: templateOnly,
      RegisteredEventHandler: renewalHandler,
      EventHandlerParameters: [
        { Key: 'Template', DefaultValue: 'WebLong', ParameterType: 'Value' },
      ],
    });
    expect((await test({ AlertId: renewer })).alerts.map((entry) => entry.CARow)).toEqual([11]);
    const renewed = await certificateRow((await renewalOf(11))!);
    expect(renewed).toMatchObject({ template: 'WebLong', authority: 'ca1.alerts.lab\\alerts-CA1' });
    expect(await jobsFor(renewed.id)).toEqual([{ store_id: CASES_STORE, alias: 'template-only' }]);
  });

  it('handler with only CAConfiguration: the template comes from the certificate', async () => {
    const caOnly = await alert({
      DisplayName: 'CA only',
      CertificateQueryId: await collection('CA only', 'CN -eq "ca-only.alerts.lab"'),
      RegisteredEventHandler: renewalHandler,
      EventHandlerParameters: [
        {
          Key: 'CAConfiguration',
          DefaultValue: 'ca2.alerts.lab\\alerts-CA2',
          ParameterType: 'Value',
        },
      ],
    });
    await test({ AlertId: caOnly });
    expect(await certificateRow((await renewalOf(12))!)).toMatchObject({
      template: 'Web',
      authority: 'ca2.alerts.lab\\alerts-CA2',
    });
  });

  it('records skipped, failed and pending certificates and keeps going after a failure', async () => {
    const cases = await alert({
      DisplayName: 'Cases',
      CertificateQueryId: await collection(
        'Cases',
        'CN -eq "no-store.alerts.lab" OR CN -eq "not-allowed.alerts.lab" OR CN -eq "mixed.alerts.lab"',
      ),
      RegisteredEventHandler: renewalHandler,
      // Allowed on CA2 only: mixed (CA2) renews, not-allowed (CA1) cannot.
      EventHandlerParameters: [
        { Key: 'Template', DefaultValue: 'OnlyCA2', ParameterType: 'Value' },
      ],
    });
    const { alerts } = await test({ AlertId: cases });
    expect(alerts.map((entry) => entry.CARow)).toEqual([14, 15, 17]);
    const [run] = await runs(cases);
    expect(run).toMatchObject({
      counts: { renewed: 1, skipped: 1, failed: 1 },
      results: [
        { certificateId: 14, outcome: 'skipped', message: 'Not in any certificate store.' },
        {
          certificateId: 15,
          outcome: 'failed',
          newCertificateId: null,
          message: expect.stringMatching(/OnlyCA2.*not available.*alerts-CA1/),
        },
        { certificateId: 17, outcome: 'renewed', newCertificateId: await renewalOf(17) },
      ],
    });
    expect(await certificateRow((await renewalOf(17))!)).toMatchObject({
      template: 'OnlyCA2',
      authority: 'ca2.alerts.lab\\alerts-CA2',
    });
    // A failure is not "reported": the next run tries it again; the skipped one is done.
    expect((await test({ AlertId: cases })).alerts.map((entry) => entry.CARow)).toEqual([15]);

    const approval = await alert({
      DisplayName: 'Approval',
      CertificateQueryId: await collection('Approval', 'CN -eq "approval.alerts.lab"'),
      RegisteredEventHandler: renewalHandler,
      EventHandlerParameters: [
        { Key: 'Template', DefaultValue: 'WebApproval', ParameterType: 'Value' },
      ],
    });
    await test({ AlertId: approval });
    const [pending] = await runs(approval);
    const [request] = await server.dataSource.query<{ id: number; status: string }[]>(
      'SELECT id, status FROM certificate_requests WHERE renewal_of_certificate_id = 16',
    );
    expect(request?.status).toBe('PENDING');
    expect(pending).toMatchObject({
      results: [{ certificateId: 16, outcome: 'pending', requestId: request?.id }],
    });
    expect(await renewalOf(16)).toBeUndefined();
  });

  it('two Tests at once: one run after the other, the certificate renewed once', async () => {
    const id = await alert({
      DisplayName: 'Concurrent',
      CertificateQueryId: await collection('Concurrent', 'CN -eq "concurrent.alerts.lab"'),
      RegisteredEventHandler: renewalHandler,
    });
    const both = await Promise.all([test({ AlertId: id }), test({ AlertId: id })]);
    expect(both.map(({ alerts }) => alerts.length).sort()).toEqual([0, 1]);
    const [row] = await server.dataSource.query<{ count: number }[]>(
      'SELECT COUNT(*) AS count FROM certificates WHERE renewed_from_id = 18',
    );
    expect(Number(row?.count)).toBe(1);
  });

  it('refuses a bad Test with a 400 (or 404 for an unknown alert) and runs nothing', async () => {
    const before = await count('alert_runs');
    expectError(
      await kf('POST', '/KeyfactorAPI/Alerts/Expiration/Test', { body: {} }),
      400,
      AlertErrors.codes.invalidRequest,
      /AlertId is required/,
    );
    expectError(
      await kf('POST', '/KeyfactorAPI/Alerts/Expiration/Test', {
        body: { AlertId: appAlert, EvaluationDate: 'soon' },
      }),
      400,
      AlertErrors.codes.invalidRequest,
      /EvaluationDate must be an ISO-8601/,
    );
    expectError(
      await kf('POST', '/KeyfactorAPI/Alerts/Expiration/Test', { body: { AlertId: 9999 } }),
      404,
      AlertErrors.codes.notFound,
      /9999/,
    );
    expect(await count('alert_runs')).toBe(before);
  });

  it('TestAll runs every alert once', async () => {
    const alertCount = await count('expiration_alerts');
    const reply = await kf('POST', '/KeyfactorAPI/Alerts/Expiration/TestAll', {
      body: { SendAlerts: false },
    });
    expect(reply.status).toBe(200);
    // Only the certificate that failed before is due again.
    expect(((reply.body as Json).ExpirationAlerts as Json[]).map((entry) => entry.CARow)).toEqual([
      15,
    ]);
    const [row] = await server.dataSource.query<{ count: number }[]>(
      "SELECT COUNT(*) AS count FROM alert_runs WHERE trigger = 'test-all'",
    );
    expect(Number(row?.count)).toBe(alertCount);
  });
});

describe('the scheduler', () => {
  it('runs every alert when the schedule is due on the lab clock, once per occurrence, across a restart', async () => {
    const scheduled = async () =>
      Number(
        (
          await server.dataSource.query<{ count: number }[]>(
            "SELECT COUNT(*) AS count FROM alert_runs WHERE trigger = 'schedule' AND finished_at IS NOT NULL",
          )
        )[0]?.count,
      );
    await kf('PUT', '/KeyfactorAPI/Alerts/Expiration/Schedule', {
      body: { Schedule: { Interval: { Minutes: 60 } } },
    });
    expect(await server.app.get(AlertScheduler).tick()).toBe(false);
    expect(await scheduled()).toBe(0);

    // Moving the clock 2 h ahead makes one occurrence due; the clock's change hook may start it.
    const moved = await call(server, 'POST', '/api/lab/clock', {
      credentials: server.credentials.admin,
      body: { advance: '+2h' },
    });
    expect(moved.status).toBe(200);
    await server.app.get(AlertScheduler).tick();
    const alerts = await count('expiration_alerts');
    await eventually(
      async () => ((await scheduled()) === alerts ? true : undefined),
      'one scheduled run per alert',
    );
    expect(await server.app.get(AlertScheduler).tick()).toBe(false);

    // The last run time is in the database: a restarted server does not run it again.
    const dataDir = server.dataDir;
    await server.close();
    server = await startLabServer({
      labFile: LAB,
      dataDir,
      env: {
        CERTLAB_ALERT_WEBHOOK_URL: receiver.url,
        CERTLAB_ALERT_WEBHOOK_RETRY_MS: '10',
        CERTLAB_ALERT_TICK_SECONDS: '0',
      },
    });
    expect(await server.app.get(AlertScheduler).tick()).toBe(false);
    expect(await scheduled()).toBe(alerts);
  });

  it('a failing webhook is retried with backoff, recorded on the row, and never fails the run', async () => {
    receiver.failWith = 503;
    const id = await alert({
      DisplayName: 'Webhook down',
      CertificateQueryId: await collection('Neither', 'CN -eq "neither.alerts.lab"'),
      Recipients: ['pki@alerts.lab'],
      RegisteredEventHandler: renewalHandler,
    });
    const { alerts } = await test({ AlertId: id, SendAlerts: true });
    expect(alerts.map((entry) => entry.CARow)).toEqual([13]);
    // Neither Template nor CA: the original's, here CA2.
    expect(await certificateRow((await renewalOf(13))!)).toMatchObject({
      template: 'Web',
      authority: 'ca2.alerts.lab\\alerts-CA2',
    });
    const failed = await eventually(async () => {
      // The restarted lab printed no generated passwords: the admin reads.
      const outbox = await call(server, 'GET', '/api/notifications?limit=1', {
        credentials: server.credentials.admin,
      });
      const [latest] = (outbox.body as { items: Json[] }).items;
      return (latest?.delivery as Json | undefined)?.status === 'failed' ? latest : undefined;
    }, 'the message to be given up on');
    expect(failed).toMatchObject({
      alertId: id,
      delivery: { status: 'failed', attempts: 4, lastError: 'HTTP 503 Service Unavailable' },
    });
    receiver.failWith = undefined;
  });
});
