import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate as AsnCertificate,
  CertificateList,
  CRLNumber,
  CRLReason,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
} from '@peculiar/asn1-x509';
import { type KeyAlgorithm, keyAlgorithmInfo } from '@certlab/contracts';
import { Name, X509CrlReason } from './x509';
import { defaultPkiContext, type PkiContext } from './context';
import {
  derAlgorithm,
  derExplicit,
  derImplicitPrimitive,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derTlv,
} from './der-writer';
import { PkiError, parseOrThrow } from './errors';
import { type Issuer } from './issuance';
import { keyAlgorithmOf, signingAlgorithmFor } from './keys';
import { formatDn } from './names';
import { bufferView, pemEncode, toDer } from './pem';
import { normalizeSerialNumber } from './certificate';

/** RFC 5280 5.3.1 reason codes, by the names the Keyfactor API and OpenSSL use. */
export const CRL_REASONS = {
  unspecified: X509CrlReason.unspecified,
  keyCompromise: X509CrlReason.keyCompromise,
  cACompromise: X509CrlReason.cACompromise,
  affiliationChanged: X509CrlReason.affiliationChanged,
  superseded: X509CrlReason.superseded,
  cessationOfOperation: X509CrlReason.cessationOfOperation,
  certificateHold: X509CrlReason.certificateHold,
  removeFromCRL: X509CrlReason.removeFromCRL,
  privilegeWithdrawn: X509CrlReason.privilegeWithdrawn,
  aACompromise: X509CrlReason.aACompromise,
} as const;
export type CrlReason = keyof typeof CRL_REASONS;

export interface RevokedCertificate {
  serialNumber: string;
  revocationDate: Date;
  reason: CrlReason;
}

export interface CertificateRevocationList {
  der: Uint8Array;
  pem: string;
  issuer: string;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  crlNumber: number | undefined;
  entries: RevokedCertificate[];
}

const REASON_NAMES = new Map<number, CrlReason>(
  Object.entries(CRL_REASONS).map(([name, code]) => [code, name as CrlReason]),
);
const HOUR_MS = 3_600_000;

/**
 * Signs a CRL for the issuer. It carries the CRL number and AKI that RFC 5280 requires, and a
 * reason code on every entry except `unspecified`, which 5.3.1 says to leave out.
 *
 * The DER is written directly (der-writer): through asn1-schema a CRL of 10,000 entries took about
 * 40 s of blocking CPU to build and serialize, and a CA retiring a campaign's certificates has that
 * many. Times are second-precision, as DER encodes them (RFC 5280 5.1.2.4).
 */
export async function createCrl(
  request: {
    issuer: Issuer;
    entries: readonly RevokedCertificate[];
    crlNumber: number;
    /** How long relying parties may cache this CRL. */
    nextUpdateHours: number;
  },
  ctx: PkiContext = defaultPkiContext,
): Promise<CertificateRevocationList> {
  const { issuer } = request;
  if (!issuer.certificate.keyUsages.includes('cRLSign')) {
    throw new PkiError('INVALID_PROFILE', `${issuer.certificate.subject} may not sign CRLs`);
  }
  if (!Number.isSafeInteger(request.crlNumber) || request.crlNumber < 0) {
    throw new PkiError('INVALID_PROFILE', `CRL number must be a non-negative integer`);
  }
  if (!(request.nextUpdateHours > 0)) {
    throw new PkiError('INVALID_PROFILE', 'nextUpdateHours must be positive');
  }
  const thisUpdate = wholeSeconds(ctx.now());
  const nextUpdate = wholeSeconds(
    new Date(thisUpdate.getTime() + request.nextUpdateHours * HOUR_MS),
  );
  const entries = request.entries.map((entry) => {
    const reason = CRL_REASONS[entry.reason];
    if (reason === undefined)
      throw new PkiError('INVALID_PROFILE', `unknown CRL reason "${entry.reason}"`);
    return {
      serialNumber: normalizeSerialNumber(entry.serialNumber),
      revocationDate: wholeSeconds(entry.revocationDate),
      reason: entry.reason,
      code: reason,
    };
  });

  const signer = keyAlgorithmOf(issuer.privateKey);
  const signatureAlgorithm = signatureAlgorithmDer(signer);
  const crlExtensions = [extensionDer(id_ce_cRLNumber, derInteger(request.crlNumber))];
  const keyId = issuer.certificate.subjectKeyIdentifier;
  if (keyId) {
    crlExtensions.push(
      extensionDer(
        id_ce_authorityKeyIdentifier,
        derSequence(derImplicitPrimitive(0, Buffer.from(keyId, 'hex'))),
      ),
    );
  }
  const revoked = entries.map((entry) =>
    derSequence(
      serialNumberDer(entry.serialNumber),
      timeDer(entry.revocationDate),
      ...(entry.code === X509CrlReason.unspecified
        ? []
        : [
            derSequence(
              extensionDer(id_ce_cRLReasons, derTlv(ENUMERATED, Uint8Array.of(entry.code))),
            ),
          ]),
    ),
  );
  const tbs = derSequence(
    derInteger(1), // v2: the CRL has extensions
    signatureAlgorithm,
    issuerNameDer(issuer.certificate.der),
    timeDer(thisUpdate),
    timeDer(nextUpdate),
    // One buffer for the list: thousands of entries would not fit a spread argument list.
    ...(revoked.length > 0 ? [derTlv(SEQUENCE, Buffer.concat(revoked))] : []),
    derExplicit(0, derSequence(...crlExtensions)),
  );
  const signature = new Uint8Array(
    await ctx.crypto.subtle.sign(signingAlgorithmFor(signer), issuer.privateKey, bufferView(tbs)),
  );
  const der = derSequence(
    tbs,
    signatureAlgorithm,
    derTlv(
      BIT_STRING,
      Uint8Array.of(0),
      signer.startsWith('P-') ? ecdsaSignatureDer(signature) : signature,
    ),
  );
  return {
    der,
    pem: pemEncode(der, 'X509 CRL'),
    issuer: issuer.certificate.subject,
    thisUpdate,
    nextUpdate,
    crlNumber: request.crlNumber,
    entries: entries.map(({ serialNumber, revocationDate, reason }) => ({
      serialNumber,
      revocationDate,
      reason,
    })),
  };
}

