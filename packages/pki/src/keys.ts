import { AsnConvert } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { isKeyAlgorithm, type KeyAlgorithm, keyAlgorithmInfo } from '@certlab/contracts';
import { defaultPkiContext, type PkiContext } from './context';
import { PkiError, parseOrThrow, parseOrThrowAsync } from './errors';
import { pemEncode, toDer } from './pem';

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  ed25519: '1.3.101.112',
} as const;

const RSA_PUBLIC_EXPONENT = new Uint8Array([1, 0, 1]);

/** WebCrypto parameters a key of each certlab algorithm is generated and imported with. */
export function webCryptoKeyParams(
  algorithm: KeyAlgorithm,
): RsaHashedKeyGenParams | EcKeyGenParams | Algorithm {
  const info = keyAlgorithmInfo(algorithm);
  switch (info.family) {
    case 'RSA':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: info.bits,
        publicExponent: RSA_PUBLIC_EXPONENT,
        hash: 'SHA-256',
      };
    case 'ECDSA':
      return { name: 'ECDSA', namedCurve: info.curve ?? 'P-256' };
    case 'Ed25519':
      return { name: 'Ed25519' };
  }
}

/**
 * The signature a key of this algorithm makes on certificates, CSRs and CRLs: the hash matches
 * the key's strength (P-384 signs with SHA-384), as CA/Browser Forum profiles expect.
 */
export function signingAlgorithmFor(algorithm: KeyAlgorithm): Algorithm | EcdsaParams {
  const info = keyAlgorithmInfo(algorithm);
  switch (info.family) {
    case 'RSA':
      return { name: 'RSASSA-PKCS1-v1_5' };
    case 'ECDSA':
      return { name: 'ECDSA', hash: info.curve === 'P-384' ? 'SHA-384' : 'SHA-256' };
    case 'Ed25519':
      return { name: 'Ed25519' };
  }
}

