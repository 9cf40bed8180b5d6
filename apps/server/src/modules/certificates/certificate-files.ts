import { Injectable } from '@nestjs/common';
import { readCertificate } from '@certlab/pki';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateEntity } from './certificate.entity';

/** A certificate as files people and tools download: DER, PEM, or PEM with its chain. */
@Injectable()
export class CertificateFiles {
  constructor(private readonly authorities: AuthoritiesService) {}

  der(certificate: Pick<CertificateEntity, 'certificatePem'>): Uint8Array {
    return readCertificate(certificate.certificatePem).der;
  }

  pem(certificate: Pick<CertificateEntity, 'certificatePem'>): string {
    return readCertificate(certificate.certificatePem).pem;
  }

  /**
   * Leaf first, then the issuing CA, then up to the root: the order TLS servers and most tools
   * expect. A certificate no lab CA issued has no chain certlab knows: the leaf alone.
   */
  async pemWithChain(
    certificate: Pick<CertificateEntity, 'certificatePem' | 'authorityId'>,
  ): Promise<string> {
    const chain =
      certificate.authorityId === null
        ? []
        : await this.authorities.chainOf(certificate.authorityId);
    return [readCertificate(certificate.certificatePem), ...chain]
      .map((member) => member.pem)
      .join('');
  }
}
