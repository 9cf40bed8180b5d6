import {
  type CertificateDiff,
  type CertificateFieldDiff,
  isKeyAlgorithm,
  keyAlgorithmInfo,
} from '@certlab/contracts';
import { type Certificate } from '@certlab/pki';
import { extendedKeyUsageNames } from '../../certificates/policies/certificate-extensions';

const DAY_MS = 86_400_000;

/** What a certificate is compared on: the parsed certificate and its issuer chain's subjects. */
export interface DiffSide {
  id: number;
  certificate: Certificate;
  /** Issuing CA first, root last. */
  chain: string[];
}

type Fields = CertificateDiff['fields'];

/** Old (`with`) against new (the path's certificate), field by field. */
export function diffCertificates(oldSide: DiffSide, newSide: DiffSide): CertificateDiff {
  const before = describe(oldSide);
  const after = describe(newSide);
  const fields = Object.fromEntries(
    (Object.keys(after) as (keyof Fields)[]).map((name) => [
      name,
      field(before[name], after[name], UNORDERED.has(name)),
    ]),
  ) as unknown as Fields;
  return {
    certificate: { id: newSide.id, thumbprint: newSide.certificate.thumbprint },
    with: { id: oldSide.id, thumbprint: oldSide.certificate.thumbprint },
    fields,
    changed: Object.entries(fields)
      .filter(([, value]) => (value as CertificateFieldDiff<unknown>).changed)
      .map(([name]) => name),
  };
}

/** Lists whose order carries no meaning: a reordered SAN list is the same set of names. */
const UNORDERED = new Set<keyof Fields>(['subjectAltNames', 'extendedKeyUsages']);

function describe({ certificate, chain }: DiffSide) {
  const key =
    certificate.keyAlgorithm !== null && isKeyAlgorithm(certificate.keyAlgorithm)
      ? keyAlgorithmInfo(certificate.keyAlgorithm)
      : undefined;
  const sans = certificate.subjectAltNames;
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    keyAlgorithm: key?.family ?? certificate.publicKeyDescription,
    keySize: key?.bits ?? null,
    signatureAlgorithm: certificate.signatureAlgorithm,
    subjectAltNames: [
      ...sans.dns.map((name) => `DNS:${name}`),
      ...sans.ip.map((name) => `IP:${name}`),
      ...sans.email.map((name) => `email:${name}`),
      ...sans.uri.map((name) => `URI:${name}`),
    ],
    extendedKeyUsages: extendedKeyUsageNames(certificate),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    // Whole days: issuance backdates notBefore by a minute, which is no change in lifetime.
    validityDays: Math.round(
      (certificate.notAfter.getTime() - certificate.notBefore.getTime()) / DAY_MS,
    ),
    chain,
    crlDistributionPoints: certificate.crlDistributionPoints,
  } satisfies { [K in keyof Fields]: Fields[K]['new'] };
}

function field<T>(before: T, after: T, unordered: boolean): CertificateFieldDiff<T> {
  const canonical = (value: T) =>
    JSON.stringify(unordered && Array.isArray(value) ? [...(value as unknown[])].sort() : value);
  return { old: before, new: after, changed: canonical(before) !== canonical(after) };
}