export async function generateKeyPair(
  algorithm: KeyAlgorithm,
  ctx: PkiContext = defaultPkiContext,
): Promise<CryptoKeyPair> {
  const params = webCryptoKeyParams(algorithm);
  const keys = (await ctx.crypto.subtle.generateKey(params, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  return keys;
}

/** Which certlab algorithm a WebCrypto key is; anything else is UNSUPPORTED_KEY. */
export function keyAlgorithmOf(key: CryptoKey): KeyAlgorithm {
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm> &
    KeyAlgorithm_;
  switch (algorithm.name) {
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS':
      return rsaAlgorithm(algorithm.modulusLength ?? 0);
    case 'ECDSA':
      return ecAlgorithm(algorithm.namedCurve ?? '');
    case 'Ed25519':
      return 'Ed25519';
    default:
      throw new PkiError('UNSUPPORTED_KEY', `unsupported key algorithm ${algorithm.name}`);
  }
}
type KeyAlgorithm_ = { name: string };

/** Reads the algorithm of a SubjectPublicKeyInfo without importing it; others are UNSUPPORTED_KEY. */
export function keyAlgorithmOfSpki(spki: Uint8Array): KeyAlgorithm {
  const { algorithm, description } = describePublicKey(spki);
  if (!algorithm) throw new PkiError('UNSUPPORTED_KEY', `unsupported public key ${description}`);
  return algorithm;
}

/**
 * Names any public key, including ones certlab will not issue for (RSA-1024, P-521, DSA…):
 * certificates found in stores are read and shown as they are, which a migration away from
 * weak keys needs.
 */
export function describePublicKey(spki: Uint8Array): {
  algorithm: KeyAlgorithm | null;
  description: string;
} {
  const info = parseOrThrow('MALFORMED_DER', 'public key', () =>
    AsnConvert.parse(spki, SubjectPublicKeyInfo),
  );
  const oid = info.algorithm.algorithm;
  let description: string;
  if (oid === OID.rsaEncryption) {
    description = `RSA-${rsaModulusBits(new Uint8Array(info.subjectPublicKey))}`;
  } else if (oid === OID.ecPublicKey) {
    const curve = curveName(info.algorithm.parameters);
    description = CURVE_NAMES[curve] ?? `EC ${curve || '(explicit parameters)'}`;
  } else {
    description = OTHER_KEY_NAMES[oid] ?? oid;
  }
  return { algorithm: isKeyAlgorithm(description) ? description : null, description };
}

const CURVE_NAMES: Record<string, string> = {
  [OID.p256]: 'P-256',
  [OID.p384]: 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
};
const OTHER_KEY_NAMES: Record<string, string> = {
  [OID.ed25519]: 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.1': 'DSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
};

export async function exportPrivateKey(
  key: CryptoKey,
  ctx: PkiContext = defaultPkiContext,
): Promise<Uint8Array> {
  return new Uint8Array(await ctx.crypto.subtle.exportKey('pkcs8', key));
}

export async function exportPrivateKeyPem(
  key: CryptoKey,
  ctx: PkiContext = defaultPkiContext,
): Promise<string> {
  return pemEncode(await exportPrivateKey(key, ctx), 'PRIVATE KEY');
}

export async function exportPublicKey(
  key: CryptoKey,
  ctx: PkiContext = defaultPkiContext,
): Promise<Uint8Array> {
  return new Uint8Array(await ctx.crypto.subtle.exportKey('spki', key));
}

/** Imports an unencrypted PKCS#8 private key (PEM or DER) for signing; the algorithm is read from it. */
export async function importPrivateKey(
  input: string | Uint8Array,
  ctx: PkiContext = defaultPkiContext,
): Promise<CryptoKey> {
  const der = toDer(input, ['PRIVATE KEY']);
  const info = parseOrThrow('MALFORMED_DER', 'private key', () =>
    AsnConvert.parse(der, PrivateKeyInfo),
  );
  const oid = info.privateKeyAlgorithm.algorithm;
  let params: Algorithm | RsaHashedImportParams | EcKeyImportParams;
  if (oid === OID.rsaEncryption) params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  else if (oid === OID.ecPublicKey) {
    params = {
      name: 'ECDSA',
      namedCurve: ecAlgorithm(curveName(info.privateKeyAlgorithm.parameters)),
    };
  } else if (oid === OID.ed25519) params = { name: 'Ed25519' };
  else throw new PkiError('UNSUPPORTED_KEY', `unsupported private key algorithm ${oid}`);

  const key = await parseOrThrowAsync('MALFORMED_DER', 'private key', () =>
    ctx.crypto.subtle.importKey('pkcs8', der, params, true, ['sign']),
  );
  keyAlgorithmOf(key); // refuses RSA sizes certlab does not issue for
  return key;
}

/** Imports a SubjectPublicKeyInfo (PEM or DER) for signature verification. */
export async function importPublicKey(
  input: string | Uint8Array,
  ctx: PkiContext = defaultPkiContext,
): Promise<CryptoKey> {
  const der = toDer(input, ['PUBLIC KEY']);
  const algorithm = keyAlgorithmOfSpki(der);
  const params =
    keyAlgorithmInfo(algorithm).family === 'RSA'
      ? ({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as RsaHashedImportParams)
      : webCryptoKeyParams(algorithm);
  return parseOrThrowAsync('MALFORMED_DER', 'public key', () =>
    ctx.crypto.subtle.importKey('spki', der, params, true, ['verify']),
  );
}

/**
 * Whether the private key belongs to the public key: sign a random challenge with one and verify
 * it with the other, which works for every algorithm without re-deriving public keys.
 */
export async function privateKeyMatchesPublicKey(
  privateKey: CryptoKey,
  spki: Uint8Array,
  ctx: PkiContext = defaultPkiContext,
): Promise<boolean> {
  const algorithm = keyAlgorithmOf(privateKey);
  if (keyAlgorithmOfSpki(spki) !== algorithm) return false;
  const publicKey = await importPublicKey(spki, ctx);
  const challenge = ctx.randomBytes(32);
  const signParams = { ...signingAlgorithmFor(algorithm), hash: 'SHA-256' };
  const signature = await ctx.crypto.subtle.sign(signParams, privateKey, challenge);
  return ctx.crypto.subtle.verify(signParams, publicKey, signature, challenge);
}

function rsaAlgorithm(bits: number): KeyAlgorithm {
  if (bits === 2048 || bits === 3072 || bits === 4096) return `RSA-${bits}`;
  throw new PkiError('UNSUPPORTED_KEY', `unsupported RSA key size ${bits} (2048, 3072 or 4096)`);
}

function ecAlgorithm(curve: string): 'P-256' | 'P-384' {
  if (curve === 'P-256' || curve === OID.p256) return 'P-256';
  if (curve === 'P-384' || curve === OID.p384) return 'P-384';
  throw new PkiError(
    'UNSUPPORTED_KEY',
    `unsupported elliptic curve ${curve || '(none)'} (P-256 or P-384)`,
  );
}

function curveName(parameters: ArrayBuffer | null | undefined): string {
  if (!parameters) return '';
  // ECParameters is a CHOICE; certlab accepts only the namedCurve form.
  const ecParameters = parseOrThrow('MALFORMED_DER', 'EC parameters', () =>
    AsnConvert.parse(parameters, ECParameters),
  );
  return ecParameters.namedCurve ?? '';
}

/** Bit length of an RSA modulus (a DER RSAPublicKey). */
function rsaModulusBits(der: Uint8Array): number {
  const { modulus } = parseOrThrow('MALFORMED_DER', 'RSA public key', () =>
    AsnConvert.parse(der, RSAPublicKey),
  );
  const bytes = new Uint8Array(modulus);
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) first++;
  if (first === bytes.length) return 0;
  return (bytes.length - first - 1) * 8 + (32 - Math.clz32(bytes[first] ?? 0));
}
