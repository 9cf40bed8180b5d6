import {
  createPrivateKey,
  createPublicKey,
  type KeyExportOptions,
  type KeyObject,
} from 'node:crypto';
import { type Certificate, isPkiError, pemDecodeAll, pemEncode } from '@certlab/pki';
import { readCertificateOnce } from './certificate-cache';
import { importP256Pkcs8 } from './fast-ec-key';
import { StoreError, type StoreErrorCode } from './store.errors';

/**
 * Reading and writing the text of RFPEM files: pure functions, no file system. Key material only
 * ever passes through Node's KeyObject; no message built here quotes it.
 */

export const KEY_LABELS = [
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
] as const;
export type KeyLabel = (typeof KEY_LABELS)[number];

/** `openssl ecparam -genkey` writes the curve before the key; the key repeats it, so it is dropped. */
const IGNORED_LABELS: readonly string[] = ['EC PARAMETERS'];

export interface PemKeyBlock {
  label: KeyLabel;
  der: Uint8Array;
}

export interface PemFileContents {
  /** In file order. */
  certificates: Certificate[];
  keys: PemKeyBlock[];
}

/**
 * Parses a store or key file. An empty (or blank) file is an empty store; anything that is not
 * PEM, or holds blocks a PEM store never holds (CRLs, CSRs, DH parameters…), is INVALID_STORE:
 * the agent rewrites whole files, so it must not silently drop what it does not understand.
 */
export function parsePemFile(content: Uint8Array | string, what: string): PemFileContents {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
  const contents: PemFileContents = { certificates: [], keys: [] };
  if (text.trim() === '') return contents;
  let blocks;
  try {
    blocks = pemDecodeAll(text);
  } catch (error) {
    if (isPkiError(error)) {
      throw new StoreError('INVALID_STORE', `${what} is not a readable PEM file: ${error.message}`);
    }
    throw error;
  }
  if (blocks.length === 0) {
    throw new StoreError(
      'INVALID_STORE',
      `${what} holds no PEM blocks (is it DER, PKCS#12 or another format?)`,
    );
  }
  for (const block of blocks) {
    if (block.label === 'CERTIFICATE') {
      contents.certificates.push(
        readStoredCertificate(block.der, contents.certificates.length, what),
      );
    } else if (isKeyLabel(block.label)) {
      contents.keys.push({ label: block.label, der: block.der });
    } else if (!IGNORED_LABELS.includes(block.label)) {
      throw new StoreError(
        'INVALID_STORE',
        `${what} holds a "${block.label}" PEM block, which a PEM store does not`,
      );
    }
  }
  return contents;
}

function readStoredCertificate(der: Uint8Array, index: number, what: string): Certificate {
  try {
    return readCertificateOnce(der);
  } catch (error) {
    if (!isPkiError(error)) throw error;
    throw new StoreError(
      'INVALID_STORE',
      `${what}: certificate #${index + 1} cannot be read: ${error.message}`,
    );
  }
}

export function isKeyLabel(label: string): label is KeyLabel {
  return (KEY_LABELS as readonly string[]).includes(label);
}

/** `RSA PRIVATE KEY` (PKCS#1) and `EC PRIVATE KEY` (SEC1): the "traditional" forms RFPEM keeps. */
export function isTraditionalKey(label: KeyLabel): boolean {
  return label === 'RSA PRIVATE KEY' || label === 'EC PRIVATE KEY';
}

/**
 * The key as it goes into a file: traditional when the store already used that form (RSA as
 * PKCS#1, EC as SEC1; a key type with no traditional form, Ed25519, falls back to PKCS#8),
 * otherwise PKCS#8, encrypted with the store password when there is one (PBES2, AES-256-CBC).
 */
export function encodePrivateKey(
  pkcs8: Uint8Array,
  options: { traditional: boolean; password: string | null },
): string {
  const { key } = loadPrivateKey(pkcs8);
  if (options.traditional) {
    if (options.password !== null) {
      throw new StoreError(
        'INVALID_STORE',
        'the store keeps its key in the PKCS#1 form, which carries no encryption; the store password must be empty',
      );
    }
    if (key.asymmetricKeyType === 'rsa') return pemString(key, { type: 'pkcs1', format: 'pem' });
    if (key.asymmetricKeyType === 'ec') return pemString(key, { type: 'sec1', format: 'pem' });
    return pemString(key, { type: 'pkcs8', format: 'pem' });
  }
  if (options.password !== null) {
    return pemString(key, {
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: options.password,
    });
  }
  return pemString(key, { type: 'pkcs8', format: 'pem' });
}

function pemString(key: KeyObject, options: KeyExportOptions<'pem'>): string {
  return key.export(options).toString();
}

/**
 * The last keys loaded, by their bytes: an Add loads the job's key to check it, to compare it
 * with the stored one and to encode it, and each load is a slow OpenSSL decode.
 */