const SEQUENCE = 0x30;
const BIT_STRING = 0x03;
const ENUMERATED = 0x0a;
const id_ce_authorityKeyIdentifier = '2.5.29.35';

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** Extension ::= SEQUENCE { extnID, extnValue OCTET STRING } (non-critical: the default, omitted). */
function extensionDer(oid: string, value: Uint8Array): Uint8Array {
  return derSequence(derOid(oid), derOctetString(value));
}

/** A positive serial number (upper-case hex) as a DER INTEGER. */
function serialNumberDer(hex: string): Uint8Array {
  return derTlv(
    0x02,
    unsignedIntegerContents(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')),
  );
}

/** Big-endian unsigned bytes as INTEGER contents: no redundant leading zeros, a 0 before a high bit. */
function unsignedIntegerContents(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Uint8Array.of(0), trimmed]) : trimmed;
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; always Z, no fractions. */
function timeDer(date: Date): Uint8Array {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? derTlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : derTlv(0x18, Buffer.from(digits, 'ascii'));
}

/** The issuer's subject Name exactly as encoded in its certificate. */
function issuerNameDer(certificateDer: Uint8Array): Uint8Array {
  const certificate = AsnConvert.parse(bufferView(certificateDer), AsnCertificate);
  return new Uint8Array(AsnConvert.serialize(certificate.tbsCertificate.subject));
}

/** AlgorithmIdentifier of the signature the key makes (RSA keys sign with SHA-256, see keys.ts). */
function signatureAlgorithmDer(algorithm: KeyAlgorithm): Uint8Array {
  const info = keyAlgorithmInfo(algorithm);
  switch (info.family) {
    case 'RSA':
      return derAlgorithm('1.2.840.113549.1.1.11', null);
    case 'ECDSA':
      return derSequence(
        derOid(info.curve === 'P-384' ? '1.2.840.10045.4.3.3' : '1.2.840.10045.4.3.2'),
      );
    case 'Ed25519':
      return derSequence(derOid('1.3.101.112'));
  }
}

/** WebCrypto's ECDSA signature is r || s; X.509 wants SEQUENCE { INTEGER r, INTEGER s }. */
function ecdsaSignatureDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return derSequence(
    derTlv(0x02, unsignedIntegerContents(raw.subarray(0, half))),
    derTlv(0x02, unsignedIntegerContents(raw.subarray(half))),
  );
}

/**
 * Reads a CRL. Parsed with the ASN.1 schema directly rather than @peculiar/x509's `X509Crl`, whose
 * parser stops at 10,000 ASN.1 nodes: a CRL of a CA that retired a few thousand certificates has
 * more. The limit here grows with the input (every node takes at least two bytes), so parsing stays
 * linear in the size of what was given.
 */
export function readCrl(input: string | Uint8Array): CertificateRevocationList {
  const der = toDer(input, ['X509 CRL']);
  return parseOrThrow('MALFORMED_DER', 'CRL', () => {
    const list = AsnConvert.parse(bufferView(der), CertificateList, {
      berOptions: { maxNodes: Math.max(10_000, Math.ceil(der.length / 2) + 1) },
    });
    const tbs = list.tbsCertList;
    const numberExtension = tbs.crlExtensions?.find(
      (extension) => extension.extnID === id_ce_cRLNumber,
    );
    return {
      der,
      pem: pemEncode(der, 'X509 CRL'),
      issuer: formatDn(new Name(tbs.issuer)),
      thisUpdate: tbs.thisUpdate.getTime(),
      nextUpdate: tbs.nextUpdate?.getTime(),
      crlNumber: numberExtension
        ? AsnConvert.parse(numberExtension.extnValue.buffer, CRLNumber).value
        : undefined,
      entries: (tbs.revokedCertificates ?? []).map((entry) => {
        const reasonExtension = entry.crlEntryExtensions?.find(
          (extension) => extension.extnID === id_ce_cRLReasons,
        );
        const reason = reasonExtension
          ? AsnConvert.parse(reasonExtension.extnValue.buffer, CRLReason).reason
          : X509CrlReason.unspecified;
        return {
          serialNumber: normalizeSerialNumber(Buffer.from(entry.userCertificate).toString('hex')),
          revocationDate: entry.revocationDate.getTime(),
          reason: REASON_NAMES.get(reason) ?? 'unspecified',
        };
      }),
    };
  });
}
