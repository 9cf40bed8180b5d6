import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { type CmsRenewResponse, type ManagementJobConfiguration } from '@certlab/contracts';
import { type ErrorBody } from '../src/common/errors/error-body';
import { call, type LabServer, startLabServer } from './support/lab-server';

/**
 * Migration campaigns over real HTTP, with agents played by the test over the agent API (the
 * real agent binary runs in e2e/test/campaign.e2e-spec.ts).
 */
const LAB = join(__dirname, 'fixtures', 'campaign-lab.yaml');
const LEGACY_CA = 'ca1.legacy.lab\\legacy-CA1';
const EC_CA = 'ca.ec.lab\\ec-CA';
const WEB01 = 'web01.legacy.lab';
const DB01 = 'db01.legacy.lab';
const STORE = {
  webA: '11111111-0000-4000-8000-000000000001',
  webB: '11111111-0000-4000-8000-000000000002',
  webC: '11111111-0000-4000-8000-000000000003',
  webTrust: '11111111-0000-4000-8000-0000000000f1',
  dbA: '22222222-0000-4000-8000-000000000001',
  dbB: '22222222-0000-4000-8000-000000000002',
  dbTrust: '22222222-0000-4000-8000-0000000000f1',
  ghost: '33333333-0000-4000-8000-000000000001',
};
const LEGACY_CHAIN = ['CN=Legacy Issuing CA1,O=Legacy,C=US', 'CN=Legacy Root,O=Legacy,C=US'];
const EC_CHAIN = ['CN=EC Issuing CA,O=Modern,C=US', 'CN=EC Root,O=Modern,C=US'];
const MOVABLE = [1, 2, 3, 4, 5];
/** In the query language a backslash escapes the next character, so `host\logical` doubles it. */
const LEGACY_QUERY = `IssuingCA -eq "${LEGACY_CA.replace(/\\/g, '\\\\')}"`;

interface Campaign {
  id: number;
  state: string;
  phase: string;
  message: string | null;
  warnings: string[];
  progress: Record<string, number>;
  trust: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Re-checks until the probe returns something; the suite's timeout bounds it, not a clock. */
async function until<T>(probe: () => Promise<T | undefined | false>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(25);
  }
}

/** An agent of one machine, driven by hand: register, then claim and complete what it is offered. */
class TestAgent {
  token = '';
  readonly completed: ManagementJobConfiguration[] = [];

  constructor(
    private readonly server: LabServer,
    readonly machine: string,
  ) {}

  private post(path: string, body: unknown) {
    return call(this.server, 'POST', `/KeyfactorAgents/${path}`, {
      credentials: this.server.credentials.agent,
      body,
    });
  }

  async register(): Promise<this> {
    const response = await this.post('Session/Register', {
      ClientMachine: this.machine,
      AgentVersion: '0.1.0',
      Capabilities: ['CertStores.RFPEM.Management'],
    });
    expect(response.status).toBe(200);
    this.token = (response.body as { Session: { Token: string } }).Session.Token;
    return this;
  }

  /**
   * Claims every job offered now; `before` sees each configuration before it is completed.
   * Returns the configurations it completed.
   */
  async drain(
    before?: (config: ManagementJobConfiguration & { JobId: string }) => Promise<void>,
  ): Promise<ManagementJobConfiguration[]> {
    const poll = await this.post('Jobs/Poll', { SessionToken: this.token, WaitSeconds: 0 });
    expect(poll.status).toBe(200);
    const done: ManagementJobConfiguration[] = [];
    for (const job of (poll.body as { Jobs: { JobId: string; JobType: string }[] }).Jobs) {
      if (job.JobType !== 'Management') continue;
      const claimed = await this.post('Management/Configuration', {
        SessionToken: this.token,
        JobId: job.JobId,
      });
      if (claimed.status !== 200) continue;
      const config = claimed.body as ManagementJobConfiguration;
      await before?.({ ...config, JobId: job.JobId });
      const complete = await this.post('Management/Complete', {
        SessionToken: this.token,
        JobId: job.JobId,
        Status: 2,
        Message: `added ${config.JobCertificate.Thumbprint}`,
      });
      expect(complete.status).toBe(200);
      done.push(config);
    }
    this.completed.push(...done);
    return done;
  }
}

