import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BINARY, ensureBuilt } from './factories/agent-binary';

const PASSWORD = 'Pa55-never-printed';

/** A local URL where nothing listens: the agent starts, cannot register, and gives up (--once). */
async function unusedServerUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
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
  let deadServer: string;

  beforeAll(async () => {
    ensureBuilt();
    workDir = mkdtempSync(join(tmpdir(), 'certlab-agent-cli-'));
    deadServer = await unusedServerUrl();
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
      '--once',
      'CERTLAB_AGENT_PASSWORD',
      'CERTLAB_AGENT_HOOKS',
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

  it('starts with the resolved configuration, never the password; --once exits 1 when no server answers', () => {
    const result = runAgent(
      [
        '--server',
        deadServer,
        '--client-machine',
        'web01',
        '--root',
        workDir,
        '--username',
        'agent-web01',
        '--once',
      ],
      { CERTLAB_AGENT_PASSWORD: PASSWORD, CERTLAB_AGENT_POLL_INTERVAL: '15' },
    );

    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      ` agent-starting version=0.1.0 server=${deadServer}/ clientMachine=web01 root=${workDir} pollIntervalSeconds=15 hooks=0 username=agent-web01 password=set mode=once\n`,
    );
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stdout).toContain('agent-stopped outcome=failed');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('reads a --config file with hooks, with flags winning over it', () => {
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
        hooks: [{ storePath: '/etc/ssl/web01.pem', command: 'nginx -s reload' }],
      }),
    );

    const result = runAgent([
      '--config',
      file,
      '--client-machine',
      'flag-machine',
      '--server',
      deadServer,
      '--once',
    ]);

    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`server=${deadServer}/ clientMachine=flag-machine`);
    expect(result.stdout).toContain('pollIntervalSeconds=60 hooks=1 username=agent-file');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('exits 2 when no credentials are given, since every agent call needs them', () => {
    const result = runAgent([
      '--server',
      deadServer,
      '--client-machine',
      'web01',
      '--root',
      workDir,
    ]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--username and --password');
    expect(result.stdout).toBe('');
  });

  it('exits 2 on hooks that are not valid, naming the variable', () => {
    const result = runAgent(
      ['--server', deadServer, '--client-machine', 'web01', '--root', workDir, '--username', 'a'],
      { CERTLAB_AGENT_PASSWORD: PASSWORD, CERTLAB_AGENT_HOOKS: '[{"storePath":"/a.pem"}]' },
    );

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('CERTLAB_AGENT_HOOKS[0.command]');
  });

  it('exits 2 when the root is a file', () => {
    const file = join(workDir, 'not-a-dir');
    writeFileSync(file, '');

    const result = runAgent(
      [
        '--server',
        deadServer,
        '--client-machine',
        'web01',
        '--root',
        file,
        '--username',
        'a',
        '--once',
      ],
      { CERTLAB_AGENT_PASSWORD: PASSWORD },
    );

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a directory');
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
