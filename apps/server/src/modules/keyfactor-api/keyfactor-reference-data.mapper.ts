import { resolveExtendedKeyUsages } from '@certlab/pki';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { type MetadataFieldEntity } from '../metadata/metadata-field.entity';
import { type TemplateEntity } from '../templates/template.entity';
import { extendedKeyUsageDisplayName, KeyType } from './keyfactor-enums';
import {
  type KeyfactorCertificateAuthority,
  type KeyfactorMetadataField,
  type KeyfactorTemplate,
  type KeyfactorTemplateDetails,
} from './keyfactor-models';
import { describeKeyAlgorithm } from './policies/key-description.policy';

/** Command's `AllowedEnrollmentTypes` flags: 1 PFX (server-generated key), 2 CSR. */
const ENROLLMENT_PFX = 1;
const ENROLLMENT_PFX_AND_CSR = 3;

/**
 * `CertificateAuthorityResponse`. certlab's CAs are neither Microsoft CAs nor gateways; the
 * fields a Microsoft CA would have get their "off" values. A CA that no template may issue from
 * (the roots) leaves `AllowedEnrollmentTypes` out: the document's enum has no "none".
 */
export function toKeyfactorAuthority(
  authority: CertificateAuthorityEntity,
  templates: readonly TemplateEntity[],
): KeyfactorCertificateAuthority {
  const issues = templates.some((template) =>
    template.allowedAuthorities.some((allowed) => allowed.id === authority.id),
  );
  return {
    Id: authority.id,
    LogicalName: authority.logicalName,
    HostName: authority.hostName,
    ConfigurationTenant: configurationTenant(authority.hostName),
    Delegate: false,
    DelegateEnrollment: false,
    Remote: false,
    Standalone: false,
    MonitorThresholds: false,
    RFCEnforcement: false,
    Properties: '{}',
    ...(issues ? { AllowedEnrollmentTypes: ENROLLMENT_PFX_AND_CSR } : {}),
    KeyRetention: 0,
    KeyRetentionDays: 0,
    ExplicitCredentials: false,
    SubscriberTerms: false,
    UseAllowedRequesters: false,
    AllowedRequesters: [],
    CAType: 0,
    EnforceUniqueDN: false,
  };
}

/** `TemplateCollectionRetrievalResponse`: CommonName is the short name requests use. */
export function toKeyfactorTemplate(template: TemplateEntity): KeyfactorTemplate {
  const key = describeKeyAlgorithm(template.keyAlgorithm);
  return {
    Id: template.id,
    CommonName: template.shortName,
    TemplateName: template.displayName,
    FriendlyName: template.displayName,
    DisplayName: template.displayName,
    KeySize: String(key.bits),
    KeyType: key.keyTypeString,
    ConfigurationTenant: '',
    KeyRetention: 0,
    KeyRetentionDays: 0,
    KeyArchival: false,
    EnrollmentFields: [],
    // certlab renews with server-generated keys only; the document's enum has no PFX+CSR value.
    AllowedEnrollmentTypes: ENROLLMENT_PFX,
    TemplateRegexes: [],
    UseAllowedRequesters: false,
    AllowedRequesters: [],
    RequiresApproval: template.requiresApproval,
    ExtendedKeyUsages: resolveExtendedKeyUsages(template.extendedKeyUsages).map((oid, index) => ({
      Id: index + 1,
      Oid: oid,
      DisplayName: extendedKeyUsageDisplayName(oid),
    })),
  };
}

/** `TemplateRetrievalResponse`: the list model plus the policy the template's key algorithm implies. */
export function toKeyfactorTemplateDetails(template: TemplateEntity): KeyfactorTemplateDetails {
  const key = describeKeyAlgorithm(template.keyAlgorithm);
  return {
    ...toKeyfactorTemplate(template),
    MetadataFields: [],
    TemplateDefaults: [],
    TemplatePolicy: {
      TemplateId: template.id,
      RSAValidKeySizes: key.keyType === KeyType.RSA ? [key.bits] : [],
      ECCValidCurves: key.curveOid === null ? [] : [key.curveOid],
      AllowKeyReuse: false,
      AllowWildcards: true,
      RFCEnforcement: false,
    },
    RFCEnforcement: false,
    Curve: key.curveOid,
  };
}

export function toKeyfactorMetadataField(field: MetadataFieldEntity): KeyfactorMetadataField {
  return {
    Id: field.id,
    Name: field.name,
    Description: field.description,
    DataType: field.dataType,
    Hint: field.hint ?? '',
    Validation: field.validation ?? '',
    Enrollment: field.enrollment,
    Message: field.message ?? '',
    Options: field.options ?? '',
    DefaultValue: field.defaultValue ?? '',
    DisplayOrder: field.displayOrder,
  };
}

/** Command's configuration tenant is the CA's forest: the host name without its first label. */
function configurationTenant(hostName: string): string {
  const dot = hostName.indexOf('.');
  return dot < 0 ? hostName : hostName.slice(dot + 1);
}
