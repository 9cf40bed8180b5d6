import { readCertificate } from '@certlab/pki';

/**
 * A CA certificate (basicConstraints cA): a lab authority's own certificate, as a campaign's trust
 * first delivers it to trust stores. certlab renews leaves; a CA certificate is renewed by its CA's
 * own lifecycle, never as a leaf under some template.
 */
export function isCaCertificate(certificate: { certificatePem: string }): boolean {
  return readCertificate(certificate.certificatePem).isCa;
}
