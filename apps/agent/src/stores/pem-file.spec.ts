import { generateKeyPairSync } from 'node:crypto';
import {
  type Certificate,
  createRootCa,
  exportPrivateKey,
  generateKeyPair,
  issueLeafCertificate,
  pemEncode,
} from '@certlab/pki';
import {
  canonicalPrivateKey,
  decodeStoredKey,
  encodePrivateKey,
  parsePemFile,
  privateKeyMatches,
  serializeStoreFile,
} from './pem-file';
import { readPemStoreSettings } from './store-properties';
import { isStoreError } from './store.errors';

const PASSWORD = 'file-spec-password';

let root: Certificate;
let leaf: Certificate;
let leafKey: Uint8Array;
let rsaKey: Uint8Array;
let rootKeys: CryptoKeyPair;

beforeAll(async () => {
  rootKeys = await generateKeyPair('P-256');
  root = await createRootCa({ subject: 'CN=Spec Root', keys: rootKeys, validityDays: 30 });
  const leafKeys = await generateKeyPair('P-256');
  leaf = await issueLeafCertificate({
    publicKey: leafKeys.publicKey,
    issuer: { certificate: root, privateKey: rootKeys.privateKey },
    profile: { subject: 'CN=leaf.example', validityDays: 10 },
  });
  leafKey = await exportPrivateKey(leafKeys.privateKey);
  rsaKey = await exportPrivateKey((await generateKeyPair('RSA-2048')).privateKey);
});

function expectInvalid(action: () => unknown, message?: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(isStoreError(caught, 'INVALID_STORE')).toBe(true);
  if (message) expect((caught as Error).message).toMatch(message);
}

describe('parsePemFile', () => {
  it('reads certificates in file order and key blocks, skipping EC PARAMETERS and prose', () => {
    const text = [
      'subject=CN = leaf.example\n',
      leaf.pem,
      '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n',
      pemEncode(leafKey, 'PRIVATE KEY'),
      root.pem,
    ].join('');
    const contents = parsePemFile(text, 'store /x');
    expect(contents.certificates.map((cert) => cert.thumbprint)).toEqual([
      leaf.thumbprint,
      root.thumbprint,
    ]);
    expect(contents.keys.map((key) => key.label)).toEqual(['PRIVATE KEY']);
  });

  it('reads an empty or blank file as an empty store', () => {
    expect(parsePemFile('', 'x')).toEqual({ certificates: [], keys: [] });
    expect(parsePemFile(' \n\n', 'x')).toEqual({ certificates: [], keys: [] });
  });

  it('refuses text with no PEM, DER, truncated blocks and blocks a store never holds', () => {
    expectInvalid(() => parsePemFile('hello\n', 'store /x'), /store \/x holds no PEM blocks/);
    expectInvalid(() => parsePemFile(Buffer.from(leaf.der), 'store /x'), /no PEM blocks/);
    expectInvalid(() => parsePemFile(leaf.pem.slice(0, 200), 'store /x'), /not a readable PEM/);
    expectInvalid(
      () => parsePemFile(pemEncode(new Uint8Array([1, 2, 3]), 'X509 CRL'), 'store /x'),
      /"X509 CRL"/,
    );
    expectInvalid(
      () => parsePemFile(pemEncode(new Uint8Array([0x30, 0x03, 0x02, 0x01]), 'CERTIFICATE'), 'x'),
      /certificate #1 cannot be read/,
    );
  });
});

