// Starts the built certlab server as a separate process (as `pnpm start` runs it) on a free
// loopback port with a throwaway data directory, for benchmarks that measure it over HTTP.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// The server's own better-sqlite3: the bench reads its database as it runs.
const Database = createRequire(join(ROOT, 'apps/server/package.json'))('better-sqlite3');
export const ADMIN_PASSWORD = 'bench-admin-password';
export const AGENT_PASSWORD = 'bench-agent-password';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export async function startServer(labFile, options = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'certlab-bench-'));
  const port = await freePort();
  // nodeArgs: e.g. --cpu-prof for a profile; env: extra settings for this run.
  const nodeArgs = options.nodeArgs ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'apps/server/dist/main.js')], {
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CERTLAB_DATA_DIR: dataDir,
      CERTLAB_LAB: labFile,
      CERTLAB_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CERTLAB_AGENT_PASSWORD: AGENT_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const authorization = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`, { headers: { authorization } });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    authorization,
    pid: child.pid,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds a process has used so far (user + system), from /proc: where the time went. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The server's jobs by status, read from its database beside it (WAL). */
export function jobCounts(dataDir) {
  const db = new Database(join(dataDir, 'certlab.db'), { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(
      db
        .prepare('SELECT status, COUNT(*) AS n FROM orchestrator_jobs GROUP BY status')
        .all()
        .map((row) => [row.status, row.n]),
    );
  } finally {
    db.close();
  }
}

/** One agent process per bench machine `m<i>.bench.lab`, each with its root `<dir>/m<i>`. */
export function startAgents(server, dir, machines, nodeArgs = () => []) {
  return Array.from({ length: machines }, (_, m) =>
    spawn(
      process.execPath,
      [
        ...nodeArgs(m),
        join(ROOT, 'apps/agent/dist/main.js'),
        '--server',
        server.baseUrl,
        '--client-machine',
        `m${m}.bench.lab`,
        '--root',
        join(dir, `m${m}`),
        '--poll-interval',
        '1',
      ],
      {
        env: {
          PATH: process.env.PATH,
          CERTLAB_AGENT_USERNAME: 'agent',
          CERTLAB_AGENT_PASSWORD: AGENT_PASSWORD,
        },
        stdio: 'ignore',
      },
    ),
  );
}
