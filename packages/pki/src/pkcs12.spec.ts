import { execFileSync, spawnSync } from 'node:child_process';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticatedSafe, PFX, SafeContents } from '@peculiar/asn1-pfx';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { pkiContext } from './context';
import { isPkiError, type PkiErrorCode } from './errors';
import { buildPkcs12, MAX_PKCS12_BYTES, parsePkcs12 } from './pkcs12';
import { bmpPassword, MAX_PKCS12_KDF_ITERATIONS, pkcs12Mac } from './pkcs12-crypto';

const OPENSSL = '/usr/bin/openssl';
const PASSWORD = 'correct horse';

let dir: string;
let seq = 0;

/** Writes data to a fresh file in the temp dir and returns its path. */
function file(name: string, data: string | Uint8Array): string {
  const path = join(dir, `${seq++}-${name}`);
  writeFileSync(path, data);
  return path;
}

function openssl(...args: string[]): string {
  return execFileSync(OPENSSL, args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** stdout and stderr together: `pkcs12 -info` prints the algorithms on stderr. */
function opensslAll(...args: string[]): string {
  const result = spawnSync(OPENSSL, args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout + result.stderr;
}

function pemBlocks(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from(m[1]!, 'base64')));
}

function spki(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

function pkcs8(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function pkiCode(fn: () => unknown): PkiErrorCode | 'no error' | 'not a PkiError' {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return isPkiError(error) ? error.code : 'not a PkiError';
  }
}

/**
 * Rewrites the AuthenticatedSafe of a PFX and re-MACs it, so tests can reach checks that sit
 * behind the MAC. Uses the PFX's own MAC salt and iteration count.
 */
function rewriteAuthSafe(
  der: Uint8Array,
  password: string,
  mutate: (authSafe: Uint8Array) => Uint8Array,
): Uint8Array {
  const pfx = AsnConvert.parse(der, PFX);
  const authSafe = mutate(
    new Uint8Array(AsnConvert.parse(pfx.authSafe.content, OctetString).buffer),
  );
  pfx.authSafe.content = AsnConvert.serialize(new OctetString(authSafe));
  const { mac, macSalt, iterations } = pfx.macData;
  const digest = pkcs12Mac(
    mac.digestAlgorithm.algorithm,
    bmpPassword(password),
    new Uint8Array(macSalt.buffer),
    iterations,
    authSafe,
  );
  mac.digest = new OctetString(digest);
  return new Uint8Array(AsnConvert.serialize(pfx));
}

function replaceAll(haystack: Uint8Array, needle: Uint8Array, replacement: Uint8Array): Uint8Array {
  const out = Buffer.from(haystack);
  let hits = 0;
  for (let i = out.indexOf(needle); i >= 0; i = out.indexOf(needle, i + 1)) {
    out.set(replacement, i);
    hits++;
  }
  expect(hits).toBeGreaterThan(0);
  return new Uint8Array(out);
}

interface Fixture {
  key: KeyObject;
  keyPem: string;
  leaf: Uint8Array;
  leafPem: string;
}

let ca: { key: KeyObject; der: Uint8Array; pemPath: string; keyPath: string };
const fixtures: Record<string, Fixture> = {};

/** A leaf for `key`, signed by the test CA with the openssl CLI. */
function issueLeaf(name: string, key: KeyObject): Fixture {
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keyPath = file(`${name}.key`, keyPem);
  const csr = file(
    `${name}.csr`,
    openssl('req', '-new', '-key', keyPath, '-subj', `/CN=${name} leaf`),
  );
  const serial = `0x${randomBytes(8).toString('hex')}`;
  const leafPem = openssl(
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.pemPath,
    '-CAkey',
    ca.keyPath,
    '-set_serial',
    serial,
    '-days',
    '1',
  );
  return { key, keyPem, leaf: new Uint8Array(new X509Certificate(leafPem).raw), leafPem };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certlab-pkcs12-'));
  const caKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const keyPath = file('ca.key', caKey.export({ type: 'pkcs8', format: 'pem' }));
  const caPem = openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    keyPath,
    '-subj',
    '/CN=certlab test CA',
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ca = {
    key: caKey,
    der: new Uint8Array(new X509Certificate(caPem).raw),
    pemPath: file('ca.pem', caPem),
    keyPath,
  };
  fixtures.rsa = issueLeaf('rsa', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  fixtures.ec = issueLeaf('ec', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  fixtures.ed25519 = issueLeaf('ed25519', generateKeyPairSync('ed25519').privateKey);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(['rsa', 'ec', 'ed25519'])('PKCS#12 with a %s key', (kind) => {
  let fx: Fixture;
  let built: Uint8Array;
  let builtPath: string;

  beforeAll(() => {
    fx = fixtures[kind]!;
    built = buildPkcs12(
      { certificates: [fx.leaf, ca.der], privateKey: pkcs8(fx.key) },
      { password: PASSWORD, friendlyName: `${kind} leaf` },
    );
    builtPath = file(`${kind}.p12`, built);
  });

  it('is read by openssl with the key and both certificates', () => {
    const keyPem = openssl(
      'pkcs12',
      '-in',
      builtPath,
      '-passin',
      `pass:${PASSWORD}`,
      '-nocerts',
      '-nodes',
    );
    const pub = openssl('pkey', '-in', file('out.key', keyPem), '-pubout');
    expect(pub).toBe(spki(fx.key));

    const certsPem = openssl('pkcs12', '-in', builtPath, '-passin', `pass:${PASSWORD}`, '-nokeys');
    expect(pemBlocks(certsPem, 'CERTIFICATE')).toEqual([fx.leaf, ca.der]);
    expect(certsPem).toContain(`friendlyName: ${kind} leaf`);
    expect(certsPem).toMatch(/localKeyID: [0-9A-F ]+/);
  });

  it('uses PBES2/PBKDF2/AES-256-CBC with an HMAC-SHA256 MAC, as openssl reports it', () => {
    const info = opensslAll(
      'pkcs12',
      '-in',
      builtPath,
      '-passin',
      `pass:${PASSWORD}`,
      '-info',
      '-noout',
    );
    expect(info).toContain('MAC: sha256, Iteration 10000');
    expect(info).toContain(
      'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
    );
    expect(info).toContain(
      'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
    );
  });

  it('round-trips through parsePkcs12', () => {
    expect(parsePkcs12(built, PASSWORD)).toEqual({
      certificates: [fx.leaf, ca.der],
      privateKey: pkcs8(fx.key),
      friendlyName: `${kind} leaf`,
    });
  });

  it('parses what `openssl pkcs12 -export` writes', () => {
    const p12 = file('openssl.p12', '');
    openssl(
      'pkcs12',
      '-export',
      '-in',
      file('leaf.pem', fx.leafPem),
      '-inkey',
      file('leaf.key', fx.keyPem),
      '-certfile',
      ca.pemPath,
      '-name',
      'from openssl',
      '-passout',
      `pass:${PASSWORD}`,
      '-out',
      p12,
    );
    const parsed = parsePkcs12(new Uint8Array(readFileSync(p12)), PASSWORD);
    expect(parsed.certificates).toEqual([fx.leaf, ca.der]);
    expect(parsed.friendlyName).toBe('from openssl');
    const key = createPrivateKey({
      key: Buffer.from(parsed.privateKey!),
      format: 'der',
      type: 'pkcs8',
    });
    expect(spki(key)).toBe(spki(fx.key));
  });

  it('rejects a wrong password with BAD_PASSWORD', () => {
    expect(pkiCode(() => parsePkcs12(built, 'wrong'))).toBe('BAD_PASSWORD');
    expect(() => parsePkcs12(built, `${PASSWORD} `)).toThrow(/MAC verification failed/);
  });
});

describe('passwords', () => {
  it.each([
    ['non-ASCII', 'pässwörd'],
    ['beyond-the-BMP', 'clé🔑'],
    ['empty', ''],
  ])('openssl and we read each other with a %s password', (_label, password) => {
    const fx = fixtures.ec!;
    const ours = file(
      'ours.p12',
      buildPkcs12({ certificates: [fx.leaf], privateKey: pkcs8(fx.key) }, { password }),
    );
    const keyPem = openssl(
      'pkcs12',
      '-in',
      ours,
      '-passin',
      `pass:${password}`,
      '-nocerts',
      '-nodes',
    );
    expect(openssl('pkey', '-in', file('k.pem', keyPem), '-pubout')).toBe(spki(fx.key));

    const theirs = file('theirs.p12', '');
    openssl(
      'pkcs12',
      '-export',
      '-in',
      file('leaf.pem', fx.leafPem),
      '-inkey',
      file('leaf.key', fx.keyPem),
      '-passout',
      `pass:${password}`,
      '-out',
      theirs,
    );
    const parsed = parsePkcs12(new Uint8Array(readFileSync(theirs)), password);
    expect(parsed.certificates).toEqual([fx.leaf]);
    expect(pkiCode(() => parsePkcs12(new Uint8Array(readFileSync(theirs)), `${password}x`))).toBe(
      'BAD_PASSWORD',
    );
  });
});

describe('other openssl encodings', () => {
  function exportWith(...extra: string[]): Uint8Array {
    const fx = fixtures.rsa!;
    const out = file('variant.p12', '');
    openssl(
      'pkcs12',
      '-export',
      '-in',
      file('leaf.pem', fx.leafPem),
      '-inkey',
      file('leaf.key', fx.keyPem),
      '-certfile',
      ca.pemPath,
      '-passout',
      `pass:${PASSWORD}`,
      '-out',
      out,
      ...extra,
    );
    return new Uint8Array(readFileSync(out));
  }

  it('parses legacy 3DES bags with a SHA-1 MAC', () => {
    const parsed = parsePkcs12(
      exportWith('-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'),
      PASSWORD,
    );
    expect(parsed.certificates).toEqual([fixtures.rsa!.leaf, ca.der]);
    expect(parsed.privateKey).toBeDefined();
  });

  it('parses unencrypted certificates, an unencrypted key and a file with no MAC', () => {
    const parsed = parsePkcs12(
      exportWith('-certpbe', 'NONE', '-keypbe', 'NONE', '-nomac'),
      PASSWORD,
    );
    expect(parsed.certificates).toEqual([fixtures.rsa!.leaf, ca.der]);
    const key = createPrivateKey({
      key: Buffer.from(parsed.privateKey!),
      format: 'der',
      type: 'pkcs8',
    });
    expect(spki(key)).toBe(spki(fixtures.rsa!.key));
  });

  it('rejects RC2 (openssl -legacy) as UNSUPPORTED_KEY', () => {
    const legacy = exportWith('-legacy');
    expect(pkiCode(() => parsePkcs12(legacy, PASSWORD))).toBe('UNSUPPORTED_KEY');
    expect(() => parsePkcs12(legacy, PASSWORD)).toThrow(/re-export with PBES2/);
  });

  it.each([
    ['its localKeyId', false],
    ['its public key, when the certificates carry no localKeyId', true],
  ])('puts the leaf first, found by %s, even when the file lists it last', (_how, stripIds) => {
    // Reverse the certificate bags of a plain-certs file (and maybe drop their attributes).
    const p12 = rewriteAuthSafe(exportWith('-certpbe', 'NONE'), PASSWORD, (bytes) => {
      const safes = AsnConvert.parse(bytes, AuthenticatedSafe);
      const certInfo = safes[0]!;
      const bags = [
        ...AsnConvert.parse(AsnConvert.parse(certInfo.content, OctetString), SafeContents),
      ];
      if (stripIds) for (const bag of bags) delete bag.bagAttributes;
      certInfo.content = AsnConvert.serialize(
        new OctetString(AsnConvert.serialize(new SafeContents(bags.reverse()))),
      );
      return new Uint8Array(AsnConvert.serialize(safes));
    });
    expect(parsePkcs12(p12, PASSWORD).certificates).toEqual([fixtures.rsa!.leaf, ca.der]);
  });
});

describe('buildPkcs12', () => {
  it('draws salts and IVs from ctx.randomBytes', () => {
    const fx = fixtures.ec!;
    const fixed = () => pkiContext({ randomBytes: (n) => new Uint8Array(n).fill(7) });
    const contents = { certificates: [fx.leaf], privateKey: pkcs8(fx.key) };
    const a = buildPkcs12(contents, { password: PASSWORD, iterations: 2048 }, fixed());
    const b = buildPkcs12(contents, { password: PASSWORD, iterations: 2048 }, fixed());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(
      Buffer.from(a).equals(
        Buffer.from(buildPkcs12(contents, { password: PASSWORD, iterations: 2048 })),
      ),
    ).toBe(false);
  });

  it('writes certificates alone, and a key alone', () => {
    const fx = fixtures.ed25519!;
    const certsOnly = buildPkcs12({ certificates: [fx.leaf, ca.der] }, { password: PASSWORD });
    expect(parsePkcs12(certsOnly, PASSWORD)).toEqual({ certificates: [fx.leaf, ca.der] });
    const certsPem = openssl(
      'pkcs12',
      '-in',
      file('c.p12', certsOnly),
      '-passin',
      `pass:${PASSWORD}`,
      '-nokeys',
    );
    expect(pemBlocks(certsPem, 'CERTIFICATE')).toEqual([fx.leaf, ca.der]);

    const keyOnly = buildPkcs12(
      { certificates: [], privateKey: pkcs8(fx.key) },
      { password: PASSWORD },
    );
    expect(parsePkcs12(keyOnly, PASSWORD)).toEqual({ certificates: [], privateKey: pkcs8(fx.key) });
  });

  it.each<[string, () => unknown, PkiErrorCode]>([
    [
      'nothing to store',
      () => buildPkcs12({ certificates: [] }, { password: PASSWORD }),
      'INVALID_PROFILE',
    ],
    [
      'zero iterations',
      () => buildPkcs12({ certificates: [ca.der] }, { password: PASSWORD, iterations: 0 }),
      'INVALID_PROFILE',
    ],
    [
      'fractional iterations',
      () => buildPkcs12({ certificates: [ca.der] }, { password: PASSWORD, iterations: 1.5 }),
      'INVALID_PROFILE',
    ],
    [
      'too many iterations',
      () => buildPkcs12({ certificates: [ca.der] }, { password: PASSWORD, iterations: 2_000_000 }),
      'INVALID_PROFILE',
    ],
    [
      'a garbage certificate',
      () => buildPkcs12({ certificates: [Uint8Array.of(0x30, 0x00)] }, { password: PASSWORD }),
      'MALFORMED_DER',
    ],
    [
      'a garbage key',
      () =>
        buildPkcs12(
          { certificates: [ca.der], privateKey: Uint8Array.of(1, 2, 3) },
          { password: PASSWORD },
        ),
      'MALFORMED_DER',
    ],
    [
      'a key that is not the leaf key',
      () =>
        buildPkcs12(
          { certificates: [fixtures.rsa!.leaf], privateKey: pkcs8(fixtures.ec!.key) },
          { password: PASSWORD },
        ),
      'KEY_MISMATCH',
    ],
  ])('rejects %s', (_label, build, code) => {
    expect(pkiCode(build)).toBe(code);
  });
});

describe('parsePkcs12 on hostile input', () => {
  let good: Uint8Array;
  const iterations65536 = Uint8Array.of(0x02, 0x03, 0x01, 0x00, 0x00); // INTEGER 65536
  const hugeIterations = Uint8Array.of(0x02, 0x03, 0x7f, 0xff, 0xff); // INTEGER 8388607

  beforeAll(() => {
    good = buildPkcs12(
      { certificates: [fixtures.ec!.leaf], privateKey: pkcs8(fixtures.ec!.key) },
      { password: PASSWORD, iterations: 65_536 },
    );
  });

  it.each<[string, () => Uint8Array, PkiErrorCode]>([
    ['empty input', () => new Uint8Array(0), 'MALFORMED_DER'],
    ['random bytes', () => new Uint8Array(randomBytes(256)), 'MALFORMED_DER'],
    ['a truncated file', () => good.subarray(0, good.length - 1), 'MALFORMED_DER'],
    ['half a file', () => good.subarray(0, good.length >> 1), 'MALFORMED_DER'],
    ['a certificate instead of a PFX', () => ca.der, 'MALFORMED_DER'],
    [
      'a huge declared length',
      () => Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02),
      'MALFORMED_DER',
    ],
    [
      'deep nesting',
      () => new Uint8Array(Buffer.alloc(20_000, Buffer.from([0x30, 0x80]))),
      'MALFORMED_DER',
    ],
    ['an oversized file', () => new Uint8Array(MAX_PKCS12_BYTES + 1), 'INPUT_TOO_LARGE'],
    ['a flipped byte inside the MACed content', () => flip(good, 100), 'BAD_PASSWORD'],
    [
      '2^23 MAC iterations',
      () => replaceLast(good, iterations65536, hugeIterations),
      'INPUT_TOO_LARGE',
    ],
    [
      '2^23 PBKDF2 iterations behind a valid MAC',
      () =>
        rewriteAuthSafe(good, PASSWORD, (authSafe) =>
          replaceAll(authSafe, iterations65536, hugeIterations),
        ),
      'INPUT_TOO_LARGE',
    ],
  ])('maps %s to a typed error', (_label, input, code) => {
    const hostile = input();
    const started = Date.now();
    expect(pkiCode(() => parsePkcs12(hostile, PASSWORD))).toBe(code);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('caps the total key-derivation work of a file with many encrypted safes', () => {
    // At the maximum count the MAC uses half the budget; 25 copies of the encrypted
    // certificates would need 25 more PBKDF2 runs, more than the other half allows.
    const heavy = buildPkcs12(
      { certificates: [ca.der] },
      { password: PASSWORD, iterations: MAX_PKCS12_KDF_ITERATIONS },
    );
    expect(parsePkcs12(heavy, PASSWORD).certificates).toEqual([ca.der]);
    const many = rewriteAuthSafe(heavy, PASSWORD, (bytes) => {
      const safes = AsnConvert.parse(bytes, AuthenticatedSafe);
      const copies = new AuthenticatedSafe(Array.from({ length: 25 }, () => safes[0]!));
      return new Uint8Array(AsnConvert.serialize(copies));
    });
    const started = Date.now();
    const error = catchError(() => parsePkcs12(many, PASSWORD));
    expect(Date.now() - started).toBeLessThan(5_000); // ~1.2 s here
    expect(isPkiError(error, 'INPUT_TOO_LARGE')).toBe(true);
    expect(error).toHaveProperty('message', expect.stringMatching(/more key-derivation work/));
  });
});

function flip(data: Uint8Array, index: number): Uint8Array {
  const copy = new Uint8Array(data);
  copy[index] = (copy[index] ?? 0) ^ 0xff;
  return copy;
}

/** The MAC's INTEGER is the last thing in a PFX, so replacing the last match hits only it. */
function replaceLast(
  haystack: Uint8Array,
  needle: Uint8Array,
  replacement: Uint8Array,
): Uint8Array {
  const out = Buffer.from(haystack);
  const at = out.lastIndexOf(needle);
  expect(at).toBe(out.length - needle.length);
  out.set(replacement, at);
  return new Uint8Array(out);
}
