import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  type Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PublicKey,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from './x509';
import { keyAlgorithmInfo } from '@certlab/contracts';
import { Certificate } from './certificate';
import { defaultPkiContext, type PkiContext } from './context';
import { PkiError, parseOrThrowAsync } from './errors';
import { keyAlgorithmOf, keyAlgorithmOfSpki, signingAlgorithmFor } from './keys';
import { parseDn } from './names';
import { bufferView } from './pem';
import {
  checkSubjectAltNames,
  checkUrls,
  checkValidityDays,
  type LeafProfile,
  resolveExtendedKeyUsages,
  toGeneralNames,
} from './profile';

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

  const generalNames = toGeneralNames(sans);
  const extensions: Extension[] = [
    new BasicConstraintsExtension(false, undefined, true),
    new KeyUsagesExtension(leafKeyUsage(keyAlgorithmInfo(keyAlgorithm).family), true),
  ];
  if (ekus.length > 0) extensions.push(new ExtendedKeyUsageExtension(ekus, false));
  // RFC 5280 4.2.1.6: with an empty subject the SAN extension carries the identity and is critical.
  if (hasSans) {
    extensions.push(
      new SubjectAlternativeNameExtension(generalNames, subject.toJSON().length === 0),
    );
  }
  return signCertificate(
    {
      subject,
      publicKey: request.publicKey,
      validityDays: profile.validityDays,
      extensions,
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
  subject: ReturnType<typeof parseDn>;
  publicKey: CryptoKey | Uint8Array;
  validityDays: number;
  extensions: Extension[];
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
  const signingKeys = issuer ? issuer.privateKey : request.selfSignedKeys?.privateKey;
  if (!signingKeys) throw new PkiError('INVALID_PROFILE', 'no signing key');
  const signerAlgorithm = keyAlgorithmOf(signingKeys);

  const publicKey = await parseOrThrowAsync('MALFORMED_DER', 'public key', () =>
    PublicKey.create(
      request.publicKey instanceof Uint8Array ? bufferView(request.publicKey) : request.publicKey,
      ctx.crypto,
    ),
  );
  const extensions = [...request.extensions];
  extensions.push(await SubjectKeyIdentifierExtension.create(publicKey, false, ctx.crypto));
  if (issuer) {
    const issuerKeyId =
      issuer.certificate.subjectKeyIdentifier ??
      (
        await SubjectKeyIdentifierExtension.create(
          issuer.certificate.x509.publicKey,
          false,
          ctx.crypto,
        )
      ).keyId;
    extensions.push(new AuthorityKeyIdentifierExtension(issuerKeyId.toLowerCase(), false));
  }
  if (request.crlDistributionPoints.length > 0) {
    extensions.push(new CRLDistributionPointsExtension([...request.crlDistributionPoints], false));
  }
  if (request.caIssuersUrls.length > 0) {
    extensions.push(
      new AuthorityInfoAccessExtension({ caIssuers: [...request.caIssuersUrls] }, false),
    );
  }

  const x509 = await X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(ctx),
      subject: request.subject,
      issuer: issuer ? issuer.certificate.x509.subjectName : request.subject,
      notBefore,
      notAfter,
      publicKey,
      signingKey: signingKeys,
      signingAlgorithm: signingAlgorithmFor(signerAlgorithm),
      extensions,
    },
    ctx.crypto,
  );
  return new Certificate(new Uint8Array(x509.rawData));
}
