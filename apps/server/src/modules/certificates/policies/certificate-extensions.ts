import { type Certificate, EXTENDED_KEY_USAGES } from '@certlab/pki';

/*
 * How certificate extensions are named for people: one place, so the certificate page and the
 * old-vs-new diff say the same thing about the same certificate.
 */

const EKU_NAMES = new Map<string, string>(
  Object.entries(EXTENDED_KEY_USAGES).map(([name, oid]) => [oid, name]),
);

/** Extended key usages by name (`serverAuth`) where known, else the OID. */
export function extendedKeyUsageNames(
  certificate: Pick<Certificate, 'extendedKeyUsages'>,
): string[] {
  return certificate.extendedKeyUsages.map((oid) => EKU_NAMES.get(oid) ?? oid);
}
