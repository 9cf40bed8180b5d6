import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory per test file, removed afterwards. */
export function scratchDir(): {
  path: (name: string) => string;
  write: (name: string, data: string | Uint8Array) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'certlab-pki-'));
  return {
    path: (name) => join(dir, name),
    write: (name, data) => {
      const file = join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface OpensslResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the system openssl: the independent implementation every artifact is checked against. */
export function openssl(args: string[], input?: string | Uint8Array): OpensslResult {
  const result = spawnSync('openssl', args, { input, encoding: 'buffer', timeout: 30_000 });
  return {
    status: result.status ?? -1,
    stdout: result.stdout?.toString('utf8') ?? '',
    stderr: result.stderr?.toString('utf8') ?? '',
  };
}

export function opensslOk(args: string[], input?: string | Uint8Array): string {
  return execFileSync('openssl', args, {
    input,
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
