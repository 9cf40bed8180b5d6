/**
 * Where a CA's CRL and certificate are published (`GET /crl/<logical>.crl`, `GET /ca/<logical>.crt`),
 * under the server's public URL. Every certificate a CA issues carries both, so relying parties find
 * the revocation list and the issuer without being told.
 */
export function publicationUrls(
  publicUrl: string,
  issuerLogicalName: string,
): { crlDistributionPoints: string[]; caIssuersUrls: string[] } {
  const name = encodeURIComponent(issuerLogicalName);
  return {
    crlDistributionPoints: [`${publicUrl}/crl/${name}.crl`],
    caIssuersUrls: [`${publicUrl}/ca/${name}.crt`],
  };
}

/** `host\logical` -> `logical`. */
export function logicalNameOf(configuration: string): string {
  return configuration.slice(configuration.indexOf('\\') + 1);
}
