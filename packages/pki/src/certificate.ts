import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate as AsnCertificate,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  type GeneralName,
  id_ad_caIssuers,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
  KeyUsage,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { Name, X509Certificate } from './x509';
import { type KeyAlgorithm } from '@certlab/contracts';
import {
  type CertificateFields,
  KEY_USAGE_NAMES,
  readCertificateFieldsFast,
} from './certificate-reader';
import { defaultPkiContext, type PkiContext } from './context';
import { PkiError, parseOrThrow } from './errors';
import { describePublicKey } from './keys';
import { formatDn } from './names';
import { bufferView, pemDecodeAll, pemEncode, toDer } from './pem';
import { emptySubjectAltNames, type SubjectAltNames } from './subject-alt-names';

// In a file of their own, so the DER reader and writer need not import this file back.
export { emptySubjectAltNames, type SubjectAltNames } from './subject-alt-names';

/** Signature algorithm OIDs by the names OpenSSL prints. */
const SIGNATURE_ALGORITHM_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

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

  #x509: X509Certificate | undefined;

  constructor(der: Uint8Array) {
    this.der = der;
    this.thumbprint = sha1Hex(der);
    // Plain DER (certlab's own and most others) is read on the fast path; anything else by one
    // asn1-schema parse (@peculiar/x509's wrapper would decode extensions twice).
    const fields = parseOrThrow(
      'MALFORMED_DER',
      'certificate',
      () => readCertificateFieldsFast(der) ?? readCertificateFieldsWithSchema(der),
    );
    this.subject = fields.subject;
    this.issuer = fields.issuer;
    this.serialNumber = normalizeSerialNumber(fields.serialHex);
    this.notBefore = fields.notBefore;
    this.notAfter = fields.notAfter;
    this.subjectPublicKeyInfo = fields.spki;
    const publicKey = describePublicKey(fields.spki);
    this.keyAlgorithm = publicKey.algorithm;
    this.publicKeyDescription = publicKey.description;
    this.signatureAlgorithm =
      SIGNATURE_ALGORITHM_NAMES[fields.signatureAlgorithmOid] ?? fields.signatureAlgorithmOid;
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

  /** @internal @peculiar/x509's view, made on first use, for signing and verification. */
  get x509(): X509Certificate {
    this.#x509 ??= new X509Certificate(bufferView(this.der));
    return this.#x509;
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
    throw new PkiError(
      'INVALID_PROFILE',
      `thumbprint "${thumbprint}" is not 40 hexadecimal digits`,
    );
  }
  return hex;
}

export function sha1Hex(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/** @internal The fields by one asn1-schema parse: any DER or BER it accepts. */
export function readCertificateFieldsWithSchema(der: Uint8Array): CertificateFields {
  const asn = AsnConvert.parse(bufferView(der), AsnCertificate);
  const tbs = asn.tbsCertificate;
  const fields: CertificateFields = {
    subject: formatDn(new Name(tbs.subject)),
    issuer: formatDn(new Name(tbs.issuer)),
    serialHex: Buffer.from(tbs.serialNumber).toString('hex'),
    // Time.getTime() picks UTCTime or GeneralizedTime and returns a Date.
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    spki: new Uint8Array(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
    signatureAlgorithmOid: asn.signatureAlgorithm.algorithm,
    sans: emptySubjectAltNames(),
    ekus: [],
    keyUsages: [],
    isCa: false,
    pathLength: undefined,
    ski: undefined,
    aki: undefined,
    crlDistributionPoints: [],
    caIssuers: [],
  };
  for (const extension of tbs.extensions ?? []) {
    const value = extension.extnValue.buffer;
    switch (extension.extnID) {
      case id_ce_basicConstraints: {
        const basic = AsnConvert.parse(value, BasicConstraints);
        fields.isCa = basic.cA;
        fields.pathLength = basic.pathLenConstraint;
        break;
      }
      case id_ce_keyUsage: {
        const usage = AsnConvert.parse(value, KeyUsage);
        fields.keyUsages = KEY_USAGE_NAMES.filter(
          (_name, bit) => (usage.toNumber() & (1 << bit)) !== 0,
        );
        break;
      }
      case id_ce_extKeyUsage:
        fields.ekus = AsnConvert.parse(value, ExtendedKeyUsage).map(String);
        break;
      case id_ce_subjectAltName:
        fields.sans = readGeneralNames(AsnConvert.parse(value, SubjectAlternativeName));
        break;
      case id_ce_subjectKeyIdentifier:
        fields.ski = hex(AsnConvert.parse(value, SubjectKeyIdentifier).buffer);
        break;
      case id_ce_authorityKeyIdentifier: {
        const keyId = AsnConvert.parse(value, AuthorityKeyIdentifier).keyIdentifier;
        fields.aki = keyId ? hex(keyId.buffer) : undefined;
        break;
      }
      case id_ce_cRLDistributionPoints:
        for (const point of AsnConvert.parse(value, CRLDistributionPoints)) {
          fields.crlDistributionPoints.push(
            ...readGeneralNames(point.distributionPoint?.fullName ?? []).uri,
          );
        }
        break;
      case id_pe_authorityInfoAccess:
        for (const access of AsnConvert.parse(value, AuthorityInfoAccessSyntax)) {
          if (access.accessMethod === id_ad_caIssuers) {
            fields.caIssuers.push(...readGeneralNames([access.accessLocation]).uri);
          }
        }
        break;
    }
  }
  return fields;
}

/** @internal SANs out of an ASN.1 GeneralNames (certificates, CSRs, CRL distribution points). */
export function readGeneralNames(names: Iterable<GeneralName>): SubjectAltNames {
  const sans = emptySubjectAltNames();
  for (const name of names) {
    if (name.dNSName !== undefined) sans.dns.push(name.dNSName);
    else if (name.iPAddress !== undefined) sans.ip.push(name.iPAddress);
    else if (name.rfc822Name !== undefined) sans.email.push(name.rfc822Name);
    else if (name.uniformResourceIdentifier !== undefined)
      sans.uri.push(name.uniformResourceIdentifier);
  }
  return sans;
}

function hex(buffer: ArrayBuffer): string {
  return Buffer.from(buffer).toString('hex').toUpperCase();
}
