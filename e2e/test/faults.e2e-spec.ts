import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CmsRenewResponse } from '@certlab/contracts';
import { readCertificates } from '@certlab/pki';
import {
  openssl,
  type RunningProcess,
  type ServerProcess,
  startAgent,
  startServer,
  tempDir,
  waitFor,
} from './support/processes';

/**
 * Faults, each with nothing lost: an agent killed mid-job, a server restarted with jobs pending,
 * an agent offline or disapproved while renewals happen, a store path that escapes the root.
 * The real server and real agents, as separate processes.
 */
const LAB = join(__dirname, 'labs', 'faults.yaml');
const APP_STORE = 'aa000000-0000-4000-8000-000000000001';
const SLOW_STORE = 'aa000000-0000-4000-8000-000000000002';
const ESCAPE_STORE = 'aa000000-0000-4000-8000-000000000003';

const data = tempDir('faults');
const alphaRoot = join(data.path, 'stores', 'alpha');
const outside = join(data.path, 'stores'); // the escape target is above alpha's root
let server: ServerProcess;
let agent: RunningProcess | undefined;

interface JobRow {
  status: string;
  attempts: number;
  message: string;
}

const file = (storePath: string) => join(alphaRoot, storePath);
const leafThumbprint = (path: string) =>
  existsSync(path) ? readCertificates(readFileSync(path, 'utf8'))[0]?.thumbprint : undefined;

/** The whole file, parsed: leaf then key, and the key is the leaf's. */
function assertWholeStoreFile(path: string): string {
  const text = readFileSync(path, 'utf8');
  const leaf = readCertificates(text)[0];
  expect(leaf).toBeDefined();
  expect(openssl(['pkey', '-pubout'], text).output).toBe(
    openssl(['x509', '-pubkey', '-noout'], text).output,
  );
  return leaf!.thumbprint;
}

async function renew(cmsId: number, storeId: string): Promise<string> {
  const response = await server.request('POST', '/CMSApi/CertEnroll/3/Renew', {
    Lookup: { Type: 'CMSID', CMSID: cmsId },
    CertStores: [storeId],
  });
  expect(response.status).toBe(200);
  return (response.body as CmsRenewResponse).Thumbprint;
}

/** The delivery job of a renewed certificate, as the job history reports it. */
async function deliveryJob(thumbprint: string): Promise<JobRow | undefined> {
  const history = (await server.request('GET', '/KeyfactorAPI/OrchestratorJobs/JobHistory'))
    .body as { Message: string; Result: number; Status: number }[];
  const entry = history.find((job) => job.Message.includes(thumbprint));
  return entry
    ? {
        status:
          entry.Result === 2 ? 'Succeeded' : entry.Result === 4 ? 'Failed' : String(entry.Result),
        attempts: 0,
        message: entry.Message,
      }
    : undefined;
}

function startAlpha(
  hooks: { storePath: string; command: string; timeoutSeconds?: number }[] = [],
): RunningProcess {
  const configFile = join(data.path, `alpha-${Date.now()}.json`);
  writeFileSync(configFile, JSON.stringify({ hooks }));
  return startAgent({
    serverUrl: server.url,
    clientMachine: 'alpha.e2e.lab',
    root: alphaRoot,
    configFile,
  });
}

beforeAll(async () => {
  server = await startServer({
    dataDir: join(data.path, 'server'),
    labFile: LAB,
    env: { CERTLAB_JOB_LEASE_SECONDS: '3' },
  });
  agent = startAlpha();
  await waitFor(
    () => leafThumbprint(file('srv/alpha/app.pem')) && leafThumbprint(file('srv/alpha/slow.pem')),
    30_000,
    () => `seeded stores not written:\n${agent?.output()}`,
  );
}, 90_000);

afterAll(async () => {
  await agent?.stop();
  await server.stop();
  data.remove();
});

