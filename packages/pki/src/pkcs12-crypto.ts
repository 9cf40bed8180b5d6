import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hash,
  pbkdf2Sync,
  timingSafeEqual,
} from 'node:crypto';
import {
  type AsnArray,
  AsnConvert,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { derAlgorithm, derInteger, derOctetString, derSequence } from './der-writer';
import { PkiError, parseOrThrow } from './errors';

/**
 * Password-based crypto for PKCS#12: PBES2/PBKDF2 (RFC 8018), the PKCS#12 KDF (RFC 7292 app. B)
 * for the MAC and legacy 3DES bags, and the small ASN.1 parameter structures they need.
 */

type PropOptions = Parameters<typeof AsnProp>[0];

/**
 * Registers an asn1-schema SEQUENCE (or CHOICE) by hand. The repo compiles without
 * experimentalDecorators, so the library's decorators are applied as plain calls, in DER order.
 */
export function asnSchema<T extends object>(
  ctor: new () => T,
  fields: ReadonlyArray<readonly [keyof T & string, PropOptions]>,
  type: AsnTypeTypes = AsnTypeTypes.Sequence,
): void {
  AsnType({ type })(ctor);
  for (const [key, options] of fields) AsnProp(options)(ctor.prototype as T, key);
}

export function asnSequenceOf<T>(ctor: new () => AsnArray<T>, itemType: new () => T): void {
  AsnType({ type: AsnTypeTypes.Sequence, itemType })(ctor);
}

/** Parses DER with asn1-schema, turning any decoder failure into MALFORMED_DER. */
export function parseDer<T>(der: ArrayBuffer | Uint8Array, type: new () => T, what: string): T {
  return parseOrThrow('MALFORMED_DER', `Malformed ${what}`, () => AsnConvert.parse(der, type));
}

export function toBytes(data: ArrayBuffer | ArrayBufferView | null | undefined): Uint8Array {
  if (data == null) return new Uint8Array(0);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** Digests usable as PBKDF2 PRF (by HMAC OID) and as PKCS#12 MAC (by digest OID). */
interface Digest {
  name: string;
  /** Output (u) and input block (v) sizes in bytes, needed by the PKCS#12 KDF. */
  u: number;
  v: number;
}
const SHA1: Digest = { name: 'sha1', u: 20, v: 64 };
const SHA256: Digest = { name: 'sha256', u: 32, v: 64 };
const DIGESTS: ReadonlyMap<string, Digest> = new Map([
  ['1.3.14.3.2.26', SHA1],
  ['2.16.840.1.101.3.4.2.4', { name: 'sha224', u: 28, v: 64 }],
  [OID.sha256, SHA256],
  ['2.16.840.1.101.3.4.2.2', { name: 'sha384', u: 48, v: 128 }],
  ['2.16.840.1.101.3.4.2.3', { name: 'sha512', u: 64, v: 128 }],
]);
const HMAC_PRFS: ReadonlyMap<string, string> = new Map([
  [OID.hmacWithSha1, 'sha1'],
  ['1.2.840.113549.2.8', 'sha224'],
  [OID.hmacWithSha256, 'sha256'],
  ['1.2.840.113549.2.10', 'sha384'],
  ['1.2.840.113549.2.11', 'sha512'],
]);
const AES_CBC: ReadonlyMap<string, { cipher: string; keyLength: number }> = new Map([
  ['2.16.840.1.101.3.4.1.2', { cipher: 'aes-128-cbc', keyLength: 16 }],
  ['2.16.840.1.101.3.4.1.22', { cipher: 'aes-192-cbc', keyLength: 24 }],
  [OID.aes256Cbc, { cipher: 'aes-256-cbc', keyLength: 32 }],
]);

// PBES2-params and PBKDF2-params (RFC 8018 A.2, A.4). INTEGER fields come back as a decimal
// string once they reach 4 bytes, hence `number | string`.
class Pbkdf2Params {
  salt = new OctetString();
  iterationCount: number | string = 0;
  keyLength?: number | string;
  prf?: AlgorithmIdentifier;
}
asnSchema(Pbkdf2Params, [
  ['salt', { type: OctetString }],
  ['iterationCount', { type: AsnPropTypes.Integer }],
  ['keyLength', { type: AsnPropTypes.Integer, optional: true }],
  ['prf', { type: AlgorithmIdentifier, optional: true }],
]);

class Pbes2Params {
  keyDerivationFunc = new AlgorithmIdentifier();
  encryptionScheme = new AlgorithmIdentifier();
}
asnSchema(Pbes2Params, [
  ['keyDerivationFunc', { type: AlgorithmIdentifier }],
  ['encryptionScheme', { type: AlgorithmIdentifier }],
]);

/** pkcs-12PbeParams (RFC 7292 app. C), used by the legacy pbeWithSHAAnd* schemes. */
class Pkcs12PbeParams {
  salt = new OctetString();
  iterations: number | string = 0;
}
asnSchema(Pkcs12PbeParams, [
  ['salt', { type: OctetString }],
  ['iterations', { type: AsnPropTypes.Integer }],
]);

/** MacData (RFC 7292 4) and the DigestInfo it holds. */
export class DigestInfo {
  digestAlgorithm = new AlgorithmIdentifier();
  digest = new OctetString();
}
asnSchema(DigestInfo, [
  ['digestAlgorithm', { type: AlgorithmIdentifier }],
  ['digest', { type: OctetString }],
]);

export class MacData {
  mac = new DigestInfo();
  macSalt = new OctetString();
  iterations: number | string = 1;
}
asnSchema(MacData, [
  ['mac', { type: DigestInfo }],
  ['macSalt', { type: OctetString }],
  ['iterations', { type: AsnPropTypes.Integer, defaultValue: 1 }],
]);

/**
 * Every KDF runs synchronously, so a hostile file naming 2^31 iterations, or thousands of bags,
 * would pin the event loop for minutes. Real files use 2000-10 000 iterations (OpenSSL 2048,
 * Windows 2000, certlab 10 000). PBKDF2 runs natively (~0.2 µs per iteration); the PKCS#12 KDF
 * runs in JS and costs ten times that, so it gets a tenth of the cap and counts tenfold against
 * the per-file budget, which bounds a whole parse to roughly a second of CPU.
 */
export const MAX_PBKDF2_ITERATIONS = 2_000_000;
export const MAX_PKCS12_KDF_ITERATIONS = 200_000;
const PKCS12_KDF_WEIGHT = 10;
const MAX_PARSE_WORK = 6_000_000;

/** KDF work left for the rest of one parse, in PBKDF2 iterations. */
export interface KdfBudget {
  remaining: number;
}

export function newKdfBudget(): KdfBudget {
  return { remaining: MAX_PARSE_WORK };
}

/** Validates an iteration count and charges `runs` runs of that KDF to the parse budget. */
function checkedIterations(
  value: number | string | undefined,
  kdf: 'pbkdf2' | 'pkcs12',
  budget: KdfBudget,
  runs = 1,
): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new PkiError('MALFORMED_DER', `Invalid PKCS#12 iteration count: ${String(value)}`);
  }
  const max = kdf === 'pbkdf2' ? MAX_PBKDF2_ITERATIONS : MAX_PKCS12_KDF_ITERATIONS;
  if (count > max) {
    throw new PkiError('INPUT_TOO_LARGE', `PKCS#12 ${kdf} iteration count ${count} exceeds ${max}`);
  }
  const work = count * runs * (kdf === 'pbkdf2' ? 1 : PKCS12_KDF_WEIGHT);
  if (work > budget.remaining) {
    throw new PkiError('INPUT_TOO_LARGE', 'PKCS#12 needs more key-derivation work than allowed');
  }
  budget.remaining -= work;
  return count;
}