const loadedKeys = new Map<string, { key: KeyObject; canonical: Uint8Array }>();
const MAX_LOADED_KEYS = 8;

/** A job's key (PKCS#8 DER) as a KeyObject; BAD_CERTIFICATE if it is anything else. */
function loadPrivateKey(pkcs8: Uint8Array): { key: KeyObject; canonical: Uint8Array } {
  const id = Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.byteLength).toString('latin1');
  const hit = loadedKeys.get(id);
  if (hit) return hit;
  const fast = importP256Pkcs8(pkcs8);
  let key: KeyObject;
  try {
    key = fast ?? createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch {
    // Node's message is harmless, but nothing derived from key bytes goes into a message.
    throw new StoreError('BAD_CERTIFICATE', 'the private key is not a readable PKCS#8 key');
  }
  // The fast import is only taken when the key exports to exactly these bytes.
  const canonical = fast
    ? new Uint8Array(pkcs8)
    : new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  const loaded = { key, canonical };
  loadedKeys.set(id, loaded);
  if (loadedKeys.size > MAX_LOADED_KEYS)
    loadedKeys.delete(loadedKeys.keys().next().value as string);
  return loaded;
}

/**
 * A stored key block as unencrypted PKCS#8 DER, decrypting with the store password when needed.
 * Canonical: the same key always yields the same bytes, whatever form it was stored in.
 */
export function decodeStoredKey(
  block: PemKeyBlock,
  password: string | null,
  failure: { code: StoreErrorCode; what: string },
): Uint8Array {
  if (block.label === 'ENCRYPTED PRIVATE KEY' && password === null) {
    throw new StoreError(
      failure.code,
      `${failure.what} is encrypted and the store has no password`,
    );
  }
  // An unencrypted P-256 PKCS#8 key in its canonical form already is what the export would give.
  if (block.label === 'PRIVATE KEY' && importP256Pkcs8(block.der)) return new Uint8Array(block.der);
  try {
    const key = createPrivateKey({
      key: pemEncode(block.der, block.label),
      format: 'pem',
      ...(password === null ? {} : { passphrase: password }),
    });
    return new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  } catch {
    throw new StoreError(
      failure.code,
      block.label === 'ENCRYPTED PRIVATE KEY'
        ? `${failure.what} cannot be decrypted with the store password`
        : `${failure.what} cannot be read`,
    );
  }
}

/** A job key in the same canonical form as decodeStoredKey's, for comparing the two. */
export function canonicalPrivateKey(pkcs8: Uint8Array): Uint8Array {
  return loadPrivateKey(pkcs8).canonical;
}

/** The certificate's public key in OpenSSL's canonical SPKI form, once per certificate. */
const canonicalSpkis = new WeakMap<Certificate, Buffer>();

/**
 * Whether the key (PKCS#8 DER) belongs to the certificate; keys certlab cannot use do not.
 * Compares the key's public half with the certificate's natively, as canonical SPKI bytes,
 * instead of a WebCrypto sign-and-verify round, which cost ~20 % of a delivery's agent CPU.
 * Not KeyObject.equals: on keys of different types (an old RSA key beside a new ECDSA
 * certificate, exactly what a migration meets) it leaves OpenSSL's "different key types" on the
 * thread's error queue, and the next unrelated key operation then throws it (seen in CI).
 */
export function privateKeyMatches(certificate: Certificate, pkcs8: Uint8Array): Promise<boolean> {
  return Promise.resolve(keyBelongsTo(certificate, pkcs8));
}

function keyBelongsTo(certificate: Certificate, pkcs8: Uint8Array): boolean {
  // A key the certificate's algorithm cannot be (an RSA-1024, DSA…): certlab does not use it.
  if (certificate.keyAlgorithm === null) return false;
  try {
    let theirs = canonicalSpkis.get(certificate);
    if (!theirs) {
      theirs = createPublicKey({
        key: Buffer.from(certificate.subjectPublicKeyInfo),
        format: 'der',
        type: 'spki',
      }).export({ type: 'spki', format: 'der' });
      canonicalSpkis.set(certificate, theirs);
    }
    const ours = createPublicKey(loadPrivateKey(pkcs8).key).export({ type: 'spki', format: 'der' });
    return ours.equals(theirs);
  } catch {
    return false; // unreadable or unusable: it cannot be shown to belong, so it does not
  }
}

/** RFPEM file order: the leaf, then the key (unless it is separate), then the chain. */
export function serializeStoreFile(parts: {
  leaf: Certificate;
  keyPem: string | null;
  chain: readonly Certificate[];
}): string {
  return [parts.leaf.pem, parts.keyPem ?? '', ...parts.chain.map((cert) => cert.pem)].join('');
}

export function serializeCertificates(certificates: readonly Certificate[]): string {
  return certificates.map((cert) => cert.pem).join('');
}
