import {
  type AuthorityView,
  type CreateCampaignRequest,
  CreateCampaignSchema,
  type TemplateView,
} from '@certlab/contracts';
import { issuesByField, parseWholeNumber } from './form-errors';

/*
 * The new-campaign form: what a person types, checked with the server's own schema, and the
 * choices it offers (a target template must be one the target CA offers and that needs no
 * approval, since a campaign cannot wait for a manager per certificate).
 */

export interface CampaignForm {
  name: string;
  query: string;
  /** `host\logical`, '' for any issuing CA. */
  sourceCA: string;
  targetCA: string;
  /** '' keeps each certificate's own template. */
  targetTemplate: string;
  batchSize: string;
  trustFirst: boolean;
  retireOld: boolean;
}

export const DEFAULT_BATCH_SIZE = 50;

export function emptyCampaignForm(): CampaignForm {
  return {
    name: '',
    query: '',
    sourceCA: '',
    targetCA: '',
    targetTemplate: '',
    batchSize: String(DEFAULT_BATCH_SIZE),
    trustFirst: true,
    retireOld: false,
  };
}

/** CAs that issue leaves: those some template is offered on (roots sign only CAs). */
export function issuingAuthorities(
  authorities: readonly AuthorityView[],
  templates: readonly TemplateView[],
): AuthorityView[] {
  const offering = new Set(templates.flatMap((template) => template.authorityIds));
  return authorities.filter((authority) => offering.has(authority.id) || !authority.isRoot);
}

/** Templates the target CA offers that a campaign can use (no approval step). */
export function templatesForTarget(
  templates: readonly TemplateView[],
  authorities: readonly AuthorityView[],
  targetCA: string,
): TemplateView[] {
  const target = authorities.find((authority) => authority.configName === targetCA);
  if (!target) return [];
  return templates.filter(
    (template) => template.authorityIds.includes(target.id) && !template.requiresApproval,
  );
}

/** A new target CA drops a template it does not offer. */
export function withTargetCA(
  form: CampaignForm,
  templates: readonly TemplateView[],
  authorities: readonly AuthorityView[],
  targetCA: string,
): CampaignForm {
  const offered = templatesForTarget(templates, authorities, targetCA);
  const keeps = offered.some((template) => template.shortName === form.targetTemplate);
  return { ...form, targetCA, targetTemplate: keeps ? form.targetTemplate : '' };
}

export function toCreateCampaignRequest(form: CampaignForm): CreateCampaignRequest {
  return {
    name: form.name,
    query: form.query,
    ...(form.sourceCA !== '' ? { sourceCA: form.sourceCA } : {}),
    targetCA: form.targetCA,
    ...(form.targetTemplate !== '' ? { targetTemplate: form.targetTemplate } : {}),
    batchSize: parseWholeNumber(form.batchSize),
    trustFirst: form.trustFirst,
    retireOld: form.retireOld,
  };
}

/** Problems by form field ('' for the form as a whole); empty when the server's schema accepts it. */
export function validateCampaignForm(form: CampaignForm): Record<string, string> {
  const problems: Record<string, string> = {};
  const parsed = CreateCampaignSchema.safeParse(toCreateCampaignRequest(form));
  if (!parsed.success) Object.assign(problems, issuesByField(parsed.error));
  if (form.targetCA === '') problems.targetCA = 'Choose the CA to move the certificates to.';
  else if (form.sourceCA !== '' && form.sourceCA === form.targetCA && form.targetTemplate === '')
    problems.targetCA = 'The target is the source CA: choose another CA or a new template.';
  // The schema's own words for a number out of range are written for programmers.
  if (problems.batchSize) problems.batchSize = 'Batch size must be a whole number from 1 to 1000.';
  return problems;
}
