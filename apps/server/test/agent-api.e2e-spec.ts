import { X509Certificate } from 'node:crypto';
import {
  type CmsRenewResponse,
  type ManagementJobConfiguration,
  type PollResponse,
  type RegisterResponse,
} from '@certlab/contracts';
import { parsePkcs12, readCertificate } from '@certlab/pki';
import { type ErrorBody } from '../src/common/errors/error-body';
import { call, type LabServer, startLabServer } from './support/lab-server';

/**
 * The orchestrator protocol over real HTTP, the server's side only: requests made here as an
 * agent would make them (the real agent's end-to-end test drives the real binary).
 */
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';
const CHERRY = '192.168.41.171';

let server: LabServer;
beforeAll(async () => {
  // A short lease, so an abandoned job comes back within the test.
  server = await startLabServer({ env: { CERTLAB_JOB_LEASE_SECONDS: '3' } });
});
afterAll(async () => {
  await server.close({ remove: true });
});

const agentCall = (path: string, body: unknown, credentials = server.credentials.agent) =>
  call(server, 'POST', `/KeyfactorAgents/${path}`, { credentials, body });

async function register(clientMachine: string): Promise<RegisterResponse['Session']> {
  const response = await agentCall('Session/Register', {
    ClientMachine: clientMachine,
    AgentVersion: '0.1.0',
    Capabilities: ['CertStores.RFPEM.Management'],
  });
  expect(response.status).toBe(200);
  return (response.body as RegisterResponse).Session;
}

