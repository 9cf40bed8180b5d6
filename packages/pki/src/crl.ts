import { AsnConvert } from '@peculiar/asn1-schema';
import {
  CertificateList,
  CRLNumber,
  CRLReason,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
} from '@peculiar/asn1-x509';
import { Name, X509CrlReason } from './x509';
import { normalizeSerialNumber } from './certificate';
import { subjectNameDer } from './certificate-reader';
import { defaultPkiContext, type PkiContext } from './context';
import { derExplicit, derInteger, derSequence, derTime, derTlv } from './der-writer';
import { PkiError, parseOrThrow } from './errors';
import { type Issuer, signatureFor, signedDer } from './issuance';
import { formatDn } from './names';
import { bufferView, pemEncode, toDer } from './pem';
import {
  authorityKeyIdentifierDer,
  EXTENSION_OID,
  extensionDer,
  serialNumberDer,
} from './tbs-writer';

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

  const signature = signatureFor(issuer.privateKey);
  const crlExtensions = [extensionDer(id_ce_cRLNumber, false, derInteger(request.crlNumber))];
  const keyId = issuer.certificate.subjectKeyIdentifier;
  if (keyId) {
    crlExtensions.push(
      extensionDer(
        EXTENSION_OID.authorityKeyIdentifier,
        false,
        authorityKeyIdentifierDer(Buffer.from(keyId, 'hex')),
      ),
    );
  }
  const revoked = entries.map((entry) =>
    derSequence(
      serialNumberDer(entry.serialNumber),
      derTime(entry.revocationDate),
      ...(entry.code === X509CrlReason.unspecified
        ? []
        : [
            derSequence(
              extensionDer(id_ce_cRLReasons, false, derTlv(ENUMERATED, Uint8Array.of(entry.code))),
            ),
          ]),
    ),
  );
  const tbs = derSequence(
    derInteger(1), // v2: the CRL has extensions
    signature.algorithmIdentifier,
    subjectNameDer(issuer.certificate),
    derTime(thisUpdate),
    derTime(nextUpdate),
    // One buffer for the list: thousands of entries would not fit a spread argument list.
    ...(revoked.length > 0 ? [derTlv(SEQUENCE, Buffer.concat(revoked))] : []),
    derExplicit(0, derSequence(...crlExtensions)),
  );
  const der = await signedDer(tbs, signature, issuer.privateKey, ctx);
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
const ENUMERATED = 0x0a;

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
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
