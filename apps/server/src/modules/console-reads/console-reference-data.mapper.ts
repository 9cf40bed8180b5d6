import { type AuthorityView, type MetadataFieldView, type TemplateView } from '@certlab/contracts';
import { readCertificate } from '@certlab/pki';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { type MetadataFieldEntity } from '../metadata/metadata-field.entity';
import { type TemplateEntity } from '../templates/template.entity';

/** A CA with what its certificate says; publication URLs relative to the server. */
export function toAuthorityView(
  authority: CertificateAuthorityEntity,
  issuedCount: number,
): AuthorityView {
  const certificate = readCertificate(authority.certificatePem);
  const file = encodeURIComponent(authority.logicalName);
  return {
    id: authority.id,
    configName: authority.configName,
    logicalName: authority.logicalName,
    subject: authority.subject,
    parentId: authority.parentId,
    isRoot: authority.isRoot,
    keyAlgorithm: authority.keyAlgorithm,
    signatureAlgorithm: certificate.signatureAlgorithm,
    thumbprint: authority.thumbprint,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    certificateUrl: `/ca/${file}.crt`,
    crlUrl: `/crl/${file}.crl`,
    issuedCount,
  };
}

export function toTemplateView(template: TemplateEntity): TemplateView {
  return {
    id: template.id,
    shortName: template.shortName,
    displayName: template.displayName,
    keyAlgorithm: template.keyAlgorithm,
    validityDays: template.validityDays,
    extendedKeyUsages: template.extendedKeyUsages,
    requiresApproval: template.requiresApproval,
    authorityIds: template.allowedAuthorities
      .map((authority) => authority.id)
      .sort((a, b) => a - b),
  };
}

export function toMetadataFieldView(field: MetadataFieldEntity): MetadataFieldView {
  return {
    id: field.id,
    name: field.name,
    description: field.description,
    dataType: field.dataType,
    hint: field.hint,
    validation: field.validation,
    message: field.message,
    enrollment: field.enrollment,
    options: field.options,
    defaultValue: field.defaultValue,
    displayOrder: field.displayOrder,
  };
}