function api(
  server: LabServer,
  method: string,
  path: string,
  body?: unknown,
  credentials?: string,
) {
  return call(server, method, path, {
    credentials: credentials ?? server.credentials.admin,
    ...(body === undefined ? {} : { body }),
  });
}

async function campaignOf(server: LabServer, id: number): Promise<Campaign> {
  const response = await api(server, 'GET', `/api/campaigns/${id}`);
  expect(response.status).toBe(200);
  return response.body as Campaign;
}

async function rows<T>(server: LabServer, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return server.dataSource.query<T[]>(sql, parameters);
}

/** How many certificates renewed each original: a campaign renews each exactly once. */
async function renewalsPerOriginal(server: LabServer, ids: number[]): Promise<number[]> {
  const counts = await rows<{ original: number; renewals: number }>(
    server,
    `SELECT renewed_from_id AS original, COUNT(*) AS renewals FROM certificates
     WHERE renewed_from_id IN (${ids.join(',')}) GROUP BY renewed_from_id`,
  );
  const byId = new Map(counts.map((row) => [Number(row.original), Number(row.renewals)]));
  return ids.map((id) => byId.get(id) ?? 0);
}

const legacyCampaign = (options: Record<string, unknown> = {}) => ({
  name: 'Legacy to EC',
  query: LEGACY_QUERY,
  targetCA: EC_CA,
  targetTemplate: 'WebECDSA',
  ...options,
});