describe('faults', () => {
  it('an agent killed with SIGKILL during a job: after restart the job completes once and the store file is whole', async () => {
    await agent?.stop();
    // A post-deploy hook that outlives the kill: the file is written, the job not yet completed.
    agent = startAlpha([
      { storePath: '/srv/alpha/slow.pem', command: 'sleep 30', timeoutSeconds: 60 },
    ]);
    const thumbprint = await renew(2, SLOW_STORE);
    await waitFor(
      () => leafThumbprint(file('srv/alpha/slow.pem')) === thumbprint,
      10_000,
      () => `not written:\n${agent?.output()}`,
    );
    expect(await agent.stop('SIGKILL')).toBe('SIGKILL');
    expect(assertWholeStoreFile(file('srv/alpha/slow.pem'))).toBe(thumbprint);
    expect(await deliveryJob(thumbprint)).toBeUndefined(); // never completed

    agent = startAlpha();
    const job = await waitFor(
      () => deliveryJob(thumbprint),
      20_000,
      () => `not re-delivered:\n${agent?.output()}`,
    );
    expect(job.status).toBe('Succeeded');
    expect(assertWholeStoreFile(file('srv/alpha/slow.pem'))).toBe(thumbprint);
    const history = (await server.request('GET', '/KeyfactorAPI/OrchestratorJobs/JobHistory'))
      .body as { Message: string }[];
    expect(history.filter((entry) => entry.Message.includes(thumbprint))).toHaveLength(1);
    // No temporary files are left beside the store file.
    expect(
      readdirSync(file('srv/alpha')).filter((name) => !/^(app|slow)\.pem(\.bak)?$/.test(name)),
    ).toEqual([]);
  });

  it('jobs scheduled while the agent is offline and the server restarts are delivered when both are back', async () => {
    await agent?.stop();
    const thumbprint = await renew(1, APP_STORE);
    const port = server.port;
    // Nest closes the app on SIGTERM, then exits by the signal, as a well-behaved daemon does.
    expect([0, 'SIGTERM']).toContain(await server.stop());
    server = await startServer({
      dataDir: join(data.path, 'server'),
      labFile: LAB,
      port,
      env: { CERTLAB_JOB_LEASE_SECONDS: '3' },
    });
    agent = startAlpha();
    await waitFor(
      () => leafThumbprint(file('srv/alpha/app.pem')) === thumbprint,
      15_000,
      () => `not delivered after restart:\n${agent?.output()}`,
    );
    expect(
      (
        await waitFor(
          () => deliveryJob(thumbprint),
          5_000,
          () => 'no history',
        )
      )?.status,
    ).toBe('Succeeded');
  });

  it('a disapproved agent gets no job; approved again, it delivers', async () => {
    const agents = (await server.request('GET', '/KeyfactorAPI/Agents')).body as {
      AgentId: string;
      ClientMachine: string;
    }[];
    const alpha = agents.find((candidate) => candidate.ClientMachine === 'alpha.e2e.lab')!;
    expect(
      (await server.request('POST', '/KeyfactorAPI/Agents/Disapprove', [alpha.AgentId])).status,
    ).toBe(204);
    const before = leafThumbprint(file('srv/alpha/app.pem'));
    const thumbprint = await renew(1, APP_STORE);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(leafThumbprint(file('srv/alpha/app.pem'))).toBe(before);

    expect(
      (await server.request('POST', '/KeyfactorAPI/Agents/Approve', [alpha.AgentId])).status,
    ).toBe(204);
    await waitFor(
      () => leafThumbprint(file('srv/alpha/app.pem')) === thumbprint,
      15_000,
      () => `not delivered after approval:\n${agent?.output()}`,
    );
  });

  it('a store path that escapes the root fails the job, and nothing is written outside', async () => {
    const before = readdirSync(outside).sort();
    await renew(4, ESCAPE_STORE);
    const history = await waitFor(
      async () => {
        const entries = (await server.request('GET', '/KeyfactorAPI/OrchestratorJobs/JobHistory'))
          .body as { Result: number; Message: string; StorePath: string }[];
        return entries.find(
          (entry) => entry.StorePath === '/srv/../../../escape.pem' && entry.Result === 4,
        );
      },
      15_000,
      () => `no failure reported:\n${agent?.output()}`,
    );
    expect(history.Message).toMatch(
      /^Site \/srv\/\.\.\/\.\.\/\.\.\/escape\.pem on server alpha\.e2e\.lab: /,
    );
    expect(readdirSync(outside).sort()).toEqual(before);
    expect(existsSync(join(data.path, 'escape.pem'))).toBe(false);
  });
});
