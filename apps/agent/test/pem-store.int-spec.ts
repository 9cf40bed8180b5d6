import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type Certificate,
  exportPrivateKey,
  generateKeyPair,
  issueLeafCertificate,
  pemDecodeAll,
  pemEncode,
} from '@certlab/pki';
import * as atomicFile from '../src/stores/atomic-file';
import { createTestHierarchy } from './factories/certificates';
import {
  type AddResult,
  isStoreError,
  PemStore,
  type StoreErrorCode,
  type StoreLocation,
} from '../src/stores';

/**
 * The PEM store against real files in temp directories, with the system OpenSSL as the judge of
 * what was written: if `openssl verify`, `openssl x509` and `openssl pkey` accept a file, nginx,
 * HAProxy and friends will too.
 */

const OPENSSL = '/usr/bin/openssl';
const STORE_PASSWORD = 'store-pa55-never-printed';

interface Issued {
  certificate: Certificate;
  /** PKCS#8 DER. */
  privateKey: Uint8Array;
}

interface Fixture {
  root: Certificate;
  issuing: Certificate;
  rsaLeaf: Issued;
  /** The renewal of rsaLeaf: new certificate, new key. */
  rsaRenewal: Issued;
  /** rsaLeaf's key, certified again (a renewal that reuses the key). */
  rsaReissue: Issued;
  ecLeaf: Issued;
}

let fixture: Fixture;
let workDir: string;
let root: string;
/** A sibling of root: nothing may ever appear or change here. */
let outside: string;

