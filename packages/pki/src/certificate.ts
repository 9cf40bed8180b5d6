import { createHash } from 'node:crypto';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
} from './x509';
import { type KeyAlgorithm } from '@certlab/contracts';
import { defaultPkiContext, type PkiContext } from './context';
import { PkiError, parseOrThrow } from './errors';
import { describePublicKey } from './keys';
import { formatDn } from './names';
import { bufferView, pemDecodeAll, pemEncode, toDer } from './pem';

export interface SubjectAltNames {
  dns: string[];
  ip: string[];
  email: string[];
  uri: string[];
}

/** Names OpenSSL prints for the signature algorithms certlab issues with. */
const SIGNATURE_ALGORITHM_NAMES: Record<string, string> = {
  'RSASSA-PKCS1-v1_5/SHA-256': 'sha256WithRSAEncryption',
  'RSASSA-PKCS1-v1_5/SHA-384': 'sha384WithRSAEncryption',
  'RSASSA-PKCS1-v1_5/SHA-512': 'sha512WithRSAEncryption',
  'RSASSA-PKCS1-v1_5/SHA-1': 'sha1WithRSAEncryption',
  'ECDSA/SHA-256': 'ecdsa-with-SHA256',
  'ECDSA/SHA-384': 'ecdsa-with-SHA384',
  'ECDSA/SHA-512': 'ecdsa-with-SHA512',
  Ed25519: 'ED25519',
};

const KEY_USAGE_NAMES: [KeyUsageFlags, string][] = [
  [KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [KeyUsageFlags.cRLSign, 'cRLSign'],
  [KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

/**
 * A parsed X.509 certificate. Every field is read once, at construction, so a certificate that
 * cannot be fully parsed is rejected up front rather than failing later on a getter.
 */
export class Certificate {
  readonly der: Uint8Array;
  readonly subject: string;
  readonly issuer: string;
  /** Upper-case hex, no separators, no leading zero bytes: the form Keyfactor shows. */
  readonly serialNumber: string;
  /** SHA-1 of the DER, upper-case hex: Keyfactor's Thumbprint. */
  readonly thumbprint: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** null when the key is one certlab does not issue for; `publicKeyDescription` still names it. */
  readonly keyAlgorithm: KeyAlgorithm | null;
  /** e.g. `RSA-2048`, `P-256`, `RSA-1024`, `P-521`, `DSA`. */
  readonly publicKeyDescription: string;
  readonly signatureAlgorithm: string;
  readonly subjectPublicKeyInfo: Uint8Array;
  readonly subjectAltNames: SubjectAltNames;
  /** Extended key usage OIDs. */
  readonly extendedKeyUsages: string[];
  readonly keyUsages: string[];
  readonly isCa: boolean;
  readonly pathLength: number | undefined;
  readonly subjectKeyIdentifier: string | undefined;
  readonly authorityKeyIdentifier: string | undefined;
  readonly crlDistributionPoints: string[];
  readonly caIssuersUrls: string[];

  /** @internal the parsed form, for the other pki modules. */
  readonly x509: X509Certificate;

  constructor(der: Uint8Array) {
    const x509 = parseOrThrow('MALFORMED_DER', 'certificate', () => new X509Certificate(bufferView(der)));
    this.x509 = x509;
    this.der = der;
    this.thumbprint = sha1Hex(der);
    const fields = parseOrThrow('MALFORMED_DER', 'certificate', () => readFields(x509));
    this.subject = fields.subject;
    this.issuer = fields.issuer;
    this.serialNumber = normalizeSerialNumber(x509.serialNumber);
    this.notBefore = x509.notBefore;
    this.notAfter = x509.notAfter;
    this.subjectPublicKeyInfo = fields.spki;
    const publicKey = describePublicKey(fields.spki);
    this.keyAlgorithm = publicKey.algorithm;
    this.publicKeyDescription = publicKey.description;
    this.signatureAlgorithm = fields.signatureAlgorithm;
    this.subjectAltNames = fields.sans;
    this.extendedKeyUsages = fields.ekus;
    this.keyUsages = fields.keyUsages;
    this.isCa = fields.isCa;
    this.pathLength = fields.pathLength;
    this.subjectKeyIdentifier = fields.ski;
    this.authorityKeyIdentifier = fields.aki;
    this.crlDistributionPoints = fields.crlDistributionPoints;
    this.caIssuersUrls = fields.caIssuers;
  }

  get pem(): string {
    return pemEncode(this.der, 'CERTIFICATE');
  }

  get isSelfIssued(): boolean {
    return this.subject === this.issuer;
  }

  /** Whether `issuer`'s key signed this certificate (signature only, no validity or policy). */
  async isSignedBy(issuer: Certificate, ctx: PkiContext = defaultPkiContext): Promise<boolean> {
    try {
      return await this.x509.verify(
        { publicKey: issuer.x509.publicKey, signatureOnly: true },
        ctx.crypto,
      );
    } catch {
      return false;
    }
  }

  isValidAt(date: Date): boolean {
    return date >= this.notBefore && date <= this.notAfter;
  }
}

/** Reads one certificate from PEM text or DER/PEM bytes. */
export function readCertificate(input: string | Uint8Array): Certificate {
  return new Certificate(toDer(input, ['CERTIFICATE']));
}

/** Reads every certificate of a PEM bundle, in file order. Non-certificate blocks are skipped. */
export function readCertificates(pem: string): Certificate[] {
  return pemDecodeAll(pem)
    .filter((block) => block.label === 'CERTIFICATE')
    .map((block) => new Certificate(block.der));
}

/**
 * Serial numbers as people type them (`0a:1b:…`, `0A-1B`, lower case) in Keyfactor's form:
 * upper-case hex without separators or leading zeros.
 */
export function normalizeSerialNumber(serial: string): string {
  const hex = serial.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex)) {
    throw new PkiError('INVALID_PROFILE', `serial number "${serial}" is not hexadecimal`);
  }
  return hex.replace(/^0+(?=.)/, '');
}

/** Thumbprints as people type them, in Keyfactor's form: 40 upper-case hex digits. */
export function normalizeThumbprint(thumbprint: string): string {
  const hex = thumbprint.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{40}$/.test(hex)) {
    throw new PkiError('INVALID_PROFILE', `thumbprint "${thumbprint}" is not 40 hexadecimal digits`);
  }
  return hex;
}

