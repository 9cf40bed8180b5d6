import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryItemStatus, type ManagementJobConfiguration } from '@certlab/contracts';
import { readCertificates } from '@certlab/pki';
import { PemStore } from '../src/stores';
import { ensureBuilt, startAgent } from './factories/agent-binary';
import { createTestPki, pkcs12Contents, type TestLeaf } from './factories/certificates';
import { FakeAgentServer } from './factories/fake-agent-server';

/**
 * The real agent binary against an in-test server speaking the `/KeyfactorAgents` protocol: what
 * lands on disk, what the server hears back, what the log says, how it stops.
 */

const USERNAME = 'agent-web01';
const PASSWORD = 'Agent-Pa55-never-printed';
const PFX_PASSWORD = 'Job-Pfx-Pa55-never-printed';
const STORE_PATH = '/etc/ssl/web01.pem';

let oldLeaf: TestLeaf;
let newLeaf: TestLeaf;
let workDir: string;
let root: string;
let server: FakeAgentServer;
let serverUrl: string;

beforeAll(async () => {
  ensureBuilt();
  const pki = await createTestPki();
  oldLeaf = await pki.issueLeaf('web01.example');
  newLeaf = await pki.issueLeaf('web01.example');
});

beforeEach(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'certlab-agent-int-'));
  root = join(workDir, 'root');
  server = new FakeAgentServer({ username: USERNAME, password: PASSWORD });
  serverUrl = await server.start();
});