beforeAll(async () => {
  fixture = await buildFixture();
  workDir = mkdtempSync(join(tmpdir(), 'certlab-pem-store-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

let testIndex = 0;
beforeEach(() => {
  testIndex++;
  root = join(workDir, `root-${testIndex}`);
  outside = join(workDir, `outside-${testIndex}`);
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0\n');
});

async function buildFixture(): Promise<Fixture> {
  const { root: rootCa, issuing: issuer } = await createTestHierarchy(
    'RSA-2048',
    'certlab Store Test',
  );
  const issuingCa = issuer.certificate;
  const issue = async (keys: CryptoKeyPair, name: string): Promise<Issued> => ({
    certificate: await issueLeafCertificate({
      publicKey: keys.publicKey,
      issuer,
      profile: {
        subject: `CN=${name}`,
        subjectAltNames: { dns: [name] },
        extendedKeyUsages: ['serverAuth'],
        validityDays: 90,
      },
    }),
    privateKey: await exportPrivateKey(keys.privateKey),
  });
  const rsaKeys = await generateKeyPair('RSA-2048');
  return {
    root: rootCa,
    issuing: issuingCa,
    rsaLeaf: await issue(rsaKeys, 'cherry.example'),
    rsaRenewal: await issue(await generateKeyPair('RSA-2048'), 'cherry.example'),
    rsaReissue: await issue(rsaKeys, 'cherry.example'),
    ecLeaf: await issue(await generateKeyPair('P-256'), 'plum.example'),
  };
}

// ---------------------------------------------------------------------------------------------
// helpers

function location(
  storePath: string,
  properties: Record<string, string> = {},
  storePassword: string | null = null,
): StoreLocation {
  return { root, storePath, properties, storePassword };
}

/** The job's entry as the runtime hands it over: DER, leaf first, then issuing and root. */
function entryOf(issued: Issued, options: { chain?: boolean; key?: boolean } = {}) {
  const chain = options.chain === false ? [] : [fixture.issuing.der, fixture.root.der];
  return {
    certificates: [issued.certificate.der, ...chain],
    ...(options.key === false ? {} : { privateKey: issued.privateKey }),
  };
}

function hostPath(storePath: string): string {
  return join(root, storePath);
}

function openssl(args: string[]): string {
  return execFileSync(OPENSSL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `openssl x509 -fingerprint -sha1` of the first certificate in the file, in Keyfactor's form. */
function opensslThumbprint(file: string): string {
  const line = openssl(['x509', '-in', file, '-noout', '-fingerprint', '-sha1']).trim();
  return line.replace(/^.*=/, '').replace(/:/g, '').toUpperCase();
}

function certificatePublicKey(file: string): string {
  return openssl(['x509', '-in', file, '-noout', '-pubkey']);
}

function keyPublicKey(file: string, password?: string): string {
  return openssl([
    'pkey',
    '-in',
    file,
    '-pubout',
    ...(password === undefined ? [] : ['-passin', `pass:${password}`]),
  ]);
}

function writeRootCaFile(): string {
  const file = join(workDir, `ca-${testIndex}.pem`);
  writeFileSync(file, fixture.root.pem);
  return file;
}

function opensslVerify(file: string): string {
  return openssl(['verify', '-CAfile', writeRootCaFile(), '-untrusted', file, file]).trim();
}

function labels(file: string): string[] {
  return pemDecodeAll(readFileSync(file, 'latin1')).map((block) => block.label);
}

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

/** Every file under a directory with its bytes, to prove an operation changed nothing there. */
function snapshot(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path] = entry.isFile() ? readFileSync(path).toString('base64') : 'link';
    }
  };
  walk(directory);
  return files;
}

/** Names in a store's directory that are neither the given files nor their backups. */
function strayFiles(directory: string, expected: readonly string[]): string[] {
  return readdirSync(directory).filter((name) => !expected.includes(name));
}

async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<Error> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(isStoreError(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  return caught as Error;
}

// ---------------------------------------------------------------------------------------------

describe('the five RFPEM layouts, written and checked with openssl', () => {
  it('(1) trust store: certificates only, usable as an openssl CAfile', async () => {
    const storePath = '/etc/ssl/trust/ca-bundle.pem';
    const store = new PemStore(location(storePath, { IsTrustStore: 'true' }));
    const file = hostPath(storePath);

    await store.add({ certificates: [fixture.root.der] }, { overwrite: false });
    await store.add({ certificates: [fixture.issuing.der] }, { overwrite: false });

    expect(labels(file)).toEqual(['CERTIFICATE', 'CERTIFICATE']);
    expect(opensslThumbprint(file)).toBe(fixture.root.thumbprint);
    expect(mode(file)).toBe(0o644);
    const leafFile = join(workDir, `leaf-${testIndex}.pem`);
    writeFileSync(leafFile, fixture.rsaLeaf.certificate.pem);
    expect(openssl(['verify', '-CAfile', file, leafFile]).trim()).toBe(`${leafFile}: OK`);

    const inventory = await store.inventory();
    expect(inventory.map((entry) => entry.alias)).toEqual([
      fixture.root.thumbprint,
      fixture.issuing.thumbprint,
    ]);
    expect(inventory.every((entry) => !entry.privateKeyEntry)).toBe(true);
  });

  it('(2) one certificate + key: leaf, then a PKCS#8 key, file 0600', async () => {
    const storePath = '/srv/app/app.pem';
    const store = new PemStore(location(storePath));
    const result = await store.add(entryOf(fixture.rsaLeaf), {
      overwrite: false,
      expectedThumbprint: fixture.rsaLeaf.certificate.thumbprint,
    });
    const file = hostPath(storePath);

    expect(result).toEqual({
      thumbprint: fixture.rsaLeaf.certificate.thumbprint,
      storeFile: file,
      keyFile: null,
      backupFiles: [],
    });
    expect(labels(file)).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
    expect(opensslThumbprint(file)).toBe(fixture.rsaLeaf.certificate.thumbprint);
    expect(keyPublicKey(file)).toBe(certificatePublicKey(file));
    expect(mode(file)).toBe(0o600);
    expect(mode(dirname(file))).toBe(0o755);
    expect(strayFiles(dirname(file), ['app.pem'])).toEqual([]);

    const [entry, ...more] = await store.inventory();
    expect(more).toEqual([]);
    expect(entry!.alias).toBe(fixture.rsaLeaf.certificate.thumbprint);
    expect(entry!.privateKeyEntry).toBe(true);
    expect(entry!.certificates.map((cert) => cert.thumbprint)).toEqual([
      fixture.rsaLeaf.certificate.thumbprint,
    ]);
  });

  it('(3) one certificate + chain + key: leaf, key, then the chain; openssl verify passes', async () => {
    const storePath = '/srv/app/fullchain.pem';
    const store = new PemStore(location(storePath, { IncludesChain: 'true' }));
    await store.add(entryOf(fixture.ecLeaf), { overwrite: false });
    const file = hostPath(storePath);

    expect(labels(file)).toEqual(['CERTIFICATE', 'PRIVATE KEY', 'CERTIFICATE', 'CERTIFICATE']);
    expect(opensslVerify(file)).toBe(`${file}: OK`);
    expect(opensslThumbprint(file)).toBe(fixture.ecLeaf.certificate.thumbprint);
    expect(keyPublicKey(file)).toBe(certificatePublicKey(file));
    expect(mode(file)).toBe(0o600);

    const [entry] = await store.inventory();
    expect(entry!.certificates.map((cert) => cert.subject)).toEqual([
      'CN=plum.example',
      fixture.issuing.subject,
      fixture.root.subject,
    ]);
    expect(entry!.privateKeyEntry).toBe(true);
  });

  it('(4) one certificate with the key in a separate 0600 file', async () => {
    const storePath = '/home/pi/cherry/cherrystore';
    const store = new PemStore(
      location(storePath, { SeparatePrivateKeyFilePath: '/home/pi/cherry/private/cherry.key' }),
    );
    const result = await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const file = hostPath(storePath);
    const keyFile = hostPath('/home/pi/cherry/private/cherry.key');

    expect(result.keyFile).toBe(keyFile);
    expect(labels(file)).toEqual(['CERTIFICATE']);
    expect(labels(keyFile)).toEqual(['PRIVATE KEY']);
    expect(opensslThumbprint(file)).toBe(fixture.rsaLeaf.certificate.thumbprint);
    expect(keyPublicKey(keyFile)).toBe(certificatePublicKey(file));
    expect(mode(file)).toBe(0o644);
    expect(mode(keyFile)).toBe(0o600);

    const [entry] = await store.inventory();
    expect(entry!.privateKeyEntry).toBe(true);
    expect(entry!.certificates).toHaveLength(1);
  });

  it('(5) one certificate + chain with a separate key; RemoveRootCertificate drops the root', async () => {
    const storePath = '/etc/nginx/tls/chain.pem';
    const keyPath = '/etc/nginx/tls/chain.key';
    const store = new PemStore(
      location(storePath, {
        IncludesChain: 'true',
        SeparatePrivateKeyFilePath: keyPath,
        RemoveRootCertificate: 'true',
      }),
    );
    // The chain arrives out of order: the store orders it from the leaf up.
    await store.add(
      {
        certificates: [fixture.rsaLeaf.certificate.der, fixture.root.der, fixture.issuing.der],
        privateKey: fixture.rsaLeaf.privateKey,
      },
      { overwrite: false },
    );
    const file = hostPath(storePath);
    const keyFile = hostPath(keyPath);

    expect(labels(file)).toEqual(['CERTIFICATE', 'CERTIFICATE']);
    expect(opensslVerify(file)).toBe(`${file}: OK`);
    expect(keyPublicKey(keyFile)).toBe(certificatePublicKey(file));
    expect(mode(keyFile)).toBe(0o600);
    const [entry] = await store.inventory();
    expect(entry!.certificates.map((cert) => cert.thumbprint)).toEqual([
      fixture.rsaLeaf.certificate.thumbprint,
      fixture.issuing.thumbprint,
    ]);
  });

  it('leaves the chain out without IncludesChain', async () => {
    const store = new PemStore(location('/app.pem'));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    expect(labels(hostPath('/app.pem'))).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
  });
});

describe('renewal: Add with overwrite', () => {
  const storePath = '/srv/app/app.pem';
  const keyPath = '/srv/app/app.key';
  const properties = { IncludesChain: 'true', SeparatePrivateKeyFilePath: keyPath };

  it('replaces the entry and keeps the previous files as .bak', async () => {
    const store = new PemStore(location(storePath, properties));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const file = hostPath(storePath);
    const keyFile = hostPath(keyPath);
    const before = { cert: readFileSync(file), key: readFileSync(keyFile) };

    const result: AddResult = await store.add(entryOf(fixture.rsaRenewal), {
      overwrite: true,
      expectedThumbprint: fixture.rsaRenewal.certificate.thumbprint.toLowerCase(),
    });

    expect(result.backupFiles).toEqual([`${keyFile}.bak`, `${file}.bak`]);
    expect(readFileSync(`${file}.bak`)).toEqual(before.cert);
    expect(readFileSync(`${keyFile}.bak`)).toEqual(before.key);
    expect(mode(`${keyFile}.bak`)).toBe(0o600);
    expect(opensslThumbprint(file)).toBe(fixture.rsaRenewal.certificate.thumbprint);
    expect(keyPublicKey(keyFile)).toBe(certificatePublicKey(file));
    expect(opensslVerify(file)).toBe(`${file}: OK`);
    const [entry] = await store.inventory();
    expect(entry!.alias).toBe(fixture.rsaRenewal.certificate.thumbprint);
    expect(strayFiles(dirname(file), ['app.pem', 'app.pem.bak', 'app.key', 'app.key.bak'])).toEqual(
      [],
    );
  });

  it('refuses a second entry without overwrite and leaves the files byte-identical', async () => {
    const store = new PemStore(location(storePath, properties));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const before = snapshot(root);

    const error = await expectStoreError(
      store.add(entryOf(fixture.rsaRenewal), { overwrite: false }),
      'ENTRY_EXISTS',
    );
    expect(error.message).toContain('already contains a certificate/key entry');
    expect(snapshot(root)).toEqual(before);
  });

  it('does not rewrite anything when the same job is delivered again', async () => {
    const store = new PemStore(location(storePath, properties, STORE_PASSWORD));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    await store.add(entryOf(fixture.rsaRenewal), { overwrite: true });
    const before = snapshot(root);

    const again = await store.add(entryOf(fixture.rsaRenewal), { overwrite: true });

    expect(again.backupFiles).toEqual([]);
    // The backup still holds the version before the renewal, not a copy of the current one.
    expect(snapshot(root)).toEqual(before);
  });

  it('keeps no backup when backup is off', async () => {
    const store = new PemStore(location('/app.pem'), { backup: false });
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const result = await store.add(entryOf(fixture.rsaRenewal), { overwrite: true });
    expect(result.backupFiles).toEqual([]);
    expect(readdirSync(root)).toEqual(['app.pem']);
  });

  it('keeps the store key for a certificate-only Add when it belongs to the new certificate', async () => {
    const store = new PemStore(location('/app.pem'));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const file = hostPath('/app.pem');

    await store.add(entryOf(fixture.rsaReissue, { key: false }), { overwrite: true });
    expect(opensslThumbprint(file)).toBe(fixture.rsaReissue.certificate.thumbprint);
    expect(keyPublicKey(file)).toBe(certificatePublicKey(file));

    const before = snapshot(root);
    await expectStoreError(
      store.add(entryOf(fixture.ecLeaf, { key: false }), { overwrite: true }),
      'VERIFY_FAILED',
    );
    expect(snapshot(root)).toEqual(before);
  });

  it("refuses a job whose certificate is not the job's thumbprint", async () => {
    const store = new PemStore(location('/app.pem'));
    await expectStoreError(
      store.add(entryOf(fixture.rsaLeaf), {
        overwrite: false,
        expectedThumbprint: fixture.rsaRenewal.certificate.thumbprint,
      }),
      'BAD_CERTIFICATE',
    );
    expect(existsSync(hostPath('/app.pem'))).toBe(false);
  });

  it('refuses a chain certificate that is not on the leaf path', async () => {
    const store = new PemStore(location('/app.pem', { IncludesChain: 'true' }));
    await expectStoreError(
      store.add(
        {
          certificates: [fixture.rsaLeaf.certificate.der, fixture.ecLeaf.certificate.der],
          privateKey: fixture.rsaLeaf.privateKey,
        },
        { overwrite: false },
      ),
      'BAD_CERTIFICATE',
    );
  });
});

describe('key formats', () => {
  it('encrypts the key as PKCS#8 with the store password', async () => {
    const storePath = '/app.pem';
    const store = new PemStore(location(storePath, { IncludesChain: 'true' }, STORE_PASSWORD));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const file = hostPath(storePath);

    expect(labels(file)).toEqual([
      'CERTIFICATE',
      'ENCRYPTED PRIVATE KEY',
      'CERTIFICATE',
      'CERTIFICATE',
    ]);
    expect(keyPublicKey(file, STORE_PASSWORD)).toBe(certificatePublicKey(file));
    expect(() => keyPublicKey(file, 'wrong-password')).toThrow();
    const [entry] = await store.inventory();
    expect(entry!.privateKeyEntry).toBe(true);
  });

  it('encrypts a separate key file too', async () => {
    const store = new PemStore(
      location('/app.pem', { SeparatePrivateKeyFilePath: '/app.key' }, STORE_PASSWORD),
    );
    await store.add(entryOf(fixture.ecLeaf), { overwrite: false });
    expect(labels(hostPath('/app.key'))).toEqual(['ENCRYPTED PRIVATE KEY']);
    expect(keyPublicKey(hostPath('/app.key'), STORE_PASSWORD)).toBe(
      certificatePublicKey(hostPath('/app.pem')),
    );
  });

  it.each([
    ['RSA PRIVATE KEY', 'rsaLeaf', 'rsaRenewal', 'rsa'],
    ['EC PRIVATE KEY', 'ecLeaf', 'rsaRenewal', 'ec'],
  ] as const)(
    'keeps the traditional form of an existing %s key',
    async (label, oldName, newName, tool) => {
      const old = fixture[oldName];
      const renewal = fixture[newName];
      const file = hostPath('/app.pem');
      // Written by hand as an operator or certbot-era tooling would have: openssl's traditional form.
      const pkcs8File = join(workDir, `key-${testIndex}.pem`);
      writeFileSync(pkcs8File, pemEncode(old.privateKey, 'PRIVATE KEY'));
      const traditional = openssl([
        tool,
        '-in',
        pkcs8File,
        ...(tool === 'rsa' ? ['-traditional'] : []),
      ]);
      expect(traditional).toContain(`BEGIN ${label}`);
      writeFileSync(file, old.certificate.pem + traditional, { mode: 0o600 });

      const store = new PemStore(location('/app.pem'));
      const [entry] = await store.inventory();
      expect(entry!.privateKeyEntry).toBe(true);
      await store.add(entryOf(renewal), { overwrite: true });

      // The new key is RSA: the traditional form for RSA is PKCS#1.
      expect(labels(file)).toEqual(['CERTIFICATE', 'RSA PRIVATE KEY']);
      expect(keyPublicKey(file)).toBe(certificatePublicKey(file));

      const before = snapshot(root);
      const withPassword = new PemStore(location('/app.pem', {}, STORE_PASSWORD));
      await expectStoreError(
        withPassword.add(entryOf(fixture.rsaLeaf), { overwrite: true }),
        'INVALID_STORE',
      );
      expect(snapshot(root)).toEqual(before);
    },
  );
});

describe('trust stores', () => {
  const storePath = '/etc/ssl/certs/ca.pem';
  const trust = () => new PemStore(location(storePath, { IsTrustStore: 'true' }));

  it('refuses a private key', async () => {
    await expectStoreError(
      trust().add(entryOf(fixture.rsaLeaf), { overwrite: true }),
      'TRUST_STORE_KEY',
    );
    expect(existsSync(hostPath(storePath))).toBe(false);
  });

  it('refuses a certificate already present without overwrite; with overwrite the file stays as it was', async () => {
    const store = trust();
    await store.add({ certificates: [fixture.root.der] }, { overwrite: false });
    await store.add({ certificates: [fixture.issuing.der] }, { overwrite: false });
    const before = snapshot(root);

    await expectStoreError(
      store.add({ certificates: [fixture.root.der] }, { overwrite: false }),
      'ENTRY_EXISTS',
    );
    await store.add({ certificates: [fixture.root.der] }, { overwrite: true });
    expect(snapshot(root)).toEqual(before);
    expect((await store.inventory()).map((entry) => entry.thumbprint)).toEqual([
      fixture.root.thumbprint,
      fixture.issuing.thumbprint,
    ]);
  });

  it('removes one certificate, keeping the others and a backup', async () => {
    const store = trust();
    await store.add({ certificates: [fixture.root.der] }, { overwrite: false });
    await store.add({ certificates: [fixture.issuing.der] }, { overwrite: false });
    const file = hostPath(storePath);
    const before = readFileSync(file);

    await store.remove(fixture.root.thumbprint.toLowerCase());

    expect((await store.inventory()).map((entry) => entry.alias)).toEqual([
      fixture.issuing.thumbprint,
    ]);
    expect(readFileSync(`${file}.bak`)).toEqual(before);
    await expectStoreError(store.remove(fixture.root.thumbprint), 'ENTRY_NOT_FOUND');
    await store.remove(fixture.issuing.thumbprint);
    expect(await store.inventory()).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('reports an empty store for a missing file', async () => {
    expect(await trust().inventory()).toEqual([]);
  });
});

describe('Remove', () => {
  it('moves the store file and the separate key file to .bak', async () => {
    const store = new PemStore(location('/app.pem', { SeparatePrivateKeyFilePath: '/app.key' }));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const before = {
      cert: readFileSync(hostPath('/app.pem')),
      key: readFileSync(hostPath('/app.key')),
    };

    await expectStoreError(
      store.remove(fixture.rsaRenewal.certificate.thumbprint),
      'ENTRY_NOT_FOUND',
    );
    await expectStoreError(store.remove('not-a-thumbprint'), 'ENTRY_NOT_FOUND');
    await store.remove(fixture.rsaLeaf.certificate.thumbprint.toLowerCase());

    expect(readdirSync(root).sort()).toEqual(['app.key.bak', 'app.pem.bak']);
    expect(readFileSync(hostPath('/app.pem.bak'))).toEqual(before.cert);
    expect(readFileSync(hostPath('/app.key.bak'))).toEqual(before.key);
    expect(mode(hostPath('/app.key.bak'))).toBe(0o600);
    expect(await store.inventory()).toEqual([]);
    await expectStoreError(store.remove(fixture.rsaLeaf.certificate.thumbprint), 'ENTRY_NOT_FOUND');
  });

  it('deletes outright when backup is off', async () => {
    const store = new PemStore(location('/app.pem'), { backup: false });
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    await store.remove(fixture.rsaLeaf.certificate.thumbprint);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('inventory-only stores (IgnorePrivateKeyOnInventory)', () => {
  it('inventories without the key and refuses Add and Remove', async () => {
    await new PemStore(location('/app.pem', { SeparatePrivateKeyFilePath: '/app.key' })).add(
      entryOf(fixture.rsaLeaf),
      { overwrite: false },
    );
    const before = snapshot(root);
    // The agent may not be allowed to read the key at all.
    chmodSync(hostPath('/app.key'), 0o000);
    const store = new PemStore(
      location('/app.pem', {
        SeparatePrivateKeyFilePath: '/app.key',
        IgnorePrivateKeyOnInventory: 'true',
      }),
    );

    const [entry] = await store.inventory();
    expect(entry!.alias).toBe(fixture.rsaLeaf.certificate.thumbprint);
    expect(entry!.privateKeyEntry).toBe(false);
    const error = await expectStoreError(
      store.add(entryOf(fixture.rsaRenewal), { overwrite: true }),
      'INVALID_STORE',
    );
    expect(error.message).toContain('inventory-only store');
    await expectStoreError(store.remove(fixture.rsaLeaf.certificate.thumbprint), 'INVALID_STORE');
    chmodSync(hostPath('/app.key'), 0o600);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('paths that leave the root', () => {
  const escapes: [string, () => StoreLocation][] = [
    ['a relative climb', () => location('../../etc/passwd')],
    ['a climb inside an absolute path', () => location('/a/../../x')],
    ['a NUL byte', () => location('/app.pem\u0000/etc/passwd')],
    ['an overly long path', () => location(`/${'a/'.repeat(2100)}app.pem`)],
    [
      'a symlinked directory pointing outside',
      () => {
        symlinkSync(outside, join(root, 'etc'));
        return location('/etc/passwd');
      },
    ],
    [
      'a symlink as the store file',
      () => {
        symlinkSync(join(outside, 'passwd'), join(root, 'app.pem'));
        return location('/app.pem');
      },
    ],
    [
      'a separate key path that climbs out',
      () => location('/app.pem', { SeparatePrivateKeyFilePath: '/../outside/app.key' }),
    ],
    [
      'a separate key path through a symlinked directory',
      () => {
        symlinkSync(outside, join(root, 'private'));
        return location('/app.pem', { SeparatePrivateKeyFilePath: '/private/app.key' });
      },
    ],
  ];

  it.each(escapes)('refuses %s for every operation and writes nothing outside', async (_, make) => {
    const storeLocation = make();
    const outsideBefore = snapshot(outside);
    const rootBefore = snapshot(root);
    const store = new PemStore(storeLocation);

    await expectStoreError(store.add(entryOf(fixture.rsaLeaf), { overwrite: true }), 'PATH_ESCAPE');
    await expectStoreError(store.inventory(), 'PATH_ESCAPE');
    await expectStoreError(store.remove(fixture.rsaLeaf.certificate.thumbprint), 'PATH_ESCAPE');

    expect(snapshot(outside)).toEqual(outsideBefore);
    expect(snapshot(root)).toEqual(rootBefore);
  });

  it('accepts a root that is itself reached through a symlink', async () => {
    const link = join(workDir, `root-link-${testIndex}`);
    symlinkSync(root, link);
    const store = new PemStore({ root: link, storePath: '/app.pem', properties: {} });
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    expect(existsSync(hostPath('/app.pem'))).toBe(true);
  });
});

describe('files that are not PEM stores', () => {
  it('refuses a store path that is a directory', async () => {
    mkdirSync(hostPath('/etc/ssl/app.pem'), { recursive: true });
    const store = new PemStore(location('/etc/ssl/app.pem'));
    await expectStoreError(store.inventory(), 'INVALID_STORE');
    await expectStoreError(
      store.add(entryOf(fixture.rsaLeaf), { overwrite: true }),
      'INVALID_STORE',
    );
  });

  it.each([
    ['text', 'this is not a certificate\n'],
    ['a truncated PEM', '-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n'],
    ['DER bytes', Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82])],
    ['a CSR', '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n'],
  ] as const)('reports %s as INVALID_STORE and refuses to overwrite it', async (_, content) => {
    writeFileSync(hostPath('/app.pem'), content);
    const before = snapshot(root);
    const store = new PemStore(location('/app.pem'));

    const error = await expectStoreError(store.inventory(), 'INVALID_STORE');
    expect(error.message).toMatch(/store \/app\.pem/);
    // Overwriting what the agent cannot read could destroy something an operator put there.
    await expectStoreError(
      store.add(entryOf(fixture.rsaLeaf), { overwrite: true }),
      'INVALID_STORE',
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses a store file with two keys', async () => {
    const { rsaLeaf, ecLeaf } = fixture;
    writeFileSync(
      hostPath('/app.pem'),
      rsaLeaf.certificate.pem +
        pemEncode(rsaLeaf.privateKey, 'PRIVATE KEY') +
        pemEncode(ecLeaf.privateKey, 'PRIVATE KEY'),
    );
    await expectStoreError(new PemStore(location('/app.pem')).inventory(), 'INVALID_STORE');
  });
});

describe('verification and restore', () => {
  const storePath = '/srv/app.pem';
  const keyPath = '/srv/app.key';
  const properties = { IncludesChain: 'true', SeparatePrivateKeyFilePath: keyPath };

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('refuses a key that does not belong to the leaf, before touching the files', async () => {
    const store = new PemStore(location(storePath, properties));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const before = snapshot(root);

    const error = await expectStoreError(
      store.add(
        {
          certificates: [fixture.rsaRenewal.certificate.der],
          privateKey: fixture.ecLeaf.privateKey,
        },
        { overwrite: true },
      ),
      'VERIFY_FAILED',
    );
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(snapshot(root)).toEqual(before);
  });

  it('restores both files byte-identical when the re-read files do not verify', async () => {
    const store = new PemStore(location(storePath, properties));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const file = hostPath(storePath);
    const keyFile = hostPath(keyPath);
    const before = { cert: readFileSync(file), key: readFileSync(keyFile) };

    // The disk hands back something else than was written (a bad sector, a meddling process):
    // the store file gets the old leaf where the new one should be.
    const realWrite = atomicFile.writeFileAtomic;
    let corrupted = false;
    jest.spyOn(atomicFile, 'writeFileAtomic').mockImplementation(async (path, content, options) => {
      if (path === file && !corrupted) {
        corrupted = true;
        return realWrite(path, before.cert, options);
      }
      return realWrite(path, content, options);
    });

    const error = await expectStoreError(
      store.add(entryOf(fixture.rsaRenewal), { overwrite: true }),
      'VERIFY_FAILED',
    );
    expect(error.message).toContain('the previous version was restored');
    expect(readFileSync(file)).toEqual(before.cert);
    expect(readFileSync(keyFile)).toEqual(before.key);
    expect(keyPublicKey(keyFile)).toBe(certificatePublicKey(file));
  });

  it('removes the new files when a first Add fails verification', async () => {
    const store = new PemStore(location(storePath, properties));
    const file = hostPath(storePath);
    const realWrite = atomicFile.writeFileAtomic;
    jest
      .spyOn(atomicFile, 'writeFileAtomic')
      .mockImplementation(async (path, content, options) =>
        realWrite(path, path === file ? fixture.ecLeaf.certificate.pem : content, options),
      );

    await expectStoreError(
      store.add(entryOf(fixture.rsaLeaf), { overwrite: false }),
      'VERIFY_FAILED',
    );
    expect(readdirSync(dirname(file))).toEqual([]);
  });

  it('restores the key file when the certificate write fails after it', async () => {
    const store = new PemStore(location(storePath, properties));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const file = hostPath(storePath);
    const keyFile = hostPath(keyPath);
    const before = { cert: readFileSync(file), key: readFileSync(keyFile) };

    const realWrite = atomicFile.writeFileAtomic;
    jest.spyOn(atomicFile, 'writeFileAtomic').mockImplementation(async (path, content, options) => {
      if (path === file) throw new Error('ENOSPC: no space left on device');
      return realWrite(path, content, options);
    });

    await expect(store.add(entryOf(fixture.rsaRenewal), { overwrite: true })).rejects.toThrow(
      'ENOSPC',
    );
    expect(readFileSync(file)).toEqual(before.cert);
    expect(readFileSync(keyFile)).toEqual(before.key);
    // Only the backups were refreshed: no temp file, no half-written store.
    expect(readdirSync(root).sort()).toEqual(['srv']);
    expect(strayFiles(dirname(file), ['app.pem', 'app.pem.bak', 'app.key', 'app.key.bak'])).toEqual(
      [],
    );
  });
});

describe('atomicity', () => {
  it('leaves the old store whole after a crash before the rename, and cleans up next time', async () => {
    const store = new PemStore(location('/app.pem'));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    const before = readFileSync(hostPath('/app.pem'));
    // What a SIGKILL between writing the temp file and renaming it leaves behind.
    const orphan = hostPath('/.app.pem.certlab-tmp-99999-0123456789ab');
    writeFileSync(orphan, before.subarray(0, 100), { mode: 0o600 });

    const [entry] = await store.inventory();
    expect(entry!.alias).toBe(fixture.rsaLeaf.certificate.thumbprint);
    expect(readFileSync(hostPath('/app.pem'))).toEqual(before);

    await store.add(entryOf(fixture.rsaRenewal), { overwrite: true });
    expect(readdirSync(root).sort()).toEqual(['app.pem', 'app.pem.bak']);
  });

  it('completes a write cut between the key rename and the certificate rename on re-delivery', async () => {
    const properties = { SeparatePrivateKeyFilePath: '/app.key' };
    const store = new PemStore(location('/app.pem', properties));
    await store.add(entryOf(fixture.rsaLeaf), { overwrite: false });
    // The crash: the renewal's key was renamed into place, its certificate never was.
    writeFileSync(hostPath('/app.key'), pemEncode(fixture.rsaRenewal.privateKey, 'PRIVATE KEY'), {
      mode: 0o600,
    });
    const newKey = readFileSync(hostPath('/app.key'));
    expect(keyPublicKey(hostPath('/app.key'))).not.toBe(certificatePublicKey(hostPath('/app.pem')));

    const result = await store.add(entryOf(fixture.rsaRenewal), { overwrite: true });

    expect(result.backupFiles).toEqual([hostPath('/app.pem.bak')]);
    expect(readFileSync(hostPath('/app.key'))).toEqual(newKey);
    expect(keyPublicKey(hostPath('/app.key'))).toBe(certificatePublicKey(hostPath('/app.pem')));
  });

  it('serialises concurrent Adds from two store instances into one whole, verified version', async () => {
    const properties = { IncludesChain: 'true', SeparatePrivateKeyFilePath: '/app.key' };
    const first = new PemStore(location('/app.pem', properties));
    const second = new PemStore(location('/app.pem', properties));

    const results = await Promise.all([
      first.add(entryOf(fixture.rsaLeaf), { overwrite: true }),
      second.add(entryOf(fixture.rsaRenewal), { overwrite: true }),
      first.add(entryOf(fixture.ecLeaf), { overwrite: true }),
    ]);

    expect(results).toHaveLength(3);
    const file = hostPath('/app.pem');
    expect(keyPublicKey(hostPath('/app.key'))).toBe(certificatePublicKey(file));
    expect(opensslVerify(file)).toBe(`${file}: OK`);
    // Calls queue in order, so the last one started is the one that stays.
    expect(opensslThumbprint(file)).toBe(fixture.ecLeaf.certificate.thumbprint);
    expect(readdirSync(root).sort()).toEqual(['app.key', 'app.key.bak', 'app.pem', 'app.pem.bak']);
  });

  it('lets exactly one of two racing Adds without overwrite win', async () => {
    const results = await Promise.allSettled([
      new PemStore(location('/app.pem')).add(entryOf(fixture.rsaLeaf), { overwrite: false }),
      new PemStore(location('/app.pem')).add(entryOf(fixture.ecLeaf), { overwrite: false }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(isStoreError(rejected?.reason, 'ENTRY_EXISTS')).toBe(true);
    const file = hostPath('/app.pem');
    expect(keyPublicKey(file)).toBe(certificatePublicKey(file));
  });
});
