import {
  type AuthorityView,
  type CertificateDetail,
  type MetadataFieldView,
  type MetadataProblem,
  mergeMetadata,
  MetadataEnrollment,
  type RenewRequest,
  type TemplateView,
} from '@certlab/contracts';
import { initialMetadataValue } from './metadata-inputs';

/*
 * The renew dialog's model: what it starts with (the certificate's template, CA, stores and
 * metadata), which template and CA combinations it offers (TemplateView.authorityIds), how it is
 * validated (`mergeMetadata`, the server's own rule) and the request it sends.
 */

export interface RenewForm {
  /** Template short name. */
  template: string;
  /** CA `host\logical` name. */
  caConfiguration: string;
  /** GUIDs of the stores to deliver to. */
  storeIds: string[];
  /** Every shown field's value as text (`'true'`/`'false'` for booleans). */
  metadata: Record<string, string>;
}

export interface RenewChoices {
  templates: readonly TemplateView[];
  authorities: readonly AuthorityView[];
  fields: readonly MetadataFieldView[];
}

/**
 * A CA certificate (it may sign certificates: keyCertSign), found in a trust store by an
 * inventory or delivered there by trust first. It is renewed with its CA, never as a leaf from
 * a leaf template, so the console offers no Renew for it.
 */
export function isCaCertificate(certificate: Pick<CertificateDetail, 'keyUsages'>): boolean {
  return certificate.keyUsages.includes('keyCertSign');
}

/** The lab CA a CA certificate is the certificate of (same thumbprint), if any. */
export function authorityOfCertificate(
  certificate: Pick<CertificateDetail, 'thumbprint'>,
  authorities: readonly AuthorityView[],
): AuthorityView | undefined {
  return authorities.find(
    (authority) => authority.thumbprint.toUpperCase() === certificate.thumbprint.toUpperCase(),
  );
}

/** Templates at least one CA of the lab offers. */
export function renewableTemplates(choices: RenewChoices): TemplateView[] {
  const known = new Set(choices.authorities.map((authority) => authority.id));
  return choices.templates.filter((template) => template.authorityIds.some((id) => known.has(id)));
}

/** The CAs that offer a template, by name; none for an unknown template. */
export function authoritiesForTemplate(
  choices: Pick<RenewChoices, 'templates' | 'authorities'>,
  templateShortName: string,
): AuthorityView[] {
  const template = choices.templates.find((candidate) => candidate.shortName === templateShortName);
  if (!template) return [];
  return choices.authorities.filter((authority) => template.authorityIds.includes(authority.id));
}

/** The certificate's stores, each once (a store can hold a certificate under one alias only). */
export function certificateStores(
  certificate: Pick<CertificateDetail, 'locations'>,
): { storeId: string; label: string; isTrustStore: boolean }[] {
  const seen = new Set<string>();
  const stores: { storeId: string; label: string; isTrustStore: boolean }[] = [];
  for (const location of certificate.locations) {
    if (seen.has(location.storeId)) continue;
    seen.add(location.storeId);
    stores.push({
      storeId: location.storeId,
      label: location.storeName,
      isTrustStore: location.isTrustStore,
    });
  }
  return stores;
}

/**
 * The form as the dialog opens: the original's template and CA when that pair is offered (else
 * the first pair that is), every store it sits in, and its metadata.
 */
export function initialRenewForm(certificate: CertificateDetail, choices: RenewChoices): RenewForm {
  const templates = renewableTemplates(choices);
  const own = templates.find((template) => template.shortName === certificate.template?.shortName);
  const onOwnCa = certificate.authority
    ? templates.find((template) => template.authorityIds.includes(certificate.authority?.id ?? -1))
    : undefined;
  const template = own ?? onOwnCa ?? templates[0];
  const offered = template ? authoritiesForTemplate(choices, template.shortName) : [];
  const authority =
    offered.find((candidate) => candidate.id === certificate.authority?.id) ?? offered[0];

  const metadata: Record<string, string> = {};
  for (const field of choices.fields) {
    if (field.enrollment === MetadataEnrollment.Hidden) continue;
    metadata[field.name] = initialMetadataValue(field, certificate.metadata);
  }
  return {
    template: template?.shortName ?? '',
    caConfiguration: authority?.configName ?? '',
    storeIds: certificateStores(certificate).map((store) => store.storeId),
    metadata,
  };
}

