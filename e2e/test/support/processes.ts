import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const SERVER_MAIN = join(ROOT, 'apps/server/dist/main.js');
export const AGENT_MAIN = join(ROOT, 'apps/agent/dist/main.js');
export const DEFAULT_LAB = join(ROOT, 'lab/default.yaml');
export const ADMIN_PASSWORD = 'e2e-admin-password';
export const AGENT_PASSWORD = 'e2e-agent-password';

/** A process started as a user starts it, with its output kept for failure messages. */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export function startProcess(args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  return {
    child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `certlab-e2e-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Polls `check` until it returns a value (not undefined/false), or fails with `describe()` after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  describe: () => string,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A certlab server process on a free loopback port over a data directory. */
export interface ServerProcess extends RunningProcess {
  url: string;
  port: number;
  dataDir: string;
  admin: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>;
}

export type ApiRequest = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: unknown }>;

/** JSON calls to a certlab server as the lab's admin, with the header Keyfactor clients send. */
export function apiClient(url: string): ApiRequest {
  const admin = basic('admin', ADMIN_PASSWORD);
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: admin,
        'content-type': 'application/json',
        'x-keyfactor-requested-with': 'APIClient',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

export async function startServer(options: {
  dataDir: string;
  port?: number;
  labFile?: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const running = startProcess([SERVER_MAIN], {
    PORT: String(port),
    HOST: '127.0.0.1',
    CERTLAB_DATA_DIR: options.dataDir,
    CERTLAB_LAB: options.labFile ?? DEFAULT_LAB,
    CERTLAB_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CERTLAB_AGENT_PASSWORD: AGENT_PASSWORD,
    ...options.env,
  });
  const url = `http://127.0.0.1:${port}`;
  const admin = basic('admin', ADMIN_PASSWORD);
  const request = apiClient(url);
  await waitFor(
    async () => {
      if (running.child.exitCode !== null) throw new Error(`server exited:\n${running.output()}`);
      return (await request('GET', '/api/health').catch(() => ({ status: 0 }))).status === 200;
    },
    60_000,
    () => `server did not start:\n${running.output()}`,
    200,
  );
  return { ...running, url, port, dataDir: options.dataDir, admin, request };
}

/** A certlab-agent process for one machine, its stores under `root`. */
export function startAgent(options: {
  serverUrl: string;
  clientMachine: string;
  root: string;
  configFile?: string;
  extraArgs?: string[];
}): RunningProcess {
  const args = [
    AGENT_MAIN,
    '--server',
    options.serverUrl,
    '--client-machine',
    options.clientMachine,
    '--root',
    options.root,
    '--poll-interval',
    '1',
  ];
  if (options.configFile) args.push('--config', options.configFile);
  return startProcess([...args, ...(options.extraArgs ?? [])], {
    CERTLAB_AGENT_USERNAME: 'agent',
    CERTLAB_AGENT_PASSWORD: AGENT_PASSWORD,
  });
}

export function openssl(args: string[], input?: string): { status: number; output: string } {
  const result = spawnSync('openssl', args, { input, encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}