afterEach(async () => {
  await server.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const storeFile = () => join(root, STORE_PATH);

function addJob(leaf: TestLeaf, overrides: Partial<ManagementJobConfiguration> = {}) {
  return {
    Result: { Status: 1 },
    JobCancelled: false,
    OperationType: 2,
    Overwrite: true,
    JobCertificate: {
      Thumbprint: leaf.thumbprint,
      Contents: pkcs12Contents(leaf, PFX_PASSWORD),
      Alias: oldLeaf.thumbprint,
      PrivateKeyPassword: PFX_PASSWORD,
    },
    CertificateStoreDetails: {
      ClientMachine: 'web01',
      StorePath: STORE_PATH,
      StorePassword: null,
      Properties: '{"IncludesChain":"true"}',
      Type: 'RFPEM',
    },
    LastInventory: [
      { Alias: oldLeaf.thumbprint, PrivateKeyEntry: true, Thumbprints: [oldLeaf.thumbprint] },
    ],
    LeaseSeconds: 300,
    ...overrides,
  };
}

/** The store as a previous renewal left it: the old certificate and key. */
async function seedOldStore(): Promise<Buffer> {
  mkdirSync(root, { mode: 0o700 });
  await new PemStore({ root, storePath: STORE_PATH, properties: { IncludesChain: 'true' } }).add(
    {
      certificates: [oldLeaf.certificate.der, ...oldLeaf.chain.map((c) => c.der)],
      privateKey: oldLeaf.privateKey,
    },
    { overwrite: true },
  );
  return readFileSync(storeFile());
}

function agentArgs(...extra: string[]): string[] {
  return [
    '--server',
    serverUrl,
    '--client-machine',
    'web01',
    '--root',
    root,
    '--username',
    USERNAME,
    ...extra,
  ];
}

const agentEnv = (env: Record<string, string> = {}) => ({
  CERTLAB_AGENT_PASSWORD: PASSWORD,
  ...env,
});

/** The `job` lines of the agent's stdout. */
const jobLines = (stdout: string) => stdout.split('\n').filter((line) => / job id=/.test(line));

describe('certlab-agent against a /KeyfactorAgents server', () => {
  it('--once: renews the store from a PKCS#12 job and reports Success with the new inventory', async () => {
    await seedOldStore();
    const jobId = server.addJob(addJob(newLeaf));

    const agent = startAgent(agentArgs('--once'), agentEnv());
    const { code } = await agent.exited;

    expect(code).toBe(0);
    // On disk: the new certificate with its chain and key, the old one kept as the backup.
    const written = readFileSync(storeFile(), 'utf8');
    expect(readCertificates(written).map((c) => c.thumbprint)).toEqual([
      newLeaf.thumbprint,
      ...newLeaf.chain.map((c) => c.thumbprint),
    ]);
    expect(written).toContain('-----BEGIN PRIVATE KEY-----');
    expect(readCertificates(readFileSync(`${storeFile()}.bak`, 'utf8'))[0]?.thumbprint).toBe(
      oldLeaf.thumbprint,
    );
    // On the wire: Basic credentials on every call, the protocol's steps in order.
    const basic = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
    expect(server.requests.every((request) => request.authorization === basic)).toBe(true);
    expect(server.requests.map((request) => request.path)).toEqual([
      '/KeyfactorAgents/Session/Register',
      '/KeyfactorAgents/Management/Configuration',
      '/KeyfactorAgents/Jobs/Complete',
      '/KeyfactorAgents/Jobs/Poll',
    ]);
    expect(server.requests[0]?.body).toEqual({
      ClientMachine: 'web01',
      AgentPlatform: 5,
      Capabilities: ['CertStores.RFPEM.Inventory', 'CertStores.RFPEM.Management'],
      AgentVersion: '0.1.0',
    });
    expect(server.completions).toEqual([
      {
        SessionToken: expect.stringMatching(/^session-/),
        JobId: jobId,
        Status: 2,
        Message: `Site ${STORE_PATH} on server web01: certificate ${newLeaf.thumbprint} added (replaced ${oldLeaf.thumbprint}), verified after writing`,
        Inventory: [
          {
            Alias: newLeaf.thumbprint,
            PrivateKeyEntry: true,
            ItemStatus: InventoryItemStatus.Added,
            UseChainLevel: false,
            Certificates: [newLeaf.certificate.pem, ...newLeaf.chain.map((c) => c.pem)],
          },
          {
            Alias: oldLeaf.thumbprint,
            PrivateKeyEntry: true,
            ItemStatus: InventoryItemStatus.Removed,
            UseChainLevel: false,
            Certificates: [],
          },
        ],
      },
    ]);
    // In the log: one line for the job; never a password.
    expect(jobLines(agent.stdout())).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z job id=${jobId} op=Add store=${STORE_PATH} status=Success ms=\\d+ reported=true message="Site ${STORE_PATH} on server web01: certificate ${newLeaf.thumbprint} added \\(replaced ${oldLeaf.thumbprint}\\), verified after writing"$`,
        ),
      ),
    ]);
    const output = agent.stdout() + agent.stderr();
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(PFX_PASSWORD);
    expect(output).not.toContain('PRIVATE KEY');
  });

  it.each([
    [
      'a corrupt PKCS#12',
      { Contents: Buffer.from('certainly not a PFX').toString('base64') },
      /: Failure: the job's certificate cannot be used: .*\(MALFORMED_DER\)$/,
    ],
    [
      'a wrong PKCS#12 password',
      { PrivateKeyPassword: 'not-the-job-password' },
      /: Failure: the job's certificate cannot be used: .*\(BAD_PASSWORD\)$/,
    ],
  ])(
    '--once: reports Failure for %s and leaves the store untouched',
    async (_label, change, message) => {
      const before = await seedOldStore();
      const job = addJob(newLeaf);
      const jobId = server.addJob({ ...job, JobCertificate: { ...job.JobCertificate, ...change } });

      const agent = startAgent(agentArgs('--once'), agentEnv());
      const { code } = await agent.exited;

      expect(code).toBe(0);
      expect(server.completions).toEqual([
        expect.objectContaining({
          JobId: jobId,
          Status: 4,
          Message: expect.stringMatching(message),
        }),
      ]);
      expect(server.completions[0]?.Message).toMatch(
        new RegExp(`^Site ${STORE_PATH} on server web01: Failure: `),
      );
      expect(server.completions[0]).not.toHaveProperty('Inventory');
      expect(readFileSync(storeFile())).toEqual(before);
      expect(existsSync(`${storeFile()}.bak`)).toBe(false);
      expect(jobLines(agent.stdout())).toEqual([expect.stringContaining('status=Failure')]);
    },
  );

  describe("a certificate valid only at the server's (virtual) time", () => {
    const SIXTY_DAYS_MS = 60 * 86_400_000;
    let futureLeaf: TestLeaf;
    beforeAll(async () => {
      futureLeaf = await (
        await createTestPki()
      ).issueLeaf('web01.example', { issuedAt: new Date(Date.now() + SIXTY_DAYS_MS) });
    });

    it('--once: is delivered when the server says it is 60 days later (X-Certlab-Time)', async () => {
      await seedOldStore();
      server.clockAheadMs = SIXTY_DAYS_MS;
      const jobId = server.addJob(addJob(futureLeaf));

      const { code } = await startAgent(agentArgs('--once'), agentEnv()).exited;

      expect(code).toBe(0);
      expect(server.completions).toEqual([expect.objectContaining({ JobId: jobId, Status: 2 })]);
      expect(readCertificates(readFileSync(storeFile(), 'utf8'))[0]?.thumbprint).toBe(
        futureLeaf.thumbprint,
      );
    });

    it('--once: is refused (Failure, store untouched) when the server states no time', async () => {
      const before = await seedOldStore();
      const jobId = server.addJob(addJob(futureLeaf));

      const { code } = await startAgent(agentArgs('--once'), agentEnv()).exited;

      expect(code).toBe(0);
      expect(server.completions).toEqual([expect.objectContaining({ JobId: jobId, Status: 4 })]);
      expect(server.completions[0]?.Message).toMatch(
        new RegExp(
          `^Site ${STORE_PATH} on server web01: Failure: certificate ${futureLeaf.thumbprint} is not yet valid at this machine's time .*; nothing written$`,
        ),
      );
      expect(readFileSync(storeFile())).toEqual(before);
    });
  });

  it('--once: skips a job someone else claimed (409), completing nothing and writing nothing', async () => {
    const jobId = server.addJob(addJob(newLeaf), {
      configurationError: { status: 409, errorCode: 'JOB_CLAIMED' },
    });

    const agent = startAgent(agentArgs('--once'), agentEnv());
    const { code } = await agent.exited;

    expect(code).toBe(0);
    expect(server.completions).toEqual([]);
    expect(existsSync(storeFile())).toBe(false);
    // Offered again by the poll, but not tried twice in one run.
    expect(server.requests.filter((r) => r.path.endsWith('/Configuration'))).toHaveLength(1);
    expect(jobLines(agent.stdout())).toEqual([
      expect.stringContaining(`job id=${jobId} op=Management status=Skipped ms=`),
    ]);
    expect(agent.stdout()).toContain('claimed by someone else (HTTP 409 JOB_CLAIMED)');
  });

  it('--once: an agent awaiting approval runs nothing, says so and exits 0', async () => {
    server.status = 'New';
    server.addJob(addJob(newLeaf));

    const agent = startAgent(agentArgs('--once'), agentEnv());
    const { code } = await agent.exited;

    expect(code).toBe(0);
    expect(agent.stdout()).toMatch(/ waiting-for-approval agentId=/);
    expect(agent.stdout()).toMatch(/ agent-stopped outcome=waiting-approval/);
    expect(server.completions).toEqual([]);
  });

  it('creates a missing root 0700 and says so; runs a hook and reports its failure as a Warning', async () => {
    const hooks = JSON.stringify([
      { storePath: STORE_PATH, command: 'echo "reload refused" >&2; exit 3' },
    ]);
    const jobId = server.addJob(addJob(newLeaf, { LastInventory: [] }));

    const agent = startAgent(agentArgs('--once'), agentEnv({ CERTLAB_AGENT_HOOKS: hooks }));
    const { code } = await agent.exited;

    expect(code).toBe(0);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(agent.stdout()).toContain(`root-created root=${root} mode=0700`);
    expect(server.completions).toEqual([
      expect.objectContaining({
        JobId: jobId,
        Status: 3,
        Message: `Site ${STORE_PATH} on server web01: certificate ${newLeaf.thumbprint} added, verified after writing; Warning: post-deploy hook exited with code 3: reload refused`,
      }),
    ]);
    expect(readCertificates(readFileSync(storeFile(), 'utf8'))[0]?.thumbprint).toBe(
      newLeaf.thumbprint,
    );
  });

  it('--once: exits 1 when the server refuses the credentials', async () => {
    const agent = startAgent(agentArgs('--once'), agentEnv({ CERTLAB_AGENT_PASSWORD: 'wrong' }));
    const { code } = await agent.exited;

    expect(code).toBe(1);
    expect(agent.stderr()).toContain('HTTP 401 UNAUTHORIZED: Bad credentials');
    expect(agent.stdout() + agent.stderr()).not.toContain('wrong');
  });

  it('SIGTERM during a slow post-deploy hook lets the job finish and report, then exits 0', async () => {
    const started = join(workDir, 'hook-started');
    const finished = join(workDir, 'hook-finished');
    const hooks = JSON.stringify([
      {
        storePath: STORE_PATH,
        command: `touch '${started}'; sleep 2; echo "$CERTLAB_THUMBPRINT" > '${finished}'`,
      },
    ]);
    const jobId = server.addJob(addJob(newLeaf));

    const agent = startAgent(
      agentArgs('--poll-interval', '1'),
      agentEnv({ CERTLAB_AGENT_HOOKS: hooks }),
    );
    const deadline = Date.now() + 15_000;
    while (!existsSync(started) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(existsSync(started)).toBe(true);
    agent.kill('SIGTERM');
    const { code } = await agent.exited;

    expect(code).toBe(0);
    expect(readFileSync(finished, 'utf8')).toBe(`${newLeaf.thumbprint}\n`);
    expect(server.completions).toEqual([
      expect.objectContaining({
        JobId: jobId,
        Status: 2,
        Message: expect.stringMatching(/verified after writing; post-deploy hook succeeded$/),
      }),
    ]);
    const stdout = agent.stdout();
    expect(stdout).toMatch(/ shutdown signal=SIGTERM graceSeconds=20 /);
    expect(stdout.indexOf(' shutdown ')).toBeLessThan(stdout.indexOf(' job id='));
    expect(stdout).toMatch(/ agent-stopped outcome=stopped jobsCompleted=1\n$/);
  });

  it('a second signal stops the hook at once, still reports the job (Warning), and exits 1', async () => {
    const started = join(workDir, 'hook-started');
    const hooks = JSON.stringify([
      { storePath: STORE_PATH, command: `touch '${started}'; sleep 30`, timeoutSeconds: 60 },
    ]);
    const jobId = server.addJob(addJob(newLeaf, { LastInventory: [] }));

    const agent = startAgent(
      agentArgs('--poll-interval', '1'),
      agentEnv({ CERTLAB_AGENT_HOOKS: hooks }),
    );
    const deadline = Date.now() + 15_000;
    while (!existsSync(started) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    agent.kill('SIGINT');
    await agent.waitForOutput(' shutdown signal=SIGINT');
    const signalled = Date.now();
    agent.kill('SIGTERM');
    const { code } = await agent.exited;

    expect(code).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(server.completions).toEqual([
      expect.objectContaining({
        JobId: jobId,
        Status: 3,
        Message: expect.stringMatching(
          /; Warning: post-deploy hook was stopped because the agent is shutting down$/,
        ),
      }),
    ]);
    // The write itself had finished: the new certificate is in place.
    expect(readCertificates(readFileSync(storeFile(), 'utf8'))[0]?.thumbprint).toBe(
      newLeaf.thumbprint,
    );
    expect(agent.stderr()).toContain('shutdown-forced reason="second SIGTERM"');
  });

  it('SIGTERM while waiting on a long poll ends the agent at once', async () => {
    server.holdPollsMs = 30_000;

    const agent = startAgent(agentArgs('--poll-interval', '30'), agentEnv());
    await agent.waitForOutput(' approved ');
    // Let the first long poll reach the server.
    while (!server.requests.some((r) => r.path === '/KeyfactorAgents/Jobs/Poll')) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const signalled = Date.now();
    agent.kill('SIGTERM');
    const { code } = await agent.exited;

    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3_000);
    expect(server.requests.at(-1)?.body).toMatchObject({ WaitSeconds: 30 });
  });

  it('picks up a job that arrives while it long-polls, and keeps running', async () => {
    server.holdPollsMs = 30_000;
    const agent = startAgent(agentArgs('--poll-interval', '2'), agentEnv());
    await agent.waitForOutput(' approved ');

    const jobId = server.addJob(addJob(newLeaf, { LastInventory: [] }));
    await server.waitForCompletions(1);
    agent.kill('SIGTERM');
    const { code } = await agent.exited;

    expect(code).toBe(0);
    expect(server.completions[0]).toMatchObject({ JobId: jobId, Status: 2 });
    expect(jobLines(agent.stdout())).toHaveLength(1);
  });
});
