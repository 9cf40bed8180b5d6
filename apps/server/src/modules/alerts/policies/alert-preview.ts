import { type PreviewAction } from '@certlab/contracts';

/*
 * What the renewal handler would do with one due certificate, said without doing it: the same
 * order of checks as a run (no handler, then no store, then the renewal's own template and CA
 * checks, then approval). Pure: the runner gathers the facts.
 */

export interface PreviewTemplate {
  shortName: string;
  requiresApproval: boolean;
  allowedAuthorityIds: readonly number[];
}

export interface PreviewAuthority {
  id: number;
  configName: string;
}

export interface PreviewFacts {
  /** The alert has the renewal handler and uses it. */
  handlerEnabled: boolean;
  /** Stores the certificate sits in: where the renewal would deliver. */
  stores: number;
  /** The handler's Template or the certificate's own; null when neither names one. */
  template: PreviewTemplate | null;
  /** The handler's CAConfiguration or the certificate's own CA; null when neither has one. */
  authority: PreviewAuthority | null;
}

export interface PreviewDecision {
  action: PreviewAction;
  stores: number;
  template: string | null;
  caConfiguration: string | null;
  /** Why it would be skipped, or why the renewal would fail. */
  note: string | null;
}

export function previewDecision(facts: PreviewFacts): PreviewDecision {
  const template = facts.template?.shortName ?? null;
  const caConfiguration = facts.authority?.configName ?? null;
  const decision = (action: PreviewAction, note: string | null = null): PreviewDecision => ({
    action,
    stores: facts.stores,
    template: action === 'report' ? null : template,
    caConfiguration: action === 'report' ? null : caConfiguration,
    note,
  });
  if (!facts.handlerEnabled) return decision('report');
  if (facts.stores === 0) return decision('skip', 'Not in any certificate store.');
  if (!facts.template) {
    return decision(
      'renew',
      'No template: the certificate has none and the handler names none; the renewal would fail.',
    );
  }
  if (!facts.authority) {
    return decision(
      'renew',
      'No CA: the certificate was not issued by a lab CA and the handler names none; the renewal would fail.',
    );
  }
  if (!facts.template.allowedAuthorityIds.includes(facts.authority.id)) {
    return decision(
      'renew',
      `Template "${facts.template.shortName}" is not available on certificate authority "${facts.authority.configName}": the renewal would fail.`,
    );
  }
  if (facts.template.requiresApproval) {
    return decision(
      'approval',
      `Template "${facts.template.shortName}" needs a manager's approval.`,
    );
  }
  return decision('renew');
}
