import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeHookFailure,
  type HookContext,
  hookEnvironment,
  hooksForStore,
  type PostDeployHook,
  runPostDeployHook,
} from './post-deploy-hooks';

const CONTEXT: HookContext = {
  operation: 'Add',
  jobId: '6f1c2a7e-0b3d-4c55-9a10-1f2e3d4c5b6a',
  storePath: '/etc/ssl/web01.pem',
  storeFile: '/srv/agent-root/etc/ssl/web01.pem',
  keyFile: null,
  thumbprint: 'AB'.repeat(20),
};

function hook(command: string, timeoutSeconds = 10): PostDeployHook {
  return { storePath: CONTEXT.storePath, command, timeoutSeconds };
}

const env = (base: Record<string, string> = {}) =>
  hookEnvironment({ PATH: process.env.PATH ?? '/usr/bin:/bin', ...base }, CONTEXT);

describe('runPostDeployHook', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certlab-hooks-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the command through /bin/sh with the job facts in its environment', async () => {
    const out = join(dir, 'env.txt');
    const result = await runPostDeployHook(
      hook(
        `printf '%s\\n' "$CERTLAB_OPERATION" "$CERTLAB_STORE_PATH" "$CERTLAB_STORE_FILE" "$CERTLAB_THUMBPRINT" "$CERTLAB_JOB_ID" "[$CERTLAB_KEY_FILE]" > '${out}'`,
      ),
      env(),
    );

    expect(result).toMatchObject({ ok: true, exitCode: 0, timedOut: false, interrupted: false });
    expect(readFileSync(out, 'utf8').split('\n')).toEqual([
      'Add',
      CONTEXT.storePath,
      CONTEXT.storeFile,
      CONTEXT.thumbprint,
      CONTEXT.jobId,
      '[]',
      '',
    ]);
  });

  it('reports a non-zero exit with the end of what the hook wrote to stderr', async () => {
    const result = await runPostDeployHook(
      hook('echo starting; echo "nginx: [emerg] cannot load certificate" >&2; exit 3'),
      env(),
    );

    expect(result).toMatchObject({ ok: false, exitCode: 3, timedOut: false });
    expect(result.stdoutTail).toBe('starting\n');
    expect(describeHookFailure(result)).toBe(
      'exited with code 3: nginx: [emerg] cannot load certificate',
    );
  });

  it('kills a hook that outlives its timeout, children included', async () => {
    const marker = join(dir, 'late.txt');
    const started = Date.now();
    const result = await runPostDeployHook(
      // A subshell, so that killing /bin/sh alone would leave the sleep running.
      hook(`(sleep 2; touch '${marker}'); exit 0`, 1),
      env(),
      { killGraceMs: 500 },
    );

    expect(result).toMatchObject({ ok: false, timedOut: true });
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(describeHookFailure(result)).toMatch(/^timed out after 1 s and was killed/);
    // Had the subshell survived, it would have touched the marker by now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(() => readFileSync(marker)).toThrow(/ENOENT/);
  }, 15_000);

  it('escalates to SIGKILL when the hook ignores SIGTERM', async () => {
    const result = await runPostDeployHook(hook("trap '' TERM; sleep 5", 1), env(), {
      killGraceMs: 300,
    });

    expect(result).toMatchObject({ ok: false, timedOut: true });
    expect(result.durationMs).toBeLessThan(3_000);
  });

  it('stops the hook when the agent gives up on the job (shutdown grace over)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runPostDeployHook(hook('sleep 5'), env(), {
      signal: controller.signal,
      killGraceMs: 300,
    });

    expect(result).toMatchObject({ ok: false, interrupted: true });
    expect(describeHookFailure(result)).toBe('was stopped because the agent is shutting down');
  });

  it('does not wait for a daemon the hook left running with its output open', async () => {
    const started = Date.now();
    const result = await runPostDeployHook(hook('sleep 3 & echo started'), env());

    expect(result).toMatchObject({ ok: true, exitCode: 0 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('bounds what it keeps of a chatty hook', async () => {
    const result = await runPostDeployHook(
      hook("i=0; while [ $i -lt 2000 ]; do echo 'line of output'; i=$((i+1)); done; exit 1"),
      env(),
    );

    expect(result.exitCode).toBe(1);
    expect(result.stdoutTail.length).toBeLessThanOrEqual(4_096);
    expect(describeHookFailure(result).length).toBeLessThan(600);
  });
});

describe('hookEnvironment', () => {
  it("keeps the agent's environment but never its CERTLAB_AGENT_* settings (password included)", () => {
    const result = env({
      HOME: '/root',
      CERTLAB_AGENT_PASSWORD: 'Pa55-never-to-a-hook',
      CERTLAB_AGENT_USERNAME: 'agent-web01',
    });

    expect(result.HOME).toBe('/root');
    expect(Object.keys(result).filter((name) => name.startsWith('CERTLAB_AGENT_'))).toEqual([]);
    expect(JSON.stringify(result)).not.toContain('Pa55-never-to-a-hook');
  });
});

describe('hooksForStore', () => {
  const hooks: PostDeployHook[] = [
    { storePath: '/etc/ssl/web01.pem', command: 'first', timeoutSeconds: 30 },
    { storePath: '/etc/ssl/api.pem', command: 'other store', timeoutSeconds: 30 },
    { storePath: '/etc//ssl/./web01.pem', command: 'second', timeoutSeconds: 30 },
    { storePath: 'etc/ssl/web01.pem', command: 'third', timeoutSeconds: 30 },
  ];

  it("picks a store's hooks in configuration order, comparing normalised paths", () => {
    expect(hooksForStore(hooks, '/etc/ssl/web01.pem').map((h) => h.command)).toEqual([
      'first',
      'second',
      'third',
    ]);
    expect(hooksForStore(hooks, '/etc/ssl/other.pem')).toEqual([]);
  });
});

describe('describeHookFailure', () => {
  const base = {
    ok: false,
    exitCode: null,
    signal: null,
    timedOut: false,
    interrupted: false,
    spawnError: undefined,
    durationMs: 5,
    stdoutTail: '',
    stderrTail: '',
  };

  it('names a signal, a start failure, and falls back to stdout when stderr is empty', () => {
    expect(describeHookFailure({ ...base, signal: 'SIGSEGV' })).toBe('was killed by SIGSEGV');
    expect(describeHookFailure({ ...base, spawnError: 'ENOENT' })).toBe(
      'could not be started (ENOENT)',
    );
    expect(describeHookFailure({ ...base, exitCode: 1, stdoutTail: 'a\n\nb\n' })).toBe(
      'exited with code 1: a | b',
    );
  });
});
