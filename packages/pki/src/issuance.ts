import { createHash } from 'node:crypto';
import { KeyUsageFlags, type Name } from './x509';
import { keyAlgorithmInfo } from '@certlab/contracts';
import { Certificate, type SubjectAltNames } from './certificate';
import { subjectNameDer, subjectPublicKeyBits } from './certificate-reader';
import { defaultPkiContext, type PkiContext } from './context';
import {
  derAlgorithm,
  derBitString,
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derTime,
} from './der-writer';
import { PkiError, parseOrThrowAsync } from './errors';
import { exportPublicKey, keyAlgorithmOf, keyAlgorithmOfSpki, signingAlgorithmFor } from './keys';
import { parseDn } from './names';
import { bufferView } from './pem';
import {
  checkSubjectAltNames,
  checkUrls,
  checkValidityDays,
  type LeafProfile,
  resolveExtendedKeyUsages,
} from './profile';
import {
  authorityKeyIdentifierDer,
  basicConstraintsDer,
  caIssuersDer,
  crlDistributionPointsDer,
  ecdsaSignatureDer,
  EXTENSION_OID,
  extendedKeyUsageDer,
  extensionDer,
  generalNamesDer,
  keyUsageDer,
  nameDer,
  serialNumberDer,
} from './tbs-writer';

/** A CA able to sign: its certificate and its private key. */
export interface Issuer {
  certificate: Certificate;
  privateKey: CryptoKey;
}

/** notBefore is set this far in the past so relying parties with a slow clock accept new certificates. */
export const BACKDATE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Issues a leaf certificate for a public key (a WebCrypto key or SPKI DER, e.g. from a CSR).
 * The profile is checked before anything is signed; validity never outlives the issuer.
 */
export async function issueLeafCertificate(
  request: { publicKey: CryptoKey | Uint8Array; profile: LeafProfile; issuer: Issuer },
  ctx: PkiContext = defaultPkiContext,
): Promise<Certificate> {
  const { profile, issuer } = request;
  checkValidityDays(profile.validityDays);
  const sans = checkSubjectAltNames(profile.subjectAltNames ?? {});
  const ekus = resolveExtendedKeyUsages(profile.extendedKeyUsages ?? []);
  checkUrls('CRL distribution point', profile.crlDistributionPoints ?? []);
  checkUrls('CA issuers', profile.caIssuersUrls ?? []);
  const subject = parseDn(profile.subject);
  const hasSans = sans.dns.length + sans.ip.length + sans.email.length + sans.uri.length > 0;
  if (subject.toJSON().length === 0 && !hasSans) {
    throw new PkiError(
      'INVALID_PROFILE',
      'a certificate needs a subject or a subject alternative name',
    );
  }
  const keyAlgorithm =
    request.publicKey instanceof Uint8Array
      ? keyAlgorithmOfSpki(request.publicKey)
      : keyAlgorithmOf(request.publicKey);
  return signCertificate(
    {
      subject,
      publicKey: request.publicKey,
      validityDays: profile.validityDays,
      ca: false,
      keyUsages: leafKeyUsage(keyAlgorithmInfo(keyAlgorithm).family),
      extendedKeyUsages: ekus,
      subjectAltNames: sans,
      crlDistributionPoints: profile.crlDistributionPoints ?? [],
      caIssuersUrls: profile.caIssuersUrls ?? [],
      issuer,
    },
    ctx,
  );
}

export function leafKeyUsage(family: 'RSA' | 'ECDSA' | 'Ed25519'): KeyUsageFlags {
  // RSA keys may also transport keys (TLS RSA key exchange); EC and EdDSA keys only sign.
  return family === 'RSA'
    ? KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment
    : KeyUsageFlags.digitalSignature;
}

