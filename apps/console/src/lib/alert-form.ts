import {
  type AlertInput,
  AlertInputSchema,
  type AlertView,
  type AuthorityView,
  type CollectionInput,
  CollectionInputSchema,
  type TemplateView,
} from '@certlab/contracts';
import { issuesByField, parseWholeNumber } from './form-errors';

/*
 * The expiration alert form and the collection form: what a person types, checked with the
 * server's schemas before anything is sent.
 */

/** Tokens the server replaces in Subject, Message and Recipients (docs/server.md, "Tokens"). */
export const ALERT_TOKENS: readonly { token: string; means: string }[] = [
  { token: '{cn}', means: 'common name' },
  { token: '{certnotafterdate}', means: 'NotAfter (ISO-8601)' },
  { token: '{certnotbeforedate}', means: 'NotBefore (ISO-8601)' },
  { token: '{serial}', means: 'serial number' },
  { token: '{thumbprint}', means: 'thumbprint' },
  { token: '{certemail}', means: 'metadata Email-Contact' },
  { token: '{issuercn}', means: "issuer's common name" },
  { token: '{template}', means: 'template short name' },
];

export interface AlertForm {
  displayName: string;
  subject: string;
  message: string;
  warningDays: string;
  /** The collection's id as text; '' until one is chosen. */
  collectionId: string;
  /** One per line or separated by commas. */
  recipients: string;
  renewalEnabled: boolean;
  /** '' takes each certificate's own. */
  template: string;
  caConfiguration: string;
}

export function emptyAlertForm(): AlertForm {
  return {
    displayName: '',
    subject: 'Certificate {cn} expires on {certnotafterdate}',
    message: 'The certificate {cn} (serial {serial}) expires on {certnotafterdate}.',
    warningDays: '30',
    collectionId: '',
    recipients: '{certemail}',
    renewalEnabled: false,
    template: '',
    caConfiguration: '',
  };
}

export function alertFormFromView(alert: AlertView): AlertForm {
  return {
    displayName: alert.displayName,
    subject: alert.subject,
    message: alert.message,
    warningDays: String(alert.warningDays),
    collectionId: String(alert.collection.id),
    recipients: alert.recipients.join('\n'),
    renewalEnabled: alert.renewal.enabled,
    template: alert.renewal.template ?? '',
    caConfiguration: alert.renewal.caConfiguration ?? '',
  };
}

export function splitRecipients(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((recipient) => recipient.trim())
    .filter((recipient) => recipient !== '');
}

export function toAlertInput(form: AlertForm): AlertInput {
  return {
    displayName: form.displayName,
    subject: form.subject,
    message: form.message,
    warningDays: parseWholeNumber(form.warningDays),
    collectionId: form.collectionId === '' ? 0 : parseWholeNumber(form.collectionId),
    recipients: splitRecipients(form.recipients),
    renewal: {
      enabled: form.renewalEnabled,
      template: form.renewalEnabled && form.template !== '' ? form.template : null,
      caConfiguration:
        form.renewalEnabled && form.caConfiguration !== '' ? form.caConfiguration : null,
    },
  };
}

/**
 * Problems by field; empty when the server's schema accepts the form and the handler's template
 * and CA (when both are named) go together.
 */
export function validateAlertForm(
  form: AlertForm,
  templates: readonly TemplateView[],
  authorities: readonly AuthorityView[],
): Record<string, string> {
  const parsed = AlertInputSchema.safeParse(toAlertInput(form));
  const problems = parsed.success ? {} : issuesByField(parsed.error);
  if (problems.collectionId) problems.collectionId = 'Choose the collection the alert watches.';
  if (problems.warningDays)
    problems.warningDays = 'Warning days must be a whole number from 1 to 36500.';
  if (form.renewalEnabled && form.template !== '' && form.caConfiguration !== '') {
    const template = templates.find((candidate) => candidate.shortName === form.template);
    const authority = authorities.find(
      (candidate) => candidate.configName === form.caConfiguration,
    );
    if (template && authority && !template.authorityIds.includes(authority.id))
      problems.caConfiguration = `${authority.configName} does not offer the template ${template.shortName}.`;
  }
  return problems;
}

export interface CollectionForm {
  name: string;
  description: string;
  query: string;
}

export function toCollectionInput(form: CollectionForm): CollectionInput {
  return { name: form.name, description: form.description, query: form.query };
}

export function validateCollectionForm(form: CollectionForm): Record<string, string> {
  const parsed = CollectionInputSchema.safeParse(toCollectionInput(form));
  return parsed.success ? {} : issuesByField(parsed.error);
}