async function poll(token: string, waitSeconds = 0): Promise<PollResponse> {
  const response = await agentCall('Jobs/Poll', { SessionToken: token, WaitSeconds: waitSeconds });
  expect(response.status).toBe(200);
  return response.body as PollResponse;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the agent API', () => {
  it('needs the agent role: an admin or no credentials cannot use it', async () => {
    expect(
      (
        await agentCall(
          'Session/Register',
          { ClientMachine: CHERRY, AgentVersion: '1' },
          server.credentials.admin,
        )
      ).status,
    ).toBe(403);
    const anonymous = await call(server, 'POST', '/KeyfactorAgents/Session/Register', {
      body: { ClientMachine: CHERRY, AgentVersion: '1' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('a new machine registers as New and gets no job until an admin approves it', async () => {
    const session = await register('new-machine.jdk.cms');
    const heartbeat = await agentCall('Session/Heartbeat', { SessionToken: session.Token });
    expect(heartbeat.status).toBe(200);
    expect(heartbeat.body).toMatchObject({
      Status: 'New',
      SessionValid: true,
      HeartbeatInterval: expect.any(Number) as unknown,
    });
    expect(session).toMatchObject({
      Status: 'New',
      ClientMachine: 'new-machine.jdk.cms',
      Jobs: [],
    });
    expect((await poll(session.Token)).Jobs).toEqual([]);

    const approve = await call(server, 'POST', '/KeyfactorAPI/Agents/Approve', {
      credentials: server.credentials.admin,
      headers: { 'x-keyfactor-requested-with': 'APIClient' },
      body: [session.AgentId],
    });
    expect(approve.status).toBe(204);
    expect((await poll(session.Token)).Status).toBe('Approved');
    // An enroller may renew but not approve agents.
    const denied = await call(server, 'POST', '/KeyfactorAPI/Agents/Disapprove', {
      credentials: server.credentials.enroller,
      headers: { 'x-keyfactor-requested-with': 'APIClient' },
      body: [session.AgentId],
    });
    expect(denied.status).toBe(403);
  });

  it('delivers a renewal: offered to the right agent, claimed once, a PKCS#12 with key and chain, locations updated on success', async () => {
    const cherry = await register(CHERRY);
    const web01 = await register('web01.jdk.cms');
    expect(cherry.Status).toBe('Approved'); // the lab pre-approves its machines
    // The seeded certificate's own deployment job is already waiting for this machine.
    expect(cherry.Jobs.length).toBeGreaterThan(0);

    const renewal = await call(server, 'POST', '/CMSApi/CertEnroll/3/Renew', {
      credentials: server.credentials.enroller,
      body: {
        Lookup: { Type: 'CMSID', CMSID: 7 },
        CertStores: [CHERRYSTORE],
        Metadata: { 'Email-Contact': 'a.b@example.com' },
      },
    });
    const thumbprint = (renewal.body as CmsRenewResponse).Thumbprint;
    const [job] = await server.dataSource.query<{ id: string }[]>(
      'SELECT j.id AS id FROM orchestrator_jobs j JOIN certificates c ON c.id = j.certificate_id WHERE c.thumbprint = ?',
      [thumbprint],
    );
    const jobs = (await poll(cherry.Token)).Jobs;
    expect(jobs.map((reference) => reference.JobId)).toContain(job!.id);
    expect(jobs.find((reference) => reference.JobId === job!.id)).toMatchObject({
      JobType: 'Management',
      ConfigurationEndpoint: '/KeyfactorAgents/Management/Configuration',
      CompletionEndpoint: '/KeyfactorAgents/Management/Complete',
    });
    // Another machine's agent neither sees nor may fetch it.
    expect((await poll(web01.Token)).Jobs.map((reference) => reference.JobId)).not.toContain(
      job!.id,
    );
    const stolen = await agentCall('Management/Configuration', {
      SessionToken: web01.Token,
      JobId: job!.id,
    });
    expect(stolen.status).toBe(403);
    expect((stolen.body as ErrorBody).ErrorCode).toMatch(/^0xA011/);

    const configuration = await agentCall('Management/Configuration', {
      SessionToken: cherry.Token,
      JobId: job!.id,
    });
    expect(configuration.status).toBe(200);
    const config = configuration.body as ManagementJobConfiguration;
    expect(config).toMatchObject({
      OperationType: 2,
      Overwrite: true,
      JobCertificate: { Thumbprint: thumbprint, Alias: 'cherry' },
      CertificateStoreDetails: {
        ClientMachine: CHERRY,
        StorePath: '/home/pi/cherry/cherrystore',
        Type: 'PEM',
      },
    });
    expect(config.LastInventory.map((item) => item.Alias)).toEqual(['cherry']);
    // A second claim while the lease holds loses.
    expect(
      (await agentCall('Management/Configuration', { SessionToken: cherry.Token, JobId: job!.id }))
        .status,
    ).toBe(409);

    const contents = parsePkcs12(
      Buffer.from(config.JobCertificate.Contents, 'base64'),
      config.JobCertificate.PrivateKeyPassword,
    );
    expect(contents.privateKey).toBeDefined();
    const [leaf, issuing, root] = contents.certificates.map((der) => new X509Certificate(der));
    expect(leaf!.fingerprint.replace(/:/g, '')).toBe(thumbprint);
    expect(leaf!.checkIssued(issuing!)).toBe(true);
    expect(issuing!.checkIssued(root!)).toBe(true);
    expect(() =>
      parsePkcs12(Buffer.from(config.JobCertificate.Contents, 'base64'), 'wrong'),
    ).toThrow();

    // Only the claimant may complete it.
    expect(
      (
        await agentCall('Management/Complete', {
          SessionToken: web01.Token,
          JobId: job!.id,
          Status: 2,
          Message: 'x',
        })
      ).status,
    ).toBe(403);
    const newPem = readCertificate(contents.certificates[0]!).pem;
    const completed = await agentCall('Management/Complete', {
      SessionToken: cherry.Token,
      JobId: job!.id,
      Status: 2,
      Message: `Site /home/pi/cherry/cherrystore on server ${CHERRY}: certificate ${thumbprint} added`,
      Inventory: [
        { Alias: thumbprint, PrivateKeyEntry: true, ItemStatus: 2, Certificates: [newPem] },
      ],
    });
    expect(completed.status).toBe(200);

    const inventory = await call(
      server,
      'GET',
      `/KeyfactorAPI/CertificateStores/${CHERRYSTORE}/Inventory`,
      {
        credentials: server.credentials.auditor,
        headers: { 'x-keyfactor-requested-with': 'APIClient' },
      },
    );
    const thumbprints = (inventory.body as { Certificates: { Thumbprint: string }[] }[]).flatMap(
      (item) => item.Certificates.map((c) => c.Thumbprint),
    );
    expect(thumbprints).toEqual([thumbprint]);
    const [row] = await server.dataSource.query<{ status: string; result_message: string }[]>(
      'SELECT status, result_message FROM orchestrator_jobs WHERE id = ?',
      [job!.id],
    );
    expect(row).toEqual({
      status: 'Succeeded',
      result_message: expect.stringContaining('added') as unknown,
    });
    // Completing twice is refused: the job is finished.
    expect(
      (
        await agentCall('Management/Complete', {
          SessionToken: cherry.Token,
          JobId: job!.id,
          Status: 2,
        })
      ).status,
    ).toBe(409);
  });

  it('offers a job again when its claimant never completes it within the lease', async () => {
    const db01 = await register('db01.jdk.cms');
    const [job] = (await poll(db01.Token)).Jobs;
    expect(job).toBeDefined();
    expect(
      (await agentCall('Management/Configuration', { SessionToken: db01.Token, JobId: job!.JobId }))
        .status,
    ).toBe(200);
    expect((await poll(db01.Token)).Jobs.map((reference) => reference.JobId)).not.toContain(
      job!.JobId,
    );

    await sleep(4_400); // past the 3 s lease and the first retry's 1 s backoff
    expect((await poll(db01.Token)).Jobs.map((reference) => reference.JobId)).toContain(job!.JobId);
    expect(
      (await agentCall('Management/Configuration', { SessionToken: db01.Token, JobId: job!.JobId }))
        .status,
    ).toBe(200);
    const [row] = await server.dataSource.query<{ attempts: number }[]>(
      'SELECT attempts FROM orchestrator_jobs WHERE id = ?',
      [job!.JobId],
    );
    expect(Number(row!.attempts)).toBe(2);
  });

  it('long polls: a poll waiting for jobs returns as soon as a renewal schedules one', async () => {
    const web01 = await register('web01.jdk.cms');
    // Drain what is already there, completing it so it is not offered again (the short lease of
    // this suite would hand back a job that is only claimed).
    for (const reference of (await poll(web01.Token)).Jobs) {
      await agentCall('Management/Configuration', {
        SessionToken: web01.Token,
        JobId: reference.JobId,
      });
      await agentCall('Management/Complete', {
        SessionToken: web01.Token,
        JobId: reference.JobId,
        Status: 2,
      });
    }
    const started = Date.now();
    const waiting = poll(web01.Token, 20);
    await sleep(300);
    await call(server, 'POST', '/CMSApi/CertEnroll/3/Renew', {
      credentials: server.credentials.enroller,
      body: {
        Lookup: { Type: 'CMSID', CMSID: 1 },
        CertStores: ['9e7d5c3b-1a2f-4b6e-8d0c-7f5e3a1b9c24'],
      },
    });
    const answer = await waiting;
    expect(answer.Jobs.length).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a forged or malformed session and malformed bodies, with the error body', async () => {
    const forged = await agentCall('Jobs/Poll', {
      SessionToken: 'eyJhZ2VudElkIjoieCJ9.c2lnbmF0dXJlLWZvcmdlZA',
      WaitSeconds: 0,
    });
    expect(forged.status).toBe(401);
    expect(Object.keys(forged.body as object).sort()).toEqual(['ErrorCode', 'Message']);
    expect((await agentCall('Jobs/Poll', { WaitSeconds: 0 })).status).toBe(400);
    expect((await agentCall('Session/Register', { AgentVersion: '1' })).status).toBe(400);
    const session = await register(CHERRY);
    expect(
      (
        await agentCall('Management/Configuration', {
          SessionToken: session.Token,
          JobId: 'not-a-guid',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await agentCall('Management/Configuration', {
          SessionToken: session.Token,
          JobId: '00000000-0000-0000-0000-000000000000',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await agentCall('Management/Complete', {
          SessionToken: session.Token,
          JobId: '00000000-0000-0000-0000-000000000000',
          Status: 7,
        })
      ).status,
    ).toBe(400);
  });

  it('inventory jobs: scheduled through the Keyfactor API, reported by the agent, and the store view follows', async () => {
    const db01Store = '7f3a9c1e-8b4d-4f2a-a6e5-1c9b7d3f5e82';
    const db01 = await register('db01.jdk.cms');
    const kf = (method: string, path: string, body?: unknown) =>
      call(server, method, `/KeyfactorAPI/${path}`, {
        credentials: server.credentials.admin,
        headers: { 'x-keyfactor-requested-with': 'APIClient' },
        body,
      });
    expect(
      (
        await kf('POST', 'CertificateStores/Schedule', {
          StoreIds: [db01Store],
          Schedule: { Interval: { Minutes: 5 } },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await kf('POST', 'CertificateStores/Schedule', {
          StoreIds: [db01Store],
          Schedule: { Immediate: true },
        })
      ).status,
    ).toBe(204);

    const reference = await waitForJob(db01.Token, (job) => job.JobType === 'Inventory');
    expect(reference).toMatchObject({
      ConfigurationEndpoint: '/KeyfactorAgents/Inventory/Configuration',
      CompletionEndpoint: '/KeyfactorAgents/Inventory/Complete',
    });
    const configuration = await agentCall('Inventory/Configuration', {
      SessionToken: db01.Token,
      JobId: reference.JobId,
    });
    expect(configuration.status).toBe(200);
    expect(
      (configuration.body as { CertificateStoreDetails: { StorePath: string } })
        .CertificateStoreDetails.StorePath,
    ).toBe('/var/lib/pgsql/server.pem');
    // The agent found the store empty (someone deleted the file): certlab's view follows.
    const completed = await agentCall('Inventory/Complete', {
      SessionToken: db01.Token,
      JobId: reference.JobId,
      Status: 2,
      Message: 'Site /var/lib/pgsql/server.pem on server db01.jdk.cms: 0 entries',
      Inventory: [],
    });
    expect(completed.status).toBe(200);
    const inventory = await kf('GET', `CertificateStores/${db01Store}/Inventory`);
    expect(inventory.body).toEqual([]);
  });

  it('PFX/Deploy and PFX/Replace schedule Add jobs into chosen stores or where the old certificate sits', async () => {
    const kf = (method: string, path: string, body?: unknown) =>
      call(server, method, `/KeyfactorAPI/${path}`, {
        credentials: server.credentials.enroller,
        headers: { 'x-keyfactor-requested-with': 'APIClient' },
        body,
      });
    const jobsOf = (certificateId: number) =>
      server.dataSource.query<{ store_id: string; alias: string; status: string }[]>(
        'SELECT store_id, alias, status FROM orchestrator_jobs WHERE certificate_id = ? ORDER BY store_id',
        [certificateId],
      );
    const intranet = '4b2e8f6a-5c1d-4a7e-b3f9-2d6c8e0a1f53';

    const deploy = await kf('POST', 'Enrollment/PFX/Deploy', {
      CertificateId: 8,
      StoreIds: [intranet],
    });
    expect(deploy).toMatchObject({
      status: 200,
      body: { SuccessfulStores: [intranet], FailedStores: [] },
    });
    const [cert8] = await server.dataSource.query<{ thumbprint: string }[]>(
      'SELECT thumbprint FROM certificates WHERE id = 8',
    );
    expect(await jobsOf(8)).toEqual([
      { store_id: intranet, alias: cert8!.thumbprint, status: 'Pending' },
    ]);
    expect(
      (
        await kf('POST', 'Enrollment/PFX/Deploy', {
          CertificateId: 8,
          StoreIds: ['00000000-0000-0000-0000-000000000000'],
        })
      ).status,
    ).toBe(400);
    expect(await jobsOf(8)).toHaveLength(1);

    // The newer API's renew-then-replace: certificate 2 lives in the intranet store as "intranet".
    const renewed = await kf('POST', 'Enrollment/Renew', {
      CertificateId: 3,
      Timestamp: new Date().toISOString(),
    });
    const newId = (renewed.body as { KeyfactorId: number }).KeyfactorId;
    const replace = await kf('POST', 'Enrollment/PFX/Replace', {
      ExistingCertificateId: 2,
      CertificateId: newId,
    });
    expect(replace).toMatchObject({
      status: 200,
      body: { SuccessfulStores: [intranet] },
    });
    expect(await jobsOf(newId)).toEqual([
      { store_id: intranet, alias: 'intranet', status: 'Pending' },
    ]);
    // Certificate 5 is not deployed anywhere: nothing to replace.
    expect(
      (
        await kf('POST', 'Enrollment/PFX/Replace', {
          ExistingCertificateId: 5,
          CertificateId: newId,
        })
      ).status,
    ).toBe(400);
  });
});

async function waitForJob(
  token: string,
  match: (job: PollResponse['Jobs'][number]) => boolean,
): Promise<PollResponse['Jobs'][number]> {
  for (let tries = 0; tries < 20; tries++) {
    const found = (await poll(token, 1)).Jobs.find(match);
    if (found) return found;
  }
  throw new Error('no such job offered');
}
