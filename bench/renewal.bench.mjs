// Renewal benchmark: POST /CMSApi/CertEnroll/3/Renew over HTTP against the built server running
// as its own process, 8 concurrent clients, for a P-256 and an RSA-2048 template. Prints
// renewals/s and latency beside the pki-only issuance rate measured in this same run, and the
// latency of a cheap GET served while RSA key generation keeps the server busy.
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIssuingCa, createRootCa, generateKeyPair, issueLeafCertificate } from '@certlab/pki';
import { startServer } from './server-process.mjs';
import { ms, percentile } from './stats.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 8;
const LAB = join(dirname(fileURLToPath(import.meta.url)), 'labs', 'renewal.yaml');

/** Sequential leaf issuance in this process (one core): key generation + signing + PEM + thumbprint. */
async function pkiRate(algorithm) {
  const rootKeys = await generateKeyPair(algorithm);
  const root = await createRootCa({ subject: 'CN=r', keys: rootKeys, validityDays: 3650 });
  const caKeys = await generateKeyPair(algorithm);
  const ca = await createIssuingCa({
    subject: 'CN=c',
    publicKey: caKeys.publicKey,
    issuer: { certificate: root, privateKey: rootKeys.privateKey },
    validityDays: 365,
  });
  const issuer = { certificate: ca, privateKey: caKeys.privateKey };
  const profile = {
    subject: 'CN=p.bench.lab',
    subjectAltNames: { dns: ['p.bench.lab'] },
    extendedKeyUsages: ['serverAuth'],
    validityDays: 90,
  };
  const once = async () => {
    const keys = await generateKeyPair(algorithm);
    const cert = await issueLeafCertificate({ publicKey: keys.publicKey, profile, issuer });
    if (cert.pem.length === 0 || cert.thumbprint.length !== 40) throw new Error('bad certificate');
  };
  await once();
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < SECONDS * 1000 || count < 5) {
    await once();
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}

async function renewLoad(server, cmsId) {
  const latencies = [];
  let failures = 0;
  const body = JSON.stringify({ Lookup: { Type: 'CMSID', CMSID: cmsId } });
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const response = await fetch(`${server.baseUrl}/CMSApi/CertEnroll/3/Renew`, {
          method: 'POST',
          headers: { authorization: server.authorization, 'content-type': 'application/json' },
          body,
        });
        const answer = await response.json();
        if (response.status !== 200 || answer.RequestDisposition !== 'ISSUED') failures++;
        else latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    count: latencies.length,
    failures,
  };
}

/** A cheap read every 20 ms while `work` runs: how responsive the server stays under key generation. */
async function probeWhile(server, work) {
  const latencies = [];
  let running = true;
  const headers = {
    authorization: server.authorization,
    'x-keyfactor-requested-with': 'APIClient',
  };
  let path = '/KeyfactorAPI/Status/Endpoints';
  if ((await fetch(`${server.baseUrl}${path}`, { headers })).status === 404) path = '/api/health';
  const probe = (async () => {
    while (running) {
      const t0 = performance.now();
      const response = await fetch(`${server.baseUrl}${path}`, { headers });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const result = await work();
  running = false;
  await probe;
  return {
    result,
    path,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    samples: latencies.length,
  };
}

export async function run() {
  console.log(
    `node ${process.version}, ${cpus().length} cores, ${CLIENTS} clients, ${SECONDS}s per measurement`,
  );
  const pki = { 'P-256': await pkiRate('P-256'), 'RSA-2048': await pkiRate('RSA-2048') };
  const server = await startServer(LAB);
  try {
    await renewLoad(server, 1).then(() => undefined); // warm-up: JIT, credential cache, CA keys
    const p256 = await renewLoad(server, 1);
    const rsa = await probeWhile(server, () => renewLoad(server, 2));
    const rows = [
      { template: 'BenchP256 (P-256)', result: p256, pki: pki['P-256'] },
      { template: 'BenchRSA (RSA-2048)', result: rsa.result, pki: pki['RSA-2048'] },
    ];
    console.table(
      rows.map(({ template, result, pki: pkiPerSecond }) => ({
        template,
        'renewals/s': result.perSecond.toFixed(1),
        p50: ms(result.p50),
        p99: ms(result.p99),
        failures: result.failures,
        'pki-only issue/s (1 core)': pkiPerSecond.toFixed(1),
        'ratio to pki-only': (result.perSecond / pkiPerSecond).toFixed(2),
      })),
    );
    console.log(
      `P-256 ratio to pki-only issuance: ${(p256.perSecond / pki['P-256']).toFixed(2)} (goal >= 0.5)`,
    );
    console.log(
      `RSA-2048 renewals over the single-core pki rate: ${(rsa.result.perSecond / pki['RSA-2048']).toFixed(2)}x (goal >= 1.6x: both cores used)`,
    );
    console.log(
      `GET ${rsa.path} during RSA renewals: p50 ${ms(rsa.p50)}, p99 ${ms(rsa.p99)} over ${rsa.samples} requests (goal p99 < 50 ms)`,
    );
  } finally {
    await server.stop();
  }
}
