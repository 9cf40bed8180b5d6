import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const AGENT_DIR = join(__dirname, '..', '..');
export const BINARY = join(AGENT_DIR, 'dist', 'main.js');

/** Newest modification time of the sources the binary is built from. */
function newestSourceMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs;
    return Math.max(newest, mtime);
  }, 0);
}

/** Builds the agent unless dist is already newer than every source, so tests never run a stale binary. */
export function ensureBuilt(): void {
  let builtAt = 0;
  try {
    builtAt = statSync(BINARY).mtimeMs;
  } catch {
    // not built yet
  }
  if (builtAt < newestSourceMtime(join(AGENT_DIR, 'src'))) {
    execFileSync('pnpm', ['run', 'build'], { cwd: AGENT_DIR, stdio: 'pipe' });
  }
}

export interface AgentRun {
  pid: number;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (killed after `timeoutMs`, as a test safety net). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** Resolves once stdout contains `text`. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts the built binary with a clean environment, so the runner's own CERTLAB_* never leak in. */
export function startAgent(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): AgentRun {
  const child = spawn(process.execPath, [BINARY, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const safety = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(safety);
      resolve({ code, signal });
    });
  });
  return {
    pid: child.pid ?? -1,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal) => child.kill(signal),
    async waitForOutput(text, waitMs = 15_000) {
      const deadline = Date.now() + waitMs;
      const found = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
      while (!found()) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`agent output never showed ${String(text)}:\n${out}\n${err}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
