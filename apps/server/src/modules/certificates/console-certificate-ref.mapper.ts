import { type CertificateRef, certificateState } from '@certlab/contracts';
import { type CertificateEntity } from './certificate.entity';

/** A certificate as other console views refer to it; its state on the lab clock's `now`. */
export function toCertificateRef(certificate: CertificateEntity, now: Date): CertificateRef {
  return {
    id: certificate.id,
    commonName: certificate.commonName,
    thumbprint: certificate.thumbprint,
    notAfter: certificate.notAfter.toISOString(),
    state: certificateState(certificate, now),
  };
}
