import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import {
  AuthorityKeyIdentifierExtension,
  Extension,
  X509Crl,
  X509CrlGenerator,
  X509CrlReason,
} from './x509';
import { defaultPkiContext, type PkiContext } from './context';
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
  const thisUpdate = ctx.now();
  const keyId = issuer.certificate.subjectKeyIdentifier;
  const extensions = [
    new Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(request.crlNumber))),
  ];
  if (keyId) extensions.push(new AuthorityKeyIdentifierExtension(keyId.toLowerCase()));

  const crl = await X509CrlGenerator.create(
    {
      issuer: issuer.certificate.x509.subjectName,
      thisUpdate,
      nextUpdate: new Date(thisUpdate.getTime() + request.nextUpdateHours * HOUR_MS),
      signingKey: issuer.privateKey,
      signingAlgorithm: signingAlgorithmFor(keyAlgorithmOf(issuer.privateKey)),
      extensions,
      entries: request.entries.map((entry) => {
        const reason = CRL_REASONS[entry.reason];
        if (reason === undefined)
          throw new PkiError('INVALID_PROFILE', `unknown CRL reason "${entry.reason}"`);
        return {
          serialNumber: normalizeSerialNumber(entry.serialNumber),
          revocationDate: entry.revocationDate,
          ...(reason === X509CrlReason.unspecified ? {} : { reason }),
        };
      }),
    },
    ctx.crypto,
  );
  return readCrl(new Uint8Array(crl.rawData));
}

export function readCrl(input: string | Uint8Array): CertificateRevocationList {
  const der = toDer(input, ['X509 CRL']);
  return parseOrThrow('MALFORMED_DER', 'CRL', () => {
    const crl = new X509Crl(bufferView(der));
    const numberExtension = crl.extensions.find((extension) => extension.type === id_ce_cRLNumber);
    return {
      der,
      pem: pemEncode(der, 'X509 CRL'),
      issuer: formatDn(crl.issuerName),
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      crlNumber: numberExtension
        ? AsnConvert.parse(numberExtension.value, CRLNumber).value
        : undefined,
      entries: crl.entries.map((entry) => ({
        serialNumber: normalizeSerialNumber(entry.serialNumber),
        revocationDate: entry.revocationDate,
        reason: REASON_NAMES.get(entry.reason ?? X509CrlReason.unspecified) ?? 'unspecified',
      })),
    };
  });
}
