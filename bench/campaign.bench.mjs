// Campaign benchmark: a migration of BENCH_CAMPAIGN_CERTS (default 10,000) P-256 certificates,
// each in its own store, spread over 5 machines with a real agent process each, from the lab's
// legacy CA to its new CA, with trust first and retire old. The real server and agents run as
// separate processes and write real files. Prints the time to seed the lab and deliver it, the
// campaign's wall time and per-phase times, and the server's peak RSS.
//
// BENCH_CAMPAIGN_CERTS=500 for a smoke run; BENCH_PROFILE=<dir> writes --cpu-prof profiles of the
// server and the agents there; BENCH_SERVER_HEAP_MB sets the server's heap cap (default 384).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCertificates } from '@certlab/pki';
import { cpuSeconds, jobCounts, startAgents, startServer } from './server-process.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const CERTS = Number(process.env.BENCH_CAMPAIGN_CERTS ?? 10_000);
const MACHINES = Number(process.env.BENCH_CAMPAIGN_MACHINES ?? 5);
const BATCH = Number(process.env.BENCH_CAMPAIGN_BATCH ?? 500);
const PROFILE_DIR = process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : undefined;
const TIMEOUT_MS = Number(process.env.BENCH_CAMPAIGN_TIMEOUT_S ?? 1800) * 1000;
const HEAP_MB = Number(process.env.BENCH_SERVER_HEAP_MB ?? 384);

const LEGACY_CA = 'ca.legacy.lab\\legacy-CA';
const NEW_CA = 'ca.new.lab\\new-CA';

/** Every certificate on the legacy CA, one per store; a trust store per machine for trust first. */
export function writeLab(dir) {
  const lines = [
    'name: bench-campaign',
    'authorities:',
    "  - { configuration: 'root.legacy.lab\\legacy-Root', subject: 'CN=legacy Root', keyAlgorithm: P-256, validityDays: 3650, pathLength: 1 }",
    `  - { configuration: '${LEGACY_CA}', subject: 'CN=legacy CA', parent: 'root.legacy.lab\\legacy-Root', keyAlgorithm: P-256, validityDays: 1825 }`,
    "  - { configuration: 'root.new.lab\\new-Root', subject: 'CN=new Root', keyAlgorithm: P-256, validityDays: 3650, pathLength: 1 }",
    `  - { configuration: '${NEW_CA}', subject: 'CN=new CA', parent: 'root.new.lab\\new-Root', keyAlgorithm: P-256, validityDays: 1825 }`,
    'templates:',
    `  - { shortName: Web, displayName: Web, keyAlgorithm: P-256, validityDays: 90, extendedKeyUsages: [serverAuth], authorities: ['${LEGACY_CA}'] }`,
    `  - { shortName: WebNew, displayName: Web (new CA), keyAlgorithm: P-256, validityDays: 90, extendedKeyUsages: [serverAuth], authorities: ['${NEW_CA}'] }`,
    'machines:',
    ...Array.from(
      { length: MACHINES },
      (_, m) => `  - { clientMachine: m${m}.bench.lab, preApproved: true }`,
    ),
    'stores:',
    ...Array.from(
      { length: MACHINES },
      (_, m) =>
        `  - { id: ${trustStoreId(m)}, clientMachine: m${m}.bench.lab, storePath: /trust/roots.pem, properties: { IsTrustStore: 'true' } }`,
    ),
    ...Array.from(
      { length: CERTS },
      (_, i) =>
        `  - { id: ${storeId(i)}, clientMachine: m${i % MACHINES}.bench.lab, storePath: /srv/s${i}.pem }`,
    ),
    `defaultAuthority: '${LEGACY_CA}'`,
    'certificates:',
    ...Array.from(
      { length: CERTS },
      (_, i) =>
        `  - { id: ${i + 1}, subject: 'CN=s${i}.bench.lab', dns: [s${i}.bench.lab], template: Web, expiresInDays: 60, store: ${storeId(i)} }`,
    ),
  ];
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const storeId = (i) => `5b0c0a4e-0000-4000-8000-${String(i).padStart(12, '0')}`;
const trustStoreId = (m) => `5b0c0a4e-0000-4000-9000-${String(m).padStart(12, '0')}`;
const fileOf = (dir, i) => join(dir, `m${i % MACHINES}`, 'srv', `s${i}.pem`);

function profileArgs(name) {
  if (!PROFILE_DIR) return [];
  mkdirSync(PROFILE_DIR, { recursive: true });
  return ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `${name}.cpuprofile`];
}

