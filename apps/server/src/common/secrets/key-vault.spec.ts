import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppConfig } from '../../config/config';
import { KeyVault } from './key-vault';

describe('KeyVault', () => {
  let dataDir: string;
  const config = (masterKey?: Buffer) => ({ dataDir, masterKey }) as AppConfig;

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'certlab-vault-')), 'data');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('creates a 0600 master key file once and reuses it across restarts', () => {
    const secret = new TextEncoder().encode('-----BEGIN PRIVATE KEY-----');
    const sealed = new KeyVault(config()).seal(secret, 'certificates:AB');
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(sealed).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(sealed).not.toContain('PRIVATE');

    const reopened = new KeyVault(config());
    expect(Buffer.from(reopened.open(sealed, 'certificates:AB')).toString()).toBe(
      '-----BEGIN PRIVATE KEY-----',
    );
    expect(readFileSync(join(dataDir, 'master.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a ciphertext moved to another row, tampered with, or opened with another master key', () => {
    const vault = new KeyVault(config(Buffer.alloc(32, 1)));
    const sealed = vault.seal(new Uint8Array([1, 2, 3]), 'certificate_authorities:1');
    expect(() => vault.open(sealed, 'certificate_authorities:2')).toThrow();
    const [version, iv, tag, ciphertext] = sealed.split(':');
    const flipped = Buffer.from(ciphertext!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      vault.open(
        [version, iv, tag, flipped.toString('base64')].join(':'),
        'certificate_authorities:1',
      ),
    ).toThrow();
    expect(() =>
      new KeyVault(config(Buffer.alloc(32, 2))).open(sealed, 'certificate_authorities:1'),
    ).toThrow();
    expect(() => vault.open('garbage', 'certificate_authorities:1')).toThrow(/v1 format/);
  });

  it('uses the configured master key and writes no file then', () => {
    new KeyVault(config(Buffer.alloc(32, 3))).seal(new Uint8Array([1]), 'x');
    expect(() => statSync(join(dataDir, 'master.key'))).toThrow();
  });
});