/** A random positive serial: 16 bytes with the top bit clear and the next set, so DER keeps all 16. */
export function randomSerialNumber(ctx: PkiContext = defaultPkiContext): string {
  const bytes = ctx.randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

export interface SignRequest {
  subject: Name;
  publicKey: CryptoKey | Uint8Array;
  validityDays: number;
  /** basicConstraints, always critical. */
  ca: boolean;
  pathLength?: number;
  /** keyUsage, always critical. */
  keyUsages: KeyUsageFlags;
  extendedKeyUsages?: readonly string[];
  /** Critical when the subject is empty (RFC 5280 4.2.1.6: the SANs then carry the identity). */
  subjectAltNames?: SubjectAltNames;
  crlDistributionPoints: readonly string[];
  caIssuersUrls: readonly string[];
  /** Absent for a self-signed root: the subject's own key pair signs. */
  issuer?: Issuer;
  selfSignedKeys?: CryptoKeyPair;
}

/** The one place certlab signs certificates: validity window, serial, SKI/AKI, CDP/AIA. */
export async function signCertificate(request: SignRequest, ctx: PkiContext): Promise<Certificate> {
  const now = ctx.now();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  let notAfter = new Date(now.getTime() + request.validityDays * DAY_MS);
  const { issuer } = request;
  if (issuer) {
    const ca = issuer.certificate;
    if (!ca.isCa || !ca.keyUsages.includes('keyCertSign')) {
      throw new PkiError('INVALID_PROFILE', `issuer ${ca.subject} is not a certificate authority`);
    }
    if (!ca.isValidAt(now)) {
      throw new PkiError(
        'INVALID_PROFILE',
        `issuer ${ca.subject} is not valid at ${now.toISOString()}`,
      );
    }
    if (notAfter > ca.notAfter) notAfter = ca.notAfter;
  }
  const signingKey = issuer ? issuer.privateKey : request.selfSignedKeys?.privateKey;
  if (!signingKey) throw new PkiError('INVALID_PROFILE', 'no signing key');
  const signature = signatureFor(signingKey);

  const { publicKey } = request;
  const spki =
    publicKey instanceof Uint8Array
      ? publicKey
      : await parseOrThrowAsync('MALFORMED_DER', 'public key', () =>
          exportPublicKey(publicKey, ctx),
        );
  const subjectName = nameDer(request.subject);
  const sans = request.subjectAltNames;
  const extensions = [
    extensionDer(
      EXTENSION_OID.basicConstraints,
      true,
      basicConstraintsDer(request.ca, request.pathLength),
    ),
    extensionDer(EXTENSION_OID.keyUsage, true, keyUsageDer(request.keyUsages)),
  ];
  if (request.extendedKeyUsages && request.extendedKeyUsages.length > 0) {
    extensions.push(
      extensionDer(
        EXTENSION_OID.extKeyUsage,
        false,
        extendedKeyUsageDer(request.extendedKeyUsages),
      ),
    );
  }
  if (sans && sans.dns.length + sans.ip.length + sans.email.length + sans.uri.length > 0) {
    extensions.push(
      extensionDer(
        EXTENSION_OID.subjectAltName,
        request.subject.toJSON().length === 0,
        generalNamesDer(sans),
      ),
    );
  }
  extensions.push(
    extensionDer(EXTENSION_OID.subjectKeyIdentifier, false, derOctetString(keyIdentifier(spki))),
  );
  if (issuer) {
    const { subjectKeyIdentifier } = issuer.certificate;
    const issuerKeyId = subjectKeyIdentifier
      ? Buffer.from(subjectKeyIdentifier, 'hex')
      : keyIdentifier(issuer.certificate.subjectPublicKeyInfo);
    extensions.push(
      extensionDer(
        EXTENSION_OID.authorityKeyIdentifier,
        false,
        authorityKeyIdentifierDer(issuerKeyId),
      ),
    );
  }
  if (request.crlDistributionPoints.length > 0) {
    extensions.push(
      extensionDer(
        EXTENSION_OID.cRLDistributionPoints,
        false,
        crlDistributionPointsDer(request.crlDistributionPoints),
      ),
    );
  }
  if (request.caIssuersUrls.length > 0) {
    extensions.push(
      extensionDer(EXTENSION_OID.authorityInfoAccess, false, caIssuersDer(request.caIssuersUrls)),
    );
  }

  const tbs = derSequence(
    derExplicit(0, derInteger(2)), // v3
    serialNumberDer(randomSerialNumber(ctx)),
    signature.algorithmIdentifier,
    // RFC 5280 4.1.2.4: the issuer name is the CA's subject, byte for byte.
    issuer ? subjectNameDer(issuer.certificate) : subjectName,
    derSequence(derTime(notBefore), derTime(notAfter)),
    subjectName,
    spki,
    derExplicit(3, derSequence(...extensions)),
  );
  return new Certificate(await signedDer(tbs, signature, signingKey, ctx));
}

/**
 * SEQUENCE { tbs, signatureAlgorithm, signatureValue }: how certificates and CRLs alike are signed
 * (RFC 5280 4.1, 5.1). `tbs` must already carry `signature.algorithmIdentifier`.
 */
export async function signedDer(
  tbs: Uint8Array,
  signature: SignatureScheme,
  signingKey: CryptoKey,
  ctx: PkiContext,
): Promise<Uint8Array> {
  const value = new Uint8Array(
    await ctx.crypto.subtle.sign(signature.params, signingKey, bufferView(tbs)),
  );
  return derSequence(
    tbs,
    signature.algorithmIdentifier,
    derBitString(signature.ecdsa ? ecdsaSignatureDer(value) : value),
  );
}

/** SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 4.2.1.2, method 1). */
function keyIdentifier(spki: Uint8Array): Buffer {
  const key = subjectPublicKeyBits(spki);
  if (!key) throw new PkiError('MALFORMED_DER', 'public key: not a DER SubjectPublicKeyInfo');
  return createHash('sha1').update(key).digest();
}

const RSA_SIGNATURE_OIDS: Record<string, string> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};

/**
 * The WebCrypto parameters and the AlgorithmIdentifier of the signature a key makes: RFC 4055
 * (RSA, NULL parameters), RFC 5758 (ECDSA, no parameters), RFC 8410 (Ed25519, no parameters).
 */
export interface SignatureScheme {
  params: Algorithm | EcdsaParams;
  algorithmIdentifier: Uint8Array;
  ecdsa: boolean;
}

export function signatureFor(key: CryptoKey): SignatureScheme {
  const algorithm = keyAlgorithmOf(key);
  const params = signingAlgorithmFor(algorithm);
  const info = keyAlgorithmInfo(algorithm);
  switch (info.family) {
    case 'RSA': {
      // PKCS#1 v1.5 signs with the hash the key was made or imported with.
      const hash = (key.algorithm as RsaHashedKeyAlgorithm).hash.name;
      const oid = RSA_SIGNATURE_OIDS[hash];
      if (!oid) throw new PkiError('UNSUPPORTED_KEY', `unsupported RSA signature hash ${hash}`);
      return { params, algorithmIdentifier: derAlgorithm(oid, null), ecdsa: false };
    }
    case 'ECDSA':
      return {
        params,
        algorithmIdentifier: derSequence(
          derOid(info.curve === 'P-384' ? '1.2.840.10045.4.3.3' : '1.2.840.10045.4.3.2'),
        ),
        ecdsa: true,
      };
    case 'Ed25519':
      return { params, algorithmIdentifier: derSequence(derOid('1.3.101.112')), ecdsa: false };
  }
}
