import { Injectable } from '@nestjs/common';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { TemplatesService } from '../templates/templates.service';
import { type AvailableRenewal, availableRenewal } from './policies/available-renewal.policy';

/** `GET /Enrollment/AvailableRenewal/...`: loads what the availability policy decides on. */
@Injectable()
export class KeyfactorRenewalAvailability {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
  ) {}

  async byId(id: number): Promise<AvailableRenewal> {
    return this.decide(await this.certificates.get(id));
  }

  async byThumbprint(thumbprint: string): Promise<AvailableRenewal> {
    return this.decide(await this.certificates.findByThumbprint(thumbprint));
  }

  private async decide(certificate: CertificateEntity): Promise<AvailableRenewal> {
    const [templates, authorities] = await Promise.all([
      this.templates.list(),
      this.authorities.list(),
    ]);
    return availableRenewal(
      certificate,
      templates.map((template) => ({
        id: template.id,
        shortName: template.shortName,
        allowedAuthorityIds: template.allowedAuthorities.map((authority) => authority.id),
      })),
      authorities,
    );
  }
}