export function sha1Hex(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

function readFields(x509: X509Certificate) {
  const basic = x509.getExtension(BasicConstraintsExtension);
  const keyUsage = x509.getExtension(KeyUsagesExtension);
  const eku = x509.getExtension(ExtendedKeyUsageExtension);
  const san = x509.getExtension(SubjectAlternativeNameExtension);
  const ski = x509.getExtension(SubjectKeyIdentifierExtension);
  const aki = x509.getExtension(AuthorityKeyIdentifierExtension);
  const crlDp = x509.getExtension(CRLDistributionPointsExtension);
  const aia = x509.getExtension(AuthorityInfoAccessExtension);

  const sans: SubjectAltNames = { dns: [], ip: [], email: [], uri: [] };
  for (const name of san?.names.items ?? []) {
    if (name.type === 'dns') sans.dns.push(name.value);
    else if (name.type === 'ip') sans.ip.push(name.value);
    else if (name.type === 'email') sans.email.push(name.value);
    else if (name.type === 'url') sans.uri.push(name.value);
  }
  const crlDistributionPoints: string[] = [];
  for (const point of crlDp?.distributionPoints ?? []) {
    for (const name of point.distributionPoint?.fullName ?? []) {
      if (name.uniformResourceIdentifier) crlDistributionPoints.push(name.uniformResourceIdentifier);
    }
  }
  const hash = (x509.signatureAlgorithm as { hash?: { name: string } }).hash?.name;
  const signatureKey = hash ? `${x509.signatureAlgorithm.name}/${hash}` : x509.signatureAlgorithm.name;
  return {
    subject: formatDn(x509.subjectName),
    issuer: formatDn(x509.issuerName),
    spki: new Uint8Array(x509.publicKey.rawData),
    signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[signatureKey] ?? signatureKey,
    sans,
    ekus: (eku?.usages ?? []).map(String),
    keyUsages: keyUsage
      ? KEY_USAGE_NAMES.filter(([flag]) => (keyUsage.usages & flag) === flag).map(([, n]) => n)
      : [],
    isCa: basic?.ca ?? false,
    pathLength: basic?.pathLength,
    ski: ski?.keyId.toUpperCase(),
    aki: aki?.keyId?.toUpperCase(),
    crlDistributionPoints,
    caIssuers: (aia?.caIssuers ?? []).filter((n) => n.type === 'url').map((n) => n.value),
  };
}
