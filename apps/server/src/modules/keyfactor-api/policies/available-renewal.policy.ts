import { AvailableRenewalType } from '../keyfactor-enums';

export interface RenewalCandidate {
  id: number;
  templateId: number | null;
  authorityId: number | null;
}

export interface TemplateOnAuthorities {
  id: number;
  shortName: string;
  allowedAuthorityIds: readonly number[];
}

export interface AuthorityName {
  id: number;
  configName: string;
}

export interface AvailableRenewal {
  type: AvailableRenewalType;
  message: string;
}

/**
 * What `POST /Enrollment/Renew` can do for a certificate. One-click (2): the certificate's own
 * template and CA still exist and the template is still allowed on that CA, so Renew needs neither
 * `Template` nor `CertificateAuthority`. Seed (1): some template is allowed on some CA, so a Renew
 * that names both works. None (0): nothing can issue.
 */
export function availableRenewal(
  certificate: RenewalCandidate,
  templates: readonly TemplateOnAuthorities[],
  authorities: readonly AuthorityName[],
): AvailableRenewal {
  const template = templates.find((candidate) => candidate.id === certificate.templateId);
  const authority = authorities.find((candidate) => candidate.id === certificate.authorityId);
  if (template && authority && template.allowedAuthorityIds.includes(authority.id)) {
    return {
      type: AvailableRenewalType.OneClick,
      message: `One click renewal is available for certificate ${certificate.id}: template ${template.shortName} on ${authority.configName}.`,
    };
  }

  const known = new Set(authorities.map((candidate) => candidate.id));
  const seedPossible = templates.some((candidate) =>
    candidate.allowedAuthorityIds.some((id) => known.has(id)),
  );
  if (!seedPossible) {
    return {
      type: AvailableRenewalType.None,
      message: `Certificate ${certificate.id} cannot be renewed: no template is available on any certificate authority.`,
    };
  }
  return {
    type: AvailableRenewalType.Seed,
    message: `One click renewal is not available for certificate ${certificate.id}: ${whyNotOneClick(certificate, template, authority)} Renew it with Template and CertificateAuthority.`,
  };
}

function whyNotOneClick(
  certificate: RenewalCandidate,
  template: TemplateOnAuthorities | undefined,
  authority: AuthorityName | undefined,
): string {
  if (certificate.templateId === null) return 'it was not issued from a template.';
  if (!template) return `its template (id ${certificate.templateId}) no longer exists.`;
  if (certificate.authorityId === null) return 'it was not issued by a lab certificate authority.';
  if (!authority)
    return `its certificate authority (id ${certificate.authorityId}) no longer exists.`;
  return `template ${template.shortName} is no longer available on ${authority.configName}.`;
}