/** PKCS#12 passwords are BMPString: big-endian UTF-16 plus a two-byte zero terminator. */
export function bmpPassword(password: string): Uint8Array {
  const bytes = Buffer.from(`${password}\0`, 'utf16le');
  return bytes.swap16();
}

/** The PKCS#12 key derivation function, RFC 7292 appendix B.2. */
function pkcs12Kdf(
  digest: Digest,
  password: Uint8Array,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  length: number,
): Uint8Array {
  const { u, v } = digest;
  const diversifier = Buffer.alloc(v, id);
  const input = Buffer.concat([fillBlocks(salt, v), fillBlocks(password, v)]);
  const blocks: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let a = createHash(digest.name).update(diversifier).update(input).digest();
    // One-shot hash(): a Hash object per round made this loop twice as slow (Node >= 20.12).
    for (let i = 1; i < iterations; i++) a = hash(digest.name, a, 'buffer');
    blocks.push(a);
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I, B being A repeated to v bytes.
    const b = fillBlocks(a, v);
    for (let j = 0; j < input.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (input[j + k] ?? 0) + (b[k] ?? 0) + carry;
        input[j + k] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** Repeats data to fill a whole number of v-byte blocks (empty stays empty). */
function fillBlocks(data: Uint8Array, v: number): Buffer {
  if (data.length === 0) return Buffer.alloc(0);
  const out = Buffer.alloc(v * Math.ceil(data.length / v));
  for (let i = 0; i < out.length; i++) out[i] = data[i % data.length] ?? 0;
  return out;
}

function digestFor(oid: string): Digest {
  const digest = DIGESTS.get(oid);
  if (!digest) throw new PkiError('UNSUPPORTED_KEY', `Unsupported PKCS#12 MAC digest ${oid}`);
  return digest;
}

/** HMAC over the AuthenticatedSafe with a key from the PKCS#12 KDF (ID 3, RFC 7292 B.4). */
export function pkcs12Mac(
  digestOid: string,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  data: Uint8Array,
): Uint8Array {
  const digest = digestFor(digestOid);
  const key = pkcs12Kdf(digest, password, salt, 3, iterations, digest.u);
  return createHmac(digest.name, key).update(data).digest();
}

/** An HMAC-SHA256 MacData over the AuthenticatedSafe, as OpenSSL 3 writes it: DER. */
export function createMacData(
  authSafe: Uint8Array,
  password: string,
  iterations: number,
  randomBytes: (length: number) => Uint8Array,
): Uint8Array {
  const salt = randomBytes(16);
  const digest = pkcs12Mac(OID.sha256, bmpPassword(password), salt, iterations, authSafe);
  return derSequence(
    derSequence(derAlgorithm(OID.sha256, null), derOctetString(digest)),
    derOctetString(salt),
    // DEFAULT 1: DER leaves a default value out.
    ...(iterations === 1 ? [] : [derInteger(iterations)]),
  );
}

export function verifyMacData(
  macData: MacData,
  authSafe: Uint8Array,
  password: string,
  budget: KdfBudget,
): void {
  const digestOid = macData.mac.digestAlgorithm.algorithm;
  const expected = toBytes(macData.mac.digest);
  const { u } = digestFor(digestOid);
  if (expected.length !== u) {
    throw new PkiError('MALFORMED_DER', `PKCS#12 MAC is ${expected.length} bytes, expected ${u}`);
  }
  const salt = toBytes(macData.macSalt);
  const check = (secret: Uint8Array): boolean => {
    const count = checkedIterations(macData.iterations, 'pkcs12', budget);
    return timingSafeEqual(pkcs12Mac(digestOid, secret, salt, count, authSafe), expected);
  };
  // An empty password has two encodings in the wild (with and without the BMP terminator);
  // OpenSSL tries both, so do we.
  if (check(bmpPassword(password)) || (password === '' && check(new Uint8Array(0)))) return;
  throw new PkiError(
    'BAD_PASSWORD',
    'PKCS#12 MAC verification failed: wrong password or corrupted file',
  );
}

/**
 * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, what OpenSSL 3 writes by default. `algorithm`
 * is the DER AlgorithmIdentifier that names the scheme and its parameters.
 */
export function pbes2Encrypt(
  plaintext: Uint8Array,
  password: string,
  iterations: number,
  randomBytes: (length: number) => Uint8Array,
): { algorithm: Uint8Array; ciphertext: Uint8Array } {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const kdf = derSequence(
    derOctetString(salt),
    derInteger(iterations),
    derAlgorithm(OID.hmacWithSha256, null),
  );
  const params = derSequence(
    derAlgorithm(OID.pbkdf2, kdf),
    derAlgorithm(OID.aes256Cbc, derOctetString(iv)),
  );
  return { algorithm: derAlgorithm(OID.pbes2, params), ciphertext };
}

/**
 * Decrypts a bag or SafeContents encrypted under PBES2 (PBKDF2 + AES-CBC) or the legacy
 * pbeWithSHAAnd3-KeyTripleDES-CBC. RC2/RC4 schemes need OpenSSL's legacy provider, which Node
 * does not load, so they are rejected as unsupported.
 */
export function pbeDecrypt(
  algorithm: AlgorithmIdentifier,
  ciphertext: Uint8Array,
  password: string,
  budget: KdfBudget,
): Uint8Array {
  const params = toBytes(algorithm.parameters);
  let cipher: string;
  let key: Uint8Array;
  let iv: Uint8Array;
  if (algorithm.algorithm === OID.pbes2) {
    ({ cipher, key, iv } = pbes2Key(
      parseDer(params, Pbes2Params, 'PBES2 parameters'),
      password,
      budget,
    ));
  } else if (algorithm.algorithm === OID.pbeSha1TripleDes) {
    const pbe = parseDer(params, Pkcs12PbeParams, 'PKCS#12 PBE parameters');
    const count = checkedIterations(pbe.iterations, 'pkcs12', budget, 3); // 2 key + 1 IV blocks
    const salt = toBytes(pbe.salt);
    const secret = bmpPassword(password);
    cipher = 'des-ede3-cbc';
    key = pkcs12Kdf(SHA1, secret, salt, 1, count, 24);
    iv = pkcs12Kdf(SHA1, secret, salt, 2, count, 8);
  } else {
    throw new PkiError(
      'UNSUPPORTED_KEY',
      `Unsupported PKCS#12 encryption ${algorithm.algorithm}: re-export with PBES2/AES (the OpenSSL 3 default)`,
    );
  }
  const blockSize = cipher === 'des-ede3-cbc' ? 8 : 16;
  if (ciphertext.length === 0 || ciphertext.length % blockSize !== 0) {
    throw new PkiError('MALFORMED_DER', `PKCS#12 ciphertext is ${ciphertext.length} bytes`);
  }
  try {
    const decipher = createDecipheriv(cipher, key, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (error) {
    // Bad padding means a wrong password (the MAC, if any, passed, so it may use another one).
    throw new PkiError('BAD_PASSWORD', 'PKCS#12 decryption failed: wrong password', {
      cause: error,
    });
  }
}

function pbes2Key(
  params: Pbes2Params,
  password: string,
  budget: KdfBudget,
): { cipher: string; key: Uint8Array; iv: Uint8Array } {
  const { keyDerivationFunc: kdf, encryptionScheme: scheme } = params;
  if (kdf.algorithm !== OID.pbkdf2) {
    throw new PkiError('UNSUPPORTED_KEY', `Unsupported PBES2 key derivation ${kdf.algorithm}`);
  }
  const aes = AES_CBC.get(scheme.algorithm);
  if (!aes) throw new PkiError('UNSUPPORTED_KEY', `Unsupported PBES2 cipher ${scheme.algorithm}`);
  const pbkdf2 = parseDer(toBytes(kdf.parameters), Pbkdf2Params, 'PBKDF2 parameters');
  const prfOid = pbkdf2.prf?.algorithm ?? OID.hmacWithSha1; // RFC 8018 default PRF
  const prf = HMAC_PRFS.get(prfOid);
  if (!prf) throw new PkiError('UNSUPPORTED_KEY', `Unsupported PBKDF2 PRF ${prfOid}`);
  if (pbkdf2.keyLength !== undefined && Number(pbkdf2.keyLength) !== aes.keyLength) {
    throw new PkiError(
      'MALFORMED_DER',
      `PBKDF2 key length ${pbkdf2.keyLength} does not fit ${aes.cipher}`,
    );
  }
  const iv = toBytes(parseDer(toBytes(scheme.parameters), OctetString, 'AES-CBC IV'));
  if (iv.length !== 16)
    throw new PkiError('MALFORMED_DER', `AES-CBC IV is ${iv.length} bytes, expected 16`);
  const iterations = checkedIterations(pbkdf2.iterationCount, 'pbkdf2', budget);
  const salt = toBytes(pbkdf2.salt);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, aes.keyLength, prf);
  return { cipher: aes.cipher, key, iv };
}