/** A new template keeps the CA when it offers it, else takes the first CA that does. */
export function withTemplate(
  form: RenewForm,
  choices: Pick<RenewChoices, 'templates' | 'authorities'>,
  templateShortName: string,
): RenewForm {
  const offered = authoritiesForTemplate(choices, templateShortName);
  const keeps = offered.some((authority) => authority.configName === form.caConfiguration);
  return {
    ...form,
    template: templateShortName,
    caConfiguration: keeps ? form.caConfiguration : (offered[0]?.configName ?? ''),
  };
}

export function withStore(form: RenewForm, storeId: string, selected: boolean): RenewForm {
  const rest = form.storeIds.filter((id) => id !== storeId);
  return { ...form, storeIds: selected ? [...rest, storeId] : rest };
}

export function withMetadata(form: RenewForm, field: string, value: string): RenewForm {
  return { ...form, metadata: { ...form.metadata, [field]: value } };
}

/**
 * The metadata the request carries: the fields whose value the person changed. An unchanged field
 * is left out, so the server keeps the original's value (or fills the default), and an emptied
 * one is sent as '' to clear it, as `mergeMetadata` reads an empty override.
 */
export function metadataOverrides(
  form: RenewForm,
  certificate: Pick<CertificateDetail, 'metadata'>,
  fields: readonly MetadataFieldView[],
): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const field of fields) {
    const value = form.metadata[field.name];
    if (value === undefined) continue;
    if (value !== initialMetadataValue(field, certificate.metadata)) overrides[field.name] = value;
  }
  return overrides;
}

export interface RenewValidation {
  template: string | null;
  caConfiguration: string | null;
  /** `mergeMetadata`'s problems, by field. */
  metadata: MetadataProblem[];
  valid: boolean;
}

/**
 * Validates as the server will: the pair must be offered, and `mergeMetadata` must accept the
 * very overrides the request will carry.
 */
export function validateRenewForm(
  form: RenewForm,
  certificate: Pick<CertificateDetail, 'metadata'>,
  choices: RenewChoices,
): RenewValidation {
  const template = choices.templates.find((candidate) => candidate.shortName === form.template);
  const templateProblem = template ? null : 'Choose a template.';
  const offered = template ? authoritiesForTemplate(choices, template.shortName) : [];
  const caProblem =
    form.caConfiguration === ''
      ? 'Choose a certificate authority.'
      : template && !offered.some((authority) => authority.configName === form.caConfiguration)
        ? `${form.caConfiguration} does not offer the template ${template.shortName}.`
        : null;
  const merged = mergeMetadata(
    choices.fields,
    certificate.metadata,
    metadataOverrides(form, certificate, choices.fields),
  );
  const metadata = merged.ok ? [] : merged.problems;
  return {
    template: templateProblem,
    caConfiguration: caProblem,
    metadata,
    valid: templateProblem === null && caProblem === null && metadata.length === 0,
  };
}

/** The body of `POST /api/certificates/{id}/renew`. */
export function toRenewRequest(
  form: RenewForm,
  certificate: Pick<CertificateDetail, 'metadata'>,
  fields: readonly MetadataFieldView[],
): RenewRequest {
  return {
    template: form.template,
    caConfiguration: form.caConfiguration,
    storeIds: [...form.storeIds],
    metadata: metadataOverrides(form, certificate, fields),
  };
}

/** The same renewal through the classic API (`POST /CMSApi/CertEnroll/3/Renew`), for teaching. */
export function classicRenewEquivalent(certificateId: number, request: RenewRequest): string {
  const body = {
    Lookup: { Type: 'CMSID', CMSID: certificateId },
    CertStores: request.storeIds ?? [],
    Template: request.template,
    CAConfiguration: request.caConfiguration,
    Metadata: request.metadata ?? {},
  };
  return `POST /CMSApi/CertEnroll/3/Renew\nContent-Type: application/json\n\n${JSON.stringify(body, null, 2)}`;
}
