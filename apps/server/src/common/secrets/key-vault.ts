import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/config';

const VERSION = 'v1';
const MASTER_KEY_FILE = 'master.key';

/**
 * Encrypts private keys at rest with AES-256-GCM under the master key. `context` (e.g.
 * `certificate_authorities:3`) is bound in as additional authenticated data, so a ciphertext
 * copied to another row does not decrypt. Plaintext keys exist only in memory.
 */
@Injectable()
export class KeyVault {
  private readonly masterKey: Buffer;

  constructor(config: AppConfig) {
    this.masterKey = config.masterKey ?? loadOrCreateMasterKeyFile(config.dataDir);
  }

  seal(plaintext: Uint8Array, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
      .join(':');
  }

  /** A key for another purpose (e.g. signing agent session tokens), derived so it never equals the master key. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(
      hkdfSync('sha256', this.masterKey, Buffer.alloc(0), `certlab:${purpose}`, 32),
    );
  }

  open(sealed: string, context: string): Uint8Array {
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new Error(`sealed value for ${context} is not in ${VERSION} format`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return new Uint8Array(
      Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]),
    );
  }
}

/** The generated master key lives beside the database, readable by the server's user only. */
function loadOrCreateMasterKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, MASTER_KEY_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte hex key`);
    return key;
  }
  const key = randomBytes(32);
  // `wx`: never overwrite a key another process created a moment ago.
  writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