describe('migration campaigns: plan and validation', () => {
  let server: LabServer;
  beforeAll(async () => {
    server = await startLabServer({ labFile: LAB });
    // Certificate 8 is revoked and certificate 9 was renewed (to a certificate in no store).
    const revoked = await call(server, 'POST', '/KeyfactorAPI/Certificates/Revoke', {
      credentials: server.credentials.admin,
      headers: { 'x-keyfactor-requested-with': 'APIClient' },
      body: { CertificateIds: [8], Reason: 1, Comment: 'lost laptop' },
    });
    expect(revoked.status).toBe(200);
    const renewed = await call(server, 'POST', '/CMSApi/CertEnroll/3/Renew', {
      credentials: server.credentials.admin,
      body: { Lookup: { Type: 'CMSID', CMSID: 9 } },
    });
    expect((renewed.body as CmsRenewResponse).RequestDisposition).toBe('ISSUED');
  });
  afterAll(async () => {
    await server.close({ remove: true });
  });

  const campaignCount = async () =>
    Number((await rows<{ n: number }>(server, 'SELECT COUNT(*) AS n FROM campaigns'))[0]?.n);

  it('plans without issuing anything: every certificate with its stores, agents, algorithm and chain change, and what cannot migrate and why', async () => {
    const certificatesBefore = await rows(server, 'SELECT id FROM certificates');
    const jobsBefore = await rows(server, 'SELECT id FROM orchestrator_jobs');
    const created = await api(server, 'POST', '/api/campaigns', {
      name: 'Everything to EC',
      query: 'CertId -ne 12',
      targetCA: EC_CA,
      targetTemplate: 'WebECDSA',
      batchSize: 2,
      trustFirst: true,
      retireOld: true,
    });
    expect(created.status).toBe(201);
    const campaign = created.body as Campaign;
    expect(campaign).toMatchObject({
      name: 'Everything to EC',
      targetCA: EC_CA,
      targetTemplate: 'WebECDSA',
      sourceCA: null,
      batchSize: 2,
      trustFirst: true,
      retireOld: true,
      state: 'planned',
      phase: 'planned',
      warnings: [],
      progress: { total: 11, pending: 5, blocked: 6, issued: 0, delivered: 0, retired: 0 },
      trust: { planned: 4 },
    });

    const plan = await api(server, 'GET', `/api/campaigns/${campaign.id}/plan`);
    expect(plan.status).toBe(200);
    const body = plan.body as {
      target: unknown;
      summary: unknown;
      trust: { enabled: boolean; deliveries: unknown[] };
      items: {
        certificateId: number;
        state: string;
        batch: number | null;
        blocked: { code: string; message: string } | null;
        current: unknown;
        next: unknown;
        stores: unknown[];
      }[];
      total: number;
    };
    expect(body.target).toEqual({
      ca: EC_CA,
      template: 'WebECDSA',
      keyAlgorithm: 'P-256',
      chain: EC_CHAIN,
    });
    expect(body.summary).toEqual({
      certificates: 11,
      migrate: 5,
      blocked: 6,
      batches: 3,
      blockedByReason: {
        NO_AGENT: 1,
        NOT_IN_STORE: 2,
        REVOKED: 1,
        SUPERSEDED: 1,
        ALREADY_ON_TARGET: 1,
      },
      // Over the five movable items: the machines and stores they sit in.
      machines: 2,
      stores: 5,
    });
    // What changes besides the issuer, over all five movable items (the SANs: considered, kept).
    expect((plan.body as { changes: unknown }).changes).toEqual([
      {
        field: 'keyAlgorithm',
        items: 5,
        transitions: [{ from: 'RSA-2048', to: 'P-256', items: 5 }],
      },
      { field: 'extendedKeyUsages', items: 0, transitions: [] },
      {
        field: 'validityDays',
        items: 5,
        transitions: [{ from: '365 days', to: '180 days', items: 5 }],
      },
      { field: 'subjectAltNames', items: 0, transitions: [] },
      {
        field: 'chain',
        items: 5,
        transitions: [{ from: LEGACY_CHAIN.join(' → '), to: EC_CHAIN.join(' → '), items: 5 }],
      },
    ]);
    expect(body.total).toBe(11);
    const byId = new Map(body.items.map((item) => [item.certificateId, item]));
    expect(byId.get(1)).toMatchObject({
      state: 'pending',
      batch: 1,
      blocked: null,
      current: {
        issuer: LEGACY_CA,
        template: 'Legacy',
        keyAlgorithm: 'RSA-2048',
        chain: LEGACY_CHAIN,
      },
      next: { issuer: EC_CA, template: 'WebECDSA', keyAlgorithm: 'P-256', chain: EC_CHAIN },
      stores: [
        {
          id: STORE.webA,
          machine: WEB01,
          path: '/etc/ssl/web-a.pem',
          alias: 'web-a',
          agent: { machine: WEB01, approved: true, online: false },
        },
      ],
    });
    expect(byId.get(3)).toMatchObject({
      state: 'pending',
      batch: 2,
      current: { template: 'LegacyOnly' },
    });
    expect(byId.get(4)).toMatchObject({
      batch: 2,
      stores: [{ id: STORE.dbA, machine: DB01, path: '/var/lib/db-a.pem', alias: 'db-a' }],
    });
    expect(byId.get(5)).toMatchObject({ batch: 3 });
    const blocked = body.items
      .filter((item) => item.blocked !== null)
      .map((item) => [
        item.certificateId,
        item.state,
        item.batch,
        item.blocked?.code,
        item.blocked?.message,
      ]);
    expect(blocked).toEqual([
      [6, 'blocked', null, 'NO_AGENT', 'No agent is registered for machine ghost01.legacy.lab.'],
      [7, 'blocked', null, 'NOT_IN_STORE', 'Certificate 7 is not in any certificate store.'],
      [8, 'blocked', null, 'REVOKED', 'Certificate 8 is revoked.'],
      [9, 'blocked', null, 'SUPERSEDED', 'Certificate 9 was already renewed by certificate 13.'],
      [
        10,
        'blocked',
        null,
        'ALREADY_ON_TARGET',
        `Certificate 10 was already issued by "${EC_CA}" with template "WebECDSA".`,
      ],
      [13, 'blocked', null, 'NOT_IN_STORE', 'Certificate 13 is not in any certificate store.'],
    ]);
    // Trust first: the EC root, then the EC issuing CA, to the trust store of each machine
    // (machines in name order).
    expect(body.trust.enabled).toBe(true);
    expect(body.trust.deliveries).toEqual(
      [STORE.dbTrust, STORE.webTrust].flatMap((store) =>
        ['root.ec.lab\\ec-Root', EC_CA].map((ca) => ({
          store: expect.objectContaining({ id: store }) as unknown,
          certificate: expect.objectContaining({ ca }) as unknown,
          state: 'planned',
          jobId: null,
          message: null,
        })),
      ),
    );

    const blockedPage = await api(
      server,
      'GET',
      `/api/campaigns/${campaign.id}/items?state=blocked&limit=2&page=2`,
    );
    expect(blockedPage.status).toBe(200);
    expect(blockedPage.body).toMatchObject({
      total: 6,
      page: 2,
      limit: 2,
      items: [
        { certificateId: 8, blockedCode: 'REVOKED' },
        { certificateId: 9, blockedCode: 'SUPERSEDED' },
      ],
    });
    // A dry run: nothing issued, no job scheduled.
    expect(await rows(server, 'SELECT id FROM certificates')).toEqual(certificatesBefore);
    expect(await rows(server, 'SELECT id FROM orchestrator_jobs')).toEqual(jobsBefore);
  });

  it('without a target template each certificate keeps its own, and one the target CA does not offer is blocked', async () => {
    const created = await api(server, 'POST', '/api/campaigns', {
      name: 'Keep templates',
      query: LEGACY_QUERY,
      sourceCA: LEGACY_CA,
      targetCA: EC_CA,
    });
    expect(created.status).toBe(201);
    const { id } = created.body as Campaign;
    const plan = (await api(server, 'GET', `/api/campaigns/${id}/plan`)).body as {
      target: { template: string | null };
      items: {
        certificateId: number;
        blocked: { code: string } | null;
        next: { template: string; keyAlgorithm: string };
      }[];
    };
    expect(plan.target.template).toBeNull();
    expect(plan.items.find((item) => item.certificateId === 3)?.blocked).toEqual({
      code: 'TEMPLATE_NOT_ALLOWED',
      message: `Template "LegacyOnly" is not available on certificate authority "${EC_CA}".`,
    });
    expect(plan.items.find((item) => item.certificateId === 1)).toMatchObject({
      blocked: null,
      next: { template: 'Legacy', keyAlgorithm: 'RSA-2048' },
    });
  });

  it('trust first says so when a machine has no trust store: nothing is delivered there', async () => {
    const created = await api(server, 'POST', '/api/campaigns', {
      ...legacyCampaign({ trustFirst: true }),
      query: 'CertId -eq 12',
    });
    expect(created.status).toBe(201);
    const { id, warnings } = created.body as Campaign;
    expect(warnings).toEqual([
      'Machine app01.legacy.lab has no approved trust store (IsTrustStore=true): trust first delivers nothing there.',
    ]);
    const plan = (await api(server, 'GET', `/api/campaigns/${id}/plan`)).body as {
      trust: { deliveries: unknown[] };
      summary: { migrate: number };
    };
    expect(plan.trust.deliveries).toEqual([]);
    expect(plan.summary.migrate).toBe(1);
  });

  it('an agent that registered but is not approved blocks its certificates; when nothing can move, nothing is stored', async () => {
    await new TestAgent(server, 'ghost01.legacy.lab').register();
    const before = await campaignCount();
    const refused = await api(server, 'POST', '/api/campaigns', {
      ...legacyCampaign(),
      query: 'CertId -eq 6',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      ErrorCode: '0xA0110E04',
      Message:
        'None of the 1 matching certificates can migrate: The agent of machine ghost01.legacy.lab is not approved (New).',
    });
    expect(await campaignCount()).toBe(before);
  });

  it.each([
    ['an unknown target CA', { targetCA: 'nowhere\\none' }, '0xA0110402'],
    ['a malformed CA name', { targetCA: 'no-backslash' }, '0xA0110401'],
    ['an unknown source CA', { sourceCA: 'nowhere\\none' }, '0xA0110402'],
    ['an unknown template', { targetTemplate: 'NoSuch' }, '0xA0110301'],
    ['a template the target CA does not offer', { targetTemplate: 'LegacyOnly' }, '0xA0110302'],
    [
      'no template and every certificate’s own not offered by the target CA',
      { targetTemplate: undefined, query: 'TemplateShortName -eq "LegacyOnly"' },
      '0xA0110302',
    ],
    ['a template that needs approval', { targetTemplate: 'WebECDSAApproval' }, '0xA0110E01'],
    ['a bad query', { query: 'IssuingCA -equals "x"' }, '0xA0110E05'],
    ['a query on an unknown field', { query: 'Colour -eq "blue"' }, '0xA0110E05'],
    ['a query nothing matches', { query: 'CN -eq "nothing.here"' }, '0xA0110E04'],
    [
      'a CA name with one backslash (it escapes the next character)',
      { query: 'IssuingCA -eq "ca1.legacy.lab\\legacy-CA1"' },
      '0xA0110E04',
    ],
    ['a missing target CA', { targetCA: undefined }, '0xA0111003'],
    ['a batch size of 0', { batchSize: 0 }, '0xA0111003'],
    ['trustFirst as text', { trustFirst: 'yes' }, '0xA0111003'],
    ['an unknown property', { colour: 'blue' }, '0xA0111003'],
  ])('refuses %s with a 400 and stores nothing', async (_what, change, code) => {
    const before = await campaignCount();
    const response = await api(server, 'POST', '/api/campaigns', legacyCampaign(change));
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).ErrorCode).toBe(code);
    expect((response.body as ErrorBody).Message).toEqual(expect.any(String));
    expect(await campaignCount()).toBe(before);
  });

  it('needs credentials; planning and running need admin, reading needs read', async () => {
    const created = await api(server, 'POST', '/api/campaigns', legacyCampaign());
    expect(created.status).toBe(201);
    const { id } = created.body as Campaign;
    for (const [method, path] of [
      ['GET', '/api/campaigns'],
      ['GET', `/api/campaigns/${id}`],
      ['GET', `/api/campaigns/${id}/plan`],
      ['GET', `/api/campaigns/${id}/items`],
      ['POST', '/api/campaigns'],
      ['POST', `/api/campaigns/${id}/execute`],
    ] as const) {
      expect((await call(server, method, path)).status).toBe(401);
    }
    const enroller = server.credentials.enroller;
    expect((await api(server, 'POST', '/api/campaigns', legacyCampaign(), enroller)).status).toBe(
      403,
    );
    for (const action of ['execute', 'pause', 'resume', 'cancel']) {
      const response = await api(
        server,
        'POST',
        `/api/campaigns/${id}/${action}`,
        undefined,
        enroller,
      );
      expect(response.status).toBe(403);
    }
    const auditor = server.credentials.auditor;
    expect((await api(server, 'GET', `/api/campaigns/${id}/plan`, undefined, auditor)).status).toBe(
      200,
    );
    expect(
      (await api(server, 'GET', `/api/campaigns/${id}/items`, undefined, auditor)).status,
    ).toBe(200);
    expect((await api(server, 'GET', '/api/campaigns', undefined, auditor)).status).toBe(200);

    expect((await api(server, 'GET', '/api/campaigns/99999')).body).toMatchObject({
      ErrorCode: '0xA0110E02',
    });
    // A malformed id is the dialect's 400, as on every /api route.
    expect((await api(server, 'GET', '/api/campaigns/abc')).body).toMatchObject({
      ErrorCode: '0xA0111001',
    });
    expect((await api(server, 'GET', `/api/campaigns/${id}/items?state=nonsense`)).status).toBe(
      400,
    );
    expect((await api(server, 'GET', `/api/campaigns/${id}/plan?limit=0`)).status).toBe(400);
    // Only a running campaign pauses; only a paused one resumes.
    expect((await api(server, 'POST', `/api/campaigns/${id}/pause`)).body).toMatchObject({
      ErrorCode: '0xA0110E03',
    });
    expect((await api(server, 'POST', `/api/campaigns/${id}/resume`)).status).toBe(409);
    const cancelled = await api(server, 'POST', `/api/campaigns/${id}/cancel`);
    expect(cancelled.body).toMatchObject({
      state: 'cancelled',
      progress: { pending: 0, cancelled: 5 },
    });
    expect((await api(server, 'POST', `/api/campaigns/${id}/execute`)).status).toBe(409);
  });
  it('a certificate a running campaign still has to move is blocked for another campaign', async () => {
    const first = (await api(server, 'POST', '/api/campaigns', legacyCampaign({ batchSize: 1 })))
      .body as Campaign;
    await api(server, 'POST', `/api/campaigns/${first.id}/execute`);
    // No agent delivers here: two items are issued, the other three wait.
    await until(async () => (await campaignOf(server, first.id)).progress.issued === 2);
    const second = await api(server, 'POST', '/api/campaigns', legacyCampaign());
    expect(second.status).toBe(400);
    expect((second.body as ErrorBody).Message).toContain(
      `Certificate 3 is still being moved by campaign ${first.id}.`,
    );
    expect((await api(server, 'POST', `/api/campaigns/${first.id}/cancel`)).body).toMatchObject({
      state: 'cancelled',
      progress: { issued: 2, cancelled: 3 },
    });
  });
});