async function stopAgents(agents) {
  await Promise.all(
    agents.map(
      (agent) =>
        new Promise((resolve) => {
          if (agent.exitCode !== null) return resolve();
          agent.once('exit', resolve);
          agent.kill('SIGTERM');
        }),
    ),
  );
}

/** The server's resident memory: the kernel's high-water mark, and the peak seen per phase. */
function memorySampler(pid) {
  const read = (field) => {
    try {
      const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(
        new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'),
      );
      return match ? Number(match[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  };
  let phasePeak = 0;
  const timer = setInterval(() => {
    const rss = read('VmRSS');
    if (rss > phasePeak) phasePeak = rss;
  }, 200);
  return {
    hwm: () => read('VmHWM'),
    /** The highest RSS sampled since the last call. */
    takePhasePeak() {
      const peak = Math.max(phasePeak, read('VmRSS') || 0);
      phasePeak = 0;
      return peak;
    },
    stop: () => clearInterval(timer),
  };
}

const open = (counts) => (counts.Pending ?? 0) + (counts.InProcess ?? 0);

async function until(check, timeoutMs, what, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function api(server, method, path, body) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: server.authorization, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  return { status: response.status, body: json };
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mb = (value) => `${value.toFixed(0)} MB`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** Issuer CN of the leaf in each store file: how many moved, how many stayed, how many missing. */
function filesByIssuer(dir) {
  const counts = {};
  for (let i = 0; i < CERTS; i++) {
    const file = fileOf(dir, i);
    const issuer = existsSync(file)
      ? (readCertificates(readFileSync(file, 'utf8'))[0]?.issuer ?? 'unreadable')
      : 'missing';
    counts[issuer] = (counts[issuer] ?? 0) + 1;
  }
  return counts;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'certlab-bench-campaign-'));
  const dataDir = join(dir, 'data');
  console.log(
    `${CERTS} P-256 certificates, each in its own store, on ${MACHINES} agents; server --max-old-space-size=${HEAP_MB}; load average ${load()}`,
  );
  const seedStarted = performance.now();
  const server = await startServer(writeLab(dir), {
    dataDir,
    nodeArgs: [
      // The server's heap cap: without one V8 grows the heap towards a quarter of the machine's
      // memory before it collects old garbage, and RSS measures that laziness, not the need.
      `--max-old-space-size=${HEAP_MB}`,
      ...profileArgs('server'),
      ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    ],
    startTimeoutMs: TIMEOUT_MS,
  });
  const seeded = performance.now() - seedStarted;
  const memory = memorySampler(server.pid);
  const seedPeak = memory.takePhasePeak();
  const agents = startAgents(server, dir, MACHINES, (m) => profileArgs(`agent-m${m}`));
  try {
    const deliveryStarted = performance.now();
    await until(() => open(jobCounts(dataDir)) === 0, TIMEOUT_MS, 'seed deliveries');
    const delivered = performance.now() - deliveryStarted;
    const agentCpu = agents.reduce((sum, agent) => sum + cpuSeconds(agent.pid), 0);
    console.log(
      `seed: lab of ${CERTS} certificates issued and stored in ${seconds(seeded)} (server RSS peak ${mb(seedPeak)}); ` +
        `delivered to ${CERTS} files in ${seconds(delivered)} (server RSS peak ${mb(memory.takePhasePeak())}); ` +
        `jobs ${JSON.stringify(jobCounts(dataDir))}; CPU so far: server ${cpuSeconds(server.pid).toFixed(1)} s, agents ${agentCpu.toFixed(1)} s; load ${load()}`,
    );
    await campaign(server, dir, memory, () =>
      agents.reduce((sum, agent) => sum + cpuSeconds(agent.pid), 0),
    );
    console.log(`server peak RSS (VmHWM, whole run): ${mb(memory.hwm())} (goal < 600 MB)`);
  } finally {
    memory.stop();
    await stopAgents(agents);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Creates the campaign (the plan), executes it and follows GET /api/campaigns/{id}: the trust
 * phase ends when the campaign moves on to the leaves; issue, deliver and retire end when no
 * item is left before that state. The leaf phases overlap (batches flow through them), so each
 * is printed as the time from the start of the leaves phase to its last item.
 */
async function campaign(server, dir, memory, agentCpu) {
  const cpu0 = { server: cpuSeconds(server.pid), agents: agentCpu() };
  const started = performance.now();
  const created = await api(server, 'POST', '/api/campaigns', {
    name: 'bench: legacy CA to new CA',
    query: `CA -eq "${LEGACY_CA.replace(/\\/g, '\\\\')}"`,
    targetCA: NEW_CA,
    targetTemplate: 'WebNew',
    batchSize: BATCH,
    trustFirst: true,
    retireOld: true,
  });
  if (created.status === 404) {
    console.log('campaign: this server has no /api/campaigns; only the seed phase was measured');
    return;
  }
  if (created.status >= 300) {
    throw new Error(`campaign create: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const planned = performance.now() - started;
  const id = created.body.id;
  if (created.body.progress.total !== CERTS) {
    throw new Error(`the plan holds ${created.body.progress.total} certificates, not ${CERTS}`);
  }
  const executeStarted = performance.now();
  const executed = await api(server, 'POST', `/api/campaigns/${id}/execute`);
  if (executed.status >= 300) {
    throw new Error(`campaign execute: ${executed.status} ${JSON.stringify(executed.body)}`);
  }
  const marks = {};
  const at = () => performance.now() - executeStarted;
  let view;
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    view = (await api(server, 'GET', `/api/campaigns/${id}`)).body;
    const p = view.progress;
    if (view.phase !== 'planned' && view.phase !== 'trust') marks.trust ??= at();
    if (marks.trust !== undefined) {
      if (p.pending === 0) marks.issue ??= at();
      if (p.pending + p.issued === 0) marks.deliver ??= at();
      if (p.pending + p.issued + p.delivered === 0) marks.retire ??= at();
    }
    if (!['planned', 'running'].includes(view.state)) break;
    if (Date.now() > deadline) throw new Error(`timed out: campaign ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const wall = performance.now() - started;
  const leaves = (mark) =>
    mark === undefined ? 'never' : `${seconds(mark - marks.trust)} (at ${seconds(mark)})`;
  console.log(
    `campaign ${view.state} in ${seconds(wall)} wall (goal < 180 s): plan ${seconds(planned)}; ` +
      `trust ${marks.trust === undefined ? 'never' : seconds(marks.trust)} ` +
      `(${view.trust.confirmed} trust deliveries confirmed); ` +
      `from the start of the leaves: all issued ${leaves(marks.issue)}, all delivered ${leaves(marks.deliver)}, all retired ${leaves(marks.retire)}`,
  );
  console.log(
    `campaign items ${JSON.stringify(view.progress)}; jobs ${JSON.stringify(jobCounts(server.dataDir))}; ` +
      `files by issuer ${JSON.stringify(filesByIssuer(dir))}; server RSS peak ${mb(memory.takePhasePeak())}; ` +
      `CPU: server ${(cpuSeconds(server.pid) - cpu0.server).toFixed(1)} s, agents ${(agentCpu() - cpu0.agents).toFixed(1)} s; load ${load()}`,
  );
}
