// Delivery benchmark: from the Renew response to the new certificate in the store's file on disk,
// with the real server and real agents as separate processes.
//  1. latency (p50/p95) with one agent and 10 stores, one renewal at a time;
//  2. the time to deliver 1,000 renewals of certificates that each sit in their own store,
//     spread over 5 agents.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCertificates } from '@certlab/pki';
import { cpuSeconds, jobCounts, startAgents, startServer } from './server-process.mjs';
import { ms, percentile } from './stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LATENCY_ROUNDS = Number(process.env.BENCH_DELIVERY_ROUNDS ?? 40);
const BULK = Number(process.env.BENCH_DELIVERY_BULK ?? 1000);

/** A lab of P-256 certificates, one per store, the stores spread over `machines` machines. */
function writeLab(dir, machines, certificates) {
  const lines = [
    'name: bench-delivery',
    'authorities:',
    "  - { configuration: 'root.bench.lab\\bench-Root', subject: 'CN=bench Root', keyAlgorithm: P-256, validityDays: 3650, pathLength: 1 }",
    "  - { configuration: 'ca.bench.lab\\bench-CA', subject: 'CN=bench CA', parent: 'root.bench.lab\\bench-Root', keyAlgorithm: P-256, validityDays: 1825 }",
    'templates:',
    "  - { shortName: Web, displayName: Web, keyAlgorithm: P-256, validityDays: 90, extendedKeyUsages: [serverAuth], authorities: ['ca.bench.lab\\bench-CA'] }",
    'machines:',
    ...Array.from(
      { length: machines },
      (_, m) => `  - { clientMachine: m${m}.bench.lab, preApproved: true }`,
    ),
    'stores:',
    ...Array.from(
      { length: certificates },
      (_, i) =>
        `  - { id: ${storeId(i)}, clientMachine: m${i % machines}.bench.lab, storePath: /srv/s${i}.pem }`,
    ),
    "defaultAuthority: 'ca.bench.lab\\bench-CA'",
    'certificates:',
    ...Array.from(
      { length: certificates },
      (_, i) =>
        `  - { id: ${i + 1}, subject: 'CN=s${i}.bench.lab', dns: [s${i}.bench.lab], template: Web, expiresInDays: 30, store: ${storeId(i)} }`,
    ),
  ];
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function storeId(i) {
  return `5b0c0a4e-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

const fileOf = (dir, machines, i) => join(dir, `m${i % machines}`, 'srv', `s${i}.pem`);
const leafThumbprint = (file) =>
  existsSync(file) ? readCertificates(readFileSync(file, 'utf8'))[0]?.thumbprint : undefined;

async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function renew(server, cmsId, store) {
  const response = await fetch(`${server.baseUrl}/CMSApi/CertEnroll/3/Renew`, {
    method: 'POST',
    headers: { authorization: server.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ Lookup: { Type: 'CMSID', CMSID: cmsId }, CertStores: [store] }),
  });
  const body = await response.json();
  if (response.status !== 200)
    throw new Error(`renew ${cmsId}: ${response.status} ${JSON.stringify(body)}`);
  return body.Thumbprint;
}

async function latency() {
  const dir = mkdtempSync(join(tmpdir(), 'certlab-bench-delivery-'));
  const stores = 10;
  const server = await startServer(writeLab(dir, 1, stores), { dataDir: join(dir, 'data') });
  const agents = startAgents(server, dir, 1);
  try {
    await until(
      () =>
        Array.from({ length: stores }, (_, i) => leafThumbprint(fileOf(dir, 1, i))).every(Boolean),
      60_000,
      'seeded stores',
    );
    const samples = [];
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      const i = round % stores;
      const thumbprint = await renew(server, i + 1 + (round >= stores ? 0 : 0), storeId(i));
      const t0 = performance.now();
      await until(
        () => leafThumbprint(fileOf(dir, 1, i)) === thumbprint,
        10_000,
        `delivery ${round}`,
      );
      samples.push(performance.now() - t0);
    }
    console.log(
      `1 agent, ${stores} stores, ${samples.length} renewals one at a time: Renew response -> file on disk p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, max ${ms(Math.max(...samples))} (goals: p50 < 500 ms, p95 < 2 s)`,
    );
  } finally {
    agents.forEach((agent) => agent.kill('SIGTERM'));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bulk() {
  const dir = mkdtempSync(join(tmpdir(), 'certlab-bench-bulk-'));
  const machines = 5;
  const dataDir = join(dir, 'data');
  const seedStarted = performance.now();
  const server = await startServer(writeLab(dir, machines, BULK), { dataDir });
  const seeded = performance.now() - seedStarted;
  const agents = startAgents(server, dir, machines);
  try {
    const firstStarted = performance.now();
    await until(
      () => (jobCounts(dataDir).Pending ?? 0) + (jobCounts(dataDir).InProcess ?? 0) === 0,
      300_000,
      'seed deliveries',
    );
    const firstDelivery = performance.now() - firstStarted;

    const started = performance.now();
    const thumbprints = new Array(BULK);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < BULK) {
          const i = next++;
          thumbprints[i] = await renew(server, i + 1, storeId(i));
        }
      }),
    );
    const renewed = performance.now() - started;
    await until(
      () => (jobCounts(dataDir).Pending ?? 0) + (jobCounts(dataDir).InProcess ?? 0) === 0,
      300_000,
      'renewal deliveries',
    );
    const delivered = performance.now() - started;
    const wrong = thumbprints.filter(
      (thumbprint, i) => leafThumbprint(fileOf(dir, machines, i)) !== thumbprint,
    ).length;
    const counts = jobCounts(dataDir);
    const agentCpu = agents.reduce((sum, agent) => sum + cpuSeconds(agent.pid), 0);
    console.log(
      `${BULK} certificates in their own stores on ${machines} agents: lab seeded in ${(seeded / 1000).toFixed(1)} s, seeded certificates delivered in ${(firstDelivery / 1000).toFixed(1)} s; ` +
        `${BULK} renewals answered in ${(renewed / 1000).toFixed(1)} s and all delivered ${(delivered / 1000).toFixed(1)} s after the first Renew (goal < 60 s); ` +
        `jobs ${JSON.stringify(counts)}; files not holding their renewed certificate: ${wrong}; ` +
        `CPU used: server ${cpuSeconds(server.pid).toFixed(1)} s, ${machines} agents ${agentCpu.toFixed(1)} s`,
    );
  } finally {
    agents.forEach((agent) => agent.kill('SIGTERM'));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  await latency();
  await bulk();
}