describe('migration campaigns: execution', () => {
  let server: LabServer;
  let agents: TestAgent[];
  beforeEach(async () => {
    server = await startLabServer({ labFile: LAB });
    agents = [
      await new TestAgent(server, WEB01).register(),
      await new TestAgent(server, DB01).register(),
    ];
    // The lab's own deployment jobs first, so what follows is the campaign's.
    for (const agent of agents) await agent.drain();
  });
  afterEach(async () => {
    await server.close({ remove: true });
  });

  const drainAll = async (
    before?: (config: ManagementJobConfiguration & { JobId: string }) => Promise<void>,
  ) => {
    const done: ManagementJobConfiguration[] = [];
    for (const agent of agents) done.push(...(await agent.drain(before)));
    return done;
  };

  /** Plays the agents until the campaign has no work left in flight and is in `state`. */
  const runUntil = async (id: number, state: string, before?: Parameters<typeof drainAll>[0]) =>
    until(async () => {
      await drainAll(before);
      const campaign = await campaignOf(server, id);
      return campaign.state === state ? campaign : undefined;
    });

  it('trust first, then the leaves in batches, then retires each old certificate once its stores confirmed the new one', async () => {
    const created = await api(
      server,
      'POST',
      '/api/campaigns',
      legacyCampaign({ batchSize: 2, trustFirst: true, retireOld: true }),
    );
    expect(created.status).toBe(201);
    const { id } = created.body as Campaign;
    const plan = (await api(server, 'GET', `/api/campaigns/${id}/plan`)).body as {
      items: { certificateId: number; blocked: unknown; stores: { id: string }[] }[];
    };
    const planned = plan.items.filter((item) => item.blocked === null);
    expect(planned.map((item) => item.certificateId)).toEqual(MOVABLE);

    // After planning, certificate 5 turns up in a second store the plan does not know: its
    // successor goes where the plan said, and the old one, still deployed, is not revoked.
    await rows(
      server,
      "INSERT INTO certificate_locations (certificate_id, store_id, alias) VALUES (5, ?, 'db-b-copy')",
      [STORE.ghost],
    );
    const started = await api(server, 'POST', `/api/campaigns/${id}/execute`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ state: 'running', phase: 'trust' });
    await until(async () => (await campaignOf(server, id)).trust.scheduled === 4);
    // The agents have not confirmed the new chain yet: no leaf was renewed.
    expect(await renewalsPerOriginal(server, MOVABLE)).toEqual([0, 0, 0, 0, 0]);

    const trustJobs = await drainAll();
    expect(trustJobs).toHaveLength(4);
    const ecThumbprints = await rows<{ thumbprint: string }>(
      server,
      `SELECT thumbprint FROM certificate_authorities WHERE config_name IN ('root.ec.lab\\ec-Root', ?)`,
      [EC_CA],
    );
    expect(ecThumbprints).toHaveLength(2);
    for (const job of trustJobs) {
      expect(job.CertificateStoreDetails.StorePath).toMatch(/trust\.pem$/);
      // A CA certificate travels without a key: base64 DER, no password.
      expect(job.JobCertificate.PrivateKeyPassword).toBe('');
      const ca = new X509Certificate(Buffer.from(job.JobCertificate.Contents, 'base64'));
      expect(ca.ca).toBe(true);
    }
    expect(trustJobs.map((job) => job.JobCertificate.Thumbprint).sort()).toEqual(
      [...ecThumbprints, ...ecThumbprints].map((row) => row.thumbprint).sort(),
    );

    // Retire old: while a leaf's jobs are not complete, its original is not revoked.
    const checkNotRevokedYet = async (config: ManagementJobConfiguration) => {
      const [row] = await rows<{ renewed_from_id: number | null; revoked: string | null }>(
        server,
        `SELECT c.renewed_from_id, o.revoked_at AS revoked FROM certificates c
         LEFT JOIN certificates o ON o.id = c.renewed_from_id WHERE c.thumbprint = ?`,
        [config.JobCertificate.Thumbprint],
      );
      if (row?.renewed_from_id) expect(row.revoked).toBeNull();
    };
    const done = await runUntil(id, 'completed', checkNotRevokedYet);
    expect(done).toMatchObject({
      phase: 'done',
      message: null,
      progress: {
        total: 9,
        retired: 4,
        delivered: 1,
        blocked: 4,
        pending: 0,
        issued: 0,
        failed: 0,
      },
      trust: { confirmed: 4 },
    });
    expect(await renewalsPerOriginal(server, MOVABLE)).toEqual([1, 1, 1, 1, 1]);

    const items = (await api(server, 'GET', `/api/campaigns/${id}/items?limit=5`)).body as {
      items: {
        certificateId: number;
        newCertificateId: number;
        batch: number;
        state: string;
        message: string | null;
      }[];
    };
    expect(
      items.items.map((item) => [item.certificateId, item.batch, item.state, item.message]),
    ).toEqual([
      [1, 1, 'retired', null],
      [2, 1, 'retired', null],
      [3, 2, 'retired', null],
      [4, 2, 'retired', null],
      [
        5,
        3,
        'delivered',
        'Not retired: the old certificate is still in ghost01.legacy.lab:/srv/ghost.pem.',
      ],
    ]);
    const news = await rows<{
      id: number;
      renewed_from_id: number;
      key_algorithm: string;
      issuer_dn: string;
    }>(
      server,
      `SELECT id, renewed_from_id, key_algorithm, issuer_dn FROM certificates WHERE renewed_from_id IN (${MOVABLE.join(',')}) ORDER BY renewed_from_id`,
    );
    expect(news.map((row) => [Number(row.renewed_from_id), row.key_algorithm])).toEqual(
      MOVABLE.map((id) => [id, 'P-256']),
    );
    expect(items.items.map((item) => item.newCertificateId)).toEqual(
      news.map((row) => Number(row.id)),
    );
    // Each new certificate is where the old one was, and the old ones are revoked as superseded.
    for (const item of planned) {
      const successor = news.find((row) => Number(row.renewed_from_id) === item.certificateId);
      const located = await rows<{ store_id: string }>(
        server,
        'SELECT store_id FROM certificate_locations WHERE certificate_id = ?',
        [successor?.id],
      );
      expect(located.map((row) => row.store_id)).toEqual(item.stores.map((store) => store.id));
    }
    const originals = await rows<{ id: number; revocation_reason: string }>(
      server,
      `SELECT id, revocation_reason FROM certificates WHERE id IN (${MOVABLE.join(',')}) ORDER BY id`,
    );
    expect(originals.map((row) => row.revocation_reason)).toEqual([
      ...Array(4).fill('superseded'),
      null,
    ]);

    // Trust first held: every leaf job was created after the last trust job completed, and
    // every old certificate was revoked after its successor's last job completed.
    const [order] = await rows<{ trustDone: string; firstLeaf: string }>(
      server,
      `SELECT (SELECT MAX(j.completed_at) FROM orchestrator_jobs j JOIN campaign_trust_deliveries d ON d.job_id = j.id) AS "trustDone",
              (SELECT MIN(j.created_at) FROM orchestrator_jobs j JOIN campaign_items i ON i.new_certificate_id = j.certificate_id) AS "firstLeaf"`,
    );
    expect(order!.firstLeaf >= order!.trustDone).toBe(true);
    const retiredTooEarly = await rows(
      server,
      `SELECT o.id FROM campaign_items i JOIN certificates o ON o.id = i.certificate_id
       JOIN orchestrator_jobs j ON j.certificate_id = i.new_certificate_id
       WHERE i.campaign_id = ? AND o.revoked_at < j.completed_at`,
      [id],
    );
    expect(retiredTooEarly).toEqual([]);
    // The trust stores now hold the EC root and issuing CA.
    const trusted = await rows<{ subject: string }>(
      server,
      `SELECT c.subject FROM certificate_locations l JOIN certificates c ON c.id = l.certificate_id
       WHERE l.store_id IN (?, ?) ORDER BY c.subject`,
      [STORE.webTrust, STORE.dbTrust],
    );
    expect(trusted.map((row) => row.subject).sort()).toEqual(
      [
        'CN=EC Issuing CA,O=Modern,C=US',
        'CN=EC Issuing CA,O=Modern,C=US',
        'CN=EC Root,O=Modern,C=US',
        'CN=EC Root,O=Modern,C=US',
      ].sort(),
    );
  });

  it('pause stops new items while those in flight finish; resume continues; a failed delivery fails its item only', async () => {
    const created = await api(server, 'POST', '/api/campaigns', legacyCampaign({ batchSize: 1 }));
    const { id } = created.body as Campaign;
    await api(server, 'POST', `/api/campaigns/${id}/execute`);
    // Two batches in flight at most: the runner waits for their deliveries before the next.
    const waiting = await until(async () => {
      const campaign = await campaignOf(server, id);
      return campaign.progress.issued === 2 ? campaign : undefined;
    });
    expect(waiting.progress).toMatchObject({ pending: 3, issued: 2 });
    const paused = await api(server, 'POST', `/api/campaigns/${id}/pause`);
    expect(paused.body).toMatchObject({ state: 'paused' });

    // The web01 job of the first item fails, the others succeed.
    const web01 = agents[0]!;
    const failing = await rows<{ id: string }>(
      server,
      `SELECT j.id FROM orchestrator_jobs j JOIN campaign_items i ON i.new_certificate_id = j.certificate_id
       WHERE i.campaign_id = ? AND i.certificate_id = 1`,
      [id],
    );
    expect(failing).toHaveLength(1);
    const poll = await call(server, 'POST', '/KeyfactorAgents/Jobs/Poll', {
      credentials: server.credentials.agent,
      body: { SessionToken: (web01 as unknown as { token: string }).token, WaitSeconds: 0 },
    });
    expect(poll.status).toBe(200);
    const token = (web01 as unknown as { token: string }).token;
    await call(server, 'POST', '/KeyfactorAgents/Management/Configuration', {
      credentials: server.credentials.agent,
      body: { SessionToken: token, JobId: failing[0]!.id },
    });
    await call(server, 'POST', '/KeyfactorAgents/Management/Complete', {
      credentials: server.credentials.agent,
      body: { SessionToken: token, JobId: failing[0]!.id, Status: 4, Message: 'disk full' },
    });
    const settled = await until(async () => {
      await drainAll();
      const campaign = await campaignOf(server, id);
      return campaign.progress.issued === 0 ? campaign : undefined;
    });
    // Paused: the two in flight finished, nothing new started.
    expect(settled).toMatchObject({
      state: 'paused',
      progress: { pending: 3, delivered: 1, failed: 1 },
    });
    expect(await renewalsPerOriginal(server, MOVABLE)).toEqual([1, 1, 0, 0, 0]);
    const failed = (await api(server, 'GET', `/api/campaigns/${id}/items?state=failed`)).body as {
      items: { certificateId: number; message: string }[];
    };
    expect(failed.items).toEqual([
      expect.objectContaining({
        certificateId: 1,
        message:
          'Delivery failed on 1 of 1 store(s): web01.legacy.lab:/etc/ssl/web-a.pem: disk full',
      }),
    ]);

    expect((await api(server, 'POST', `/api/campaigns/${id}/resume`)).body).toMatchObject({
      state: 'running',
    });
    const done = await runUntil(id, 'completed');
    expect(done).toMatchObject({
      message: '1 certificate(s) failed; see the items.',
      progress: { delivered: 4, failed: 1, pending: 0, retired: 0 },
    });
    expect(await renewalsPerOriginal(server, MOVABLE)).toEqual([1, 1, 1, 1, 1]);
    // Not asked to retire: the old certificates stay valid.
    expect(await rows(server, `SELECT id FROM certificates WHERE revoked_at IS NOT NULL`)).toEqual(
      [],
    );
  });

  it('a server restart mid-campaign resumes it without renewing any certificate twice', async () => {
    const created = await api(
      server,
      'POST',
      '/api/campaigns',
      legacyCampaign({ batchSize: 1, retireOld: true }),
    );
    const { id } = created.body as Campaign;
    await api(server, 'POST', `/api/campaigns/${id}/execute`);
    await until(async () => (await campaignOf(server, id)).progress.issued === 2);

    const dataDir = server.dataDir;
    await server.close();
    server = await startLabServer({ labFile: LAB, dataDir });
    agents = [
      await new TestAgent(server, WEB01).register(),
      await new TestAgent(server, DB01).register(),
    ];
    expect((await campaignOf(server, id)).state).toBe('running');

    const done = await runUntil(id, 'completed');
    expect(done.progress).toMatchObject({ retired: 5, pending: 0, issued: 0, failed: 0 });
    expect(await renewalsPerOriginal(server, MOVABLE)).toEqual([1, 1, 1, 1, 1]);
  });
});
