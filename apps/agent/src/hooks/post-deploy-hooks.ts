import { spawn } from 'node:child_process';
import { posix } from 'node:path';

/**
 * Post-deploy hooks: the operator's own command (e.g. `nginx -s reload`) run after a store changed.
 * They come from the agent's configuration only, never from the server: a server that could name
 * commands would own every machine its agents run on.
 */
export interface PostDeployHook {
  /** The store path as jobs name it (Command's StorePath), e.g. `/etc/ssl/certs/web01.pem`. */
  storePath: string;
  /** Run through `/bin/sh -c`. */
  command: string;
  timeoutSeconds: number;
}

export const DEFAULT_HOOK_TIMEOUT_SECONDS = 30;
export const MAX_HOOK_TIMEOUT_SECONDS = 3_600;
/** After SIGTERM, a hook gets this long to exit before SIGKILL. */
export const HOOK_KILL_GRACE_MS = 2_000;
/** Kept of each output stream: enough for an error message, bounded whatever the hook prints. */
const OUTPUT_TAIL_BYTES = 4_096;

/** What the hook is told, through environment variables. */
export interface HookContext {
  operation: 'Add' | 'Remove';
  jobId: string;
  storePath: string;
  /** The store file on disk (inside the agent's root). */
  storeFile: string;
  keyFile: string | null;
  /** The certificate added, or the alias removed. */
  thumbprint: string;
}

export interface HookResult {
  ok: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Killed because the agent was shutting down and its grace period ran out. */
  interrupted: boolean;
  /** The shell could not be started at all. */
  spawnError: string | undefined;
  durationMs: number;
  stdoutTail: string;
  stderrTail: string;
}

/**
 * Hooks for a store, in configuration order. Paths compare as the store library resolves them
 * under the root: `etc/ssl/a.pem`, `/etc/ssl/a.pem` and `/etc//ssl/./a.pem` are the same store.
 */
export function hooksForStore(
  hooks: readonly PostDeployHook[],
  storePath: string,
): PostDeployHook[] {
  const wanted = storeKey(storePath);
  return hooks.filter((hook) => storeKey(hook.storePath) === wanted);
}

function storeKey(storePath: string): string {
  return posix.normalize(`/${storePath}`);
}

/**
 * The hook's environment: the agent's own, less its `CERTLAB_AGENT_*` settings (the password among
 * them: a hook has no business with the agent's credentials), plus the job's facts.
 */
export function hookEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  context: HookContext,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !name.startsWith('CERTLAB_AGENT_')) env[name] = value;
  }
  env.CERTLAB_OPERATION = context.operation;
  env.CERTLAB_JOB_ID = context.jobId;
  env.CERTLAB_STORE_PATH = context.storePath;
  env.CERTLAB_STORE_FILE = context.storeFile;
  env.CERTLAB_KEY_FILE = context.keyFile ?? '';
  env.CERTLAB_THUMBPRINT = context.thumbprint;
  return env;
}

/**
 * Runs one hook and never throws: every way it can end is a HookResult. The hook gets a process
 * group of its own (`detached`), so that a timeout kills whatever it started, and so that the
 * Ctrl-C meant for the agent does not kill a reload half-way: the agent finishes its job first.
 */
export function runPostDeployHook(
  hook: PostDeployHook,
  env: Record<string, string>,
  options: { signal?: AbortSignal; killGraceMs?: number; cwd?: string } = {},
): Promise<HookResult> {
  const started = Date.now();
  const killGraceMs = options.killGraceMs ?? HOOK_KILL_GRACE_MS;
  return new Promise((resolve) => {
    const stdout = new OutputTail();
    const stderr = new OutputTail();
    let timedOut = false;
    let interrupted = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const child = spawn('/bin/sh', ['-c', hook.command], {
      env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const terminate = () => {
      killGroup('SIGTERM');
      timers.push(setTimeout(() => killGroup('SIGKILL'), killGraceMs));
    };
    const onAbort = () => {
      interrupted = true;
      terminate();
    };

    const finish = (
      exitCode: number | null,
      signal: NodeJS.Signals | null,
      spawnError?: string,
    ) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        ok: spawnError === undefined && !timedOut && !interrupted && exitCode === 0,
        exitCode,
        signal,
        timedOut,
        interrupted,
        spawnError,
        durationMs: Date.now() - started,
        stdoutTail: stdout.text(),
        stderrTail: stderr.text(),
      });
    };

    child.on('error', (error: NodeJS.ErrnoException) =>
      finish(null, null, error.code ?? error.message),
    );
    // 'exit' rather than 'close': a hook that starts a daemon leaves the daemon holding the pipes,
    // and the job must not wait for that daemon. The output gets a moment to drain.
    child.on('exit', (code, signal) => {
      const drained = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal);
      }, 100);
      child.on('close', () => {
        clearTimeout(drained);
        finish(code, signal);
      });
    });

    timers.push(
      setTimeout(() => {
        timedOut = true;
        terminate();
      }, hook.timeoutSeconds * 1_000),
    );
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Why a hook failed, for the job message: exit code or signal, and the end of what it printed. */
export function describeHookFailure(result: HookResult): string {
  let what: string;
  if (result.spawnError !== undefined) what = `could not be started (${result.spawnError})`;
  else if (result.interrupted) what = 'was stopped because the agent is shutting down';
  else if (result.timedOut)
    what = `timed out after ${Math.round(result.durationMs / 1000)} s and was killed`;
  else if (result.exitCode !== null) what = `exited with code ${result.exitCode}`;
  else what = `was killed by ${result.signal ?? 'a signal'}`;
  const output = lastLines(result.stderrTail) || lastLines(result.stdoutTail);
  return output ? `${what}: ${output}` : what;
}

/** The last few lines of a hook's output, one line of text, at most 500 characters. */
function lastLines(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const tail = lines.slice(-5).join(' | ');
  return tail.length > 500 ? `…${tail.slice(-500)}` : tail;
}

class OutputTail {
  #chunks: Buffer[] = [];
  #size = 0;

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size > OUTPUT_TAIL_BYTES && this.#chunks.length > 1) {
      this.#size -= this.#chunks.shift()?.length ?? 0;
    }
  }

  text(): string {
    const all = Buffer.concat(this.#chunks);
    return all.subarray(Math.max(0, all.length - OUTPUT_TAIL_BYTES)).toString('utf8');
  }
}