describe('private key encoding', () => {
  it('writes PKCS#8, encrypted PKCS#8, and the traditional forms', () => {
    expect(encodePrivateKey(leafKey, { traditional: false, password: null })).toContain(
      'BEGIN PRIVATE KEY',
    );
    expect(encodePrivateKey(leafKey, { traditional: false, password: PASSWORD })).toContain(
      'BEGIN ENCRYPTED PRIVATE KEY',
    );
    expect(encodePrivateKey(leafKey, { traditional: true, password: null })).toContain(
      'BEGIN EC PRIVATE KEY',
    );
    expect(encodePrivateKey(rsaKey, { traditional: true, password: null })).toContain(
      'BEGIN RSA PRIVATE KEY',
    );
    expectInvalid(() => encodePrivateKey(rsaKey, { traditional: true, password: PASSWORD }));
  });

  it('decodes every form back to the same canonical key', () => {
    const canonical = canonicalPrivateKey(leafKey);
    for (const [traditional, password] of [
      [false, null],
      [false, PASSWORD],
      [true, null],
    ] as const) {
      const pem = encodePrivateKey(leafKey, { traditional, password });
      const [block] = parsePemFile(pem, 'key').keys;
      const decoded = decodeStoredKey(block!, password, { code: 'VERIFY_FAILED', what: 'the key' });
      expect(Buffer.from(decoded)).toEqual(Buffer.from(canonical));
    }
  });

  it('reports a wrong or missing password with the caller code and no key material', () => {
    const pem = encodePrivateKey(leafKey, { traditional: false, password: PASSWORD });
    const [block] = parsePemFile(pem, 'key').keys;
    for (const password of ['wrong', null]) {
      let caught: unknown;
      try {
        decodeStoredKey(block!, password, { code: 'VERIFY_FAILED', what: 'the key' });
      } catch (error) {
        caught = error;
      }
      expect(isStoreError(caught, 'VERIFY_FAILED')).toBe(true);
      expect((caught as Error).message).not.toMatch(/[A-Za-z0-9+/]{40}/);
    }
  });

  it('refuses a job key that is not PKCS#8 as BAD_CERTIFICATE', () => {
    let caught: unknown;
    try {
      encodePrivateKey(new Uint8Array([0x30, 0x00]), { traditional: false, password: null });
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'BAD_CERTIFICATE')).toBe(true);
  });

  it('matches a key to its certificate only', async () => {
    await expect(privateKeyMatches(leaf, leafKey)).resolves.toBe(true);
    await expect(privateKeyMatches(leaf, rsaKey)).resolves.toBe(false);
  });

  it('a key of another type leaves nothing behind that fails the next match', async () => {
    // KeyObject.equals across key types leaves OpenSSL's "different key types" queued, and the
    // next key decode threw it: the right key then looked like the wrong one.
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'der',
    });
    // A key decoded for the first time, through OpenSSL's DER decoder (P-256 keys take a JWK path).
    const freshKeys = await generateKeyPair('P-384');
    const fresh = await issueLeafCertificate({
      publicKey: freshKeys.publicKey,
      issuer: { certificate: root, privateKey: rootKeys.privateKey },
      profile: { subject: 'CN=fresh.example', validityDays: 10 },
    });
    const freshKey = await exportPrivateKey(freshKeys.privateKey);
    await expect(privateKeyMatches(leaf, ed25519)).resolves.toBe(false);
    await expect(privateKeyMatches(fresh, freshKey)).resolves.toBe(true);
  });
});

describe('serializeStoreFile', () => {
  it('writes the leaf, then the key, then the chain (RFPEM order)', () => {
    const keyPem = encodePrivateKey(leafKey, { traditional: false, password: null });
    const text = serializeStoreFile({ leaf, keyPem, chain: [root] });
    expect(text).toBe(leaf.pem + keyPem + root.pem);
    expect(serializeStoreFile({ leaf, keyPem: null, chain: [] })).toBe(leaf.pem);
  });
});

describe('readPemStoreSettings', () => {
  it('reads Bool properties sent as strings and treats an empty password as none', () => {
    expect(
      readPemStoreSettings(
        {
          IsTrustStore: 'False',
          IncludesChain: 'TRUE',
          SeparatePrivateKeyFilePath: '  ',
          IgnorePrivateKeyOnInventory: 'yes',
          RemoveRootCertificate: 'true',
        },
        '',
      ),
    ).toEqual({
      isTrustStore: false,
      includesChain: true,
      separatePrivateKeyFilePath: null,
      ignorePrivateKeyOnInventory: false,
      removeRootCertificate: true,
      storePassword: null,
    });
  });
});
