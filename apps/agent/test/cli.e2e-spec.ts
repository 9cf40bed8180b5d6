import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const AGENT_DIR = join(__dirname, '..');
const BINARY = join(AGENT_DIR, 'dist', 'main.js');
const PASSWORD = 'Pa55-never-printed';

/** Newest modification time of the sources the binary is built from. */
function newestSourceMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs;
    return Math.max(newest, mtime);
  }, 0);
}

/** Builds the agent unless dist is already newer than every source, so the test never runs a stale binary. */
function ensureBuilt(): void {
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

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary with a clean environment, so the runner's own CERTLAB_* never leak in. */
function runAgent(args: string[], env: Record<string, string> = {}): RunResult {
  const result = spawnSync(process.execPath, [BINARY, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('certlab-agent binary', () => {
  let workDir: string;

  beforeAll(() => {
    ensureBuilt();
    workDir = mkdtempSync(join(tmpdir(), 'certlab-agent-cli-'));
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('prints usage with every option for --help', () => {
    const result = runAgent(['--help']);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: certlab-agent');
    for (const flag of [
      '--server',
      '--client-machine',
      '--root',
      '--poll-interval',
      '--username',
      '--password',
      '--config',
      'CERTLAB_AGENT_PASSWORD',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('prints its version', () => {
    const result = runAgent(['--version']);

    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('0.1.0');
  });

  it.each(['0', 'soon'])('exits 2 on --poll-interval %s', (interval) => {
    const result = runAgent([
      '--server',
      'http://127.0.0.1:8080',
      '--client-machine',
      'web01',
      '--root',
      workDir,
      '--poll-interval',
      interval,
    ]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--poll-interval');
    expect(result.stdout).toBe('');
  });

  it('exits 2 on an unknown flag', () => {
    const result = runAgent(['--serverr', 'http://127.0.0.1:8080']);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--serverr'");
  });

  it('prints the resolved configuration, never the password, and exits 0', () => {
    const result = runAgent(
      [
        '--server',
        'http://127.0.0.1:8080',
        '--client-machine',
        'web01',
        '--root',
        workDir,
        '--username',
        'agent-web01',
      ],
      { CERTLAB_AGENT_PASSWORD: PASSWORD, CERTLAB_AGENT_POLL_INTERVAL: '15' },
    );

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('http://127.0.0.1:8080/');
    expect(result.stdout).toContain('web01');
    expect(result.stdout).toContain(workDir);
    expect(result.stdout).toMatch(/poll interval\s+15 s/);
    expect(result.stdout).toMatch(/password\s+\(set\)/);
    expect(result.stdout).toContain('later issue');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('reads a --config file, with flags winning over it', () => {
    const file = join(workDir, 'agent.json');
    writeFileSync(
      file,
      JSON.stringify({
        server: 'https://certlab.jdk.com',
        clientMachine: 'file-machine',
        root: workDir,
        pollInterval: 60,
        username: 'agent-file',
        password: PASSWORD,
      }),
    );

    const result = runAgent(['--config', file, '--client-machine', 'flag-machine']);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('https://certlab.jdk.com/');
    expect(result.stdout).toContain('flag-machine');
    expect(result.stdout).toMatch(/poll interval\s+60 s/);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('keeps the password out of the output when the configuration is rejected', () => {
    const result = runAgent([
      '--password',
      PASSWORD,
      '--username',
      'agent',
      '--poll-interval',
      '-1',
    ]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Invalid agent configuration');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('exits 2 when the --config file cannot be read', () => {
    const result = runAgent(['--config', join(workDir, 'missing.json')]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cannot read config file');
  });

  it('inspect shows what a PEM store file holds, as openssl reads it', () => {
    const key = join(workDir, 'store.key');
    const cert = join(workDir, 'store.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '30',
        '-subj',
        '/DC=cms/DC=jdk/CN=cherry.example',
        '-addext',
        'subjectAltName=DNS:cherry.example,IP:192.0.2.7',
      ],
      { stdio: 'pipe' },
    );
    const store = join(workDir, 'cherrystore');
    writeFileSync(store, execFileSync('cat', [cert, key]));
    const openssl = (flag: string) =>
      execFileSync('openssl', ['x509', '-in', cert, '-noout', flag], { encoding: 'utf8' })
        .trim()
        .split('=')[1]!;

    const result = runAgent(['inspect', store]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${store}: 1 certificate(s), 1 private key(s)`);
    expect(result.stdout).toContain('[0] CN=cherry.example,DC=jdk,DC=cms');
    expect(result.stdout).toContain(`thumbprint  ${openssl('-fingerprint').replace(/:/g, '')}`);
    expect(result.stdout).toContain(`serial      ${openssl('-serial').replace(/^0+/, '')}`);
    expect(result.stdout).toContain('key         P-256, signed ecdsa-with-SHA256');
    expect(result.stdout).toContain('names       cherry.example, 192.0.2.7');
  });

  it('inspect reports a damaged or missing file and exits 1', () => {
    const damaged = join(workDir, 'damaged.pem');
    writeFileSync(damaged, '-----BEGIN CERTIFICATE-----\nMIIB\n');
    const result = runAgent(['inspect', damaged, join(workDir, 'absent.pem')]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MALFORMED_PEM');
    expect(result.stderr).toContain('absent.pem: ENOENT');
  });
});
