/*
 * Why a certificate cannot take part in a migration campaign. Pure: the planner gathers the
 * facts with a few set queries and asks this for every candidate, in this order of precedence.
 */

import { type BlockedCode } from '@certlab/contracts';

// The codes and their order of precedence are the console's too (contracts).
export { BLOCKED_CODES, type BlockedCode } from '@certlab/contracts';

export interface Blocked {
  code: BlockedCode;
  message: string;
}

export interface CandidateFacts {
  certificateId: number;
  revoked: boolean;
  /** The first certificate that renewed this one, if any. */
  supersededBy: number | null;
  /** A running or paused campaign that still has this certificate to move. */
  otherCampaignId: number | null;
  authorityId: number | null;
  keyAlgorithm: string;
  /** The template the new certificate gets (campaign's, or the certificate's own). */
  template: {
    id: number;
    shortName: string;
    allowedAuthorityIds: readonly number[];
    requiresApproval: boolean;
  } | null;
  /** The certificate's own template id. */
  ownTemplateId: number | null;
  stores: readonly {
    machine: string;
    approved: boolean;
    agent: { approved: boolean; status: string } | null;
  }[];
}

export interface CampaignTarget {
  authorityId: number;
  authorityName: string;
}

export function blockedReason(facts: CandidateFacts, target: CampaignTarget): Blocked | null {
  const id = facts.certificateId;
  if (facts.revoked) return { code: 'REVOKED', message: `Certificate ${id} is revoked.` };
  if (facts.supersededBy !== null) {
    return {
      code: 'SUPERSEDED',
      message: `Certificate ${id} was already renewed by certificate ${facts.supersededBy}.`,
    };
  }
  if (facts.otherCampaignId !== null) {
    return {
      code: 'IN_OTHER_CAMPAIGN',
      message: `Certificate ${id} is still being moved by campaign ${facts.otherCampaignId}.`,
    };
  }
  const template = facts.template;
  if (!template) {
    return {
      code: 'NO_TEMPLATE',
      message: `Certificate ${id} has no template and the campaign names none.`,
    };
  }
  if (!template.allowedAuthorityIds.includes(target.authorityId)) {
    return {
      code: 'TEMPLATE_NOT_ALLOWED',
      message: `Template "${template.shortName}" is not available on certificate authority "${target.authorityName}".`,
    };
  }
  if (template.requiresApproval) {
    return {
      code: 'TEMPLATE_REQUIRES_APPROVAL',
      message: `Template "${template.shortName}" requires manager approval; a campaign issues without it.`,
    };
  }
  if (facts.authorityId === target.authorityId && facts.ownTemplateId === template.id) {
    return {
      code: 'ALREADY_ON_TARGET',
      message: `Certificate ${id} was already issued by "${target.authorityName}" with template "${template.shortName}".`,
    };
  }
  if (facts.keyAlgorithm.trim() === '') {
    return {
      code: 'NO_KEY_ALGORITHM',
      message: `Certificate ${id} has no recorded key algorithm.`,
    };
  }
  if (facts.stores.length === 0) {
    return { code: 'NOT_IN_STORE', message: `Certificate ${id} is not in any certificate store.` };
  }
  for (const store of facts.stores) {
    if (!store.approved) {
      return {
        code: 'STORE_NOT_APPROVED',
        message: `A store of certificate ${id} on ${store.machine} is not approved.`,
      };
    }
    if (!store.agent) {
      return { code: 'NO_AGENT', message: `No agent is registered for machine ${store.machine}.` };
    }
    if (!store.agent.approved) {
      return {
        code: 'AGENT_NOT_APPROVED',
        message: `The agent of machine ${store.machine} is not approved (${store.agent.status}).`,
      };
    }
  }
  return null;
}
