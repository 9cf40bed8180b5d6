import { z } from 'zod';
import { limitParam, pageParam } from './params';

/*
 * Migration campaigns (`/api/campaigns`, docs/server.md "Migration campaigns"): every certificate
 * a query matches moves to another CA, planned before anything happens.
 */

export const CAMPAIGN_STATES = [
  'planned',
  'running',
  'paused',
  'completed',
  'cancelled',
  'failed',
] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** Where a running campaign is: delivering the new CA chain, moving leaves, or finished. */
export const CAMPAIGN_PHASES = ['planned', 'trust', 'leaves', 'done'] as const;
export type CampaignPhase = (typeof CAMPAIGN_PHASES)[number];

export const CAMPAIGN_ITEM_STATES = [
  'pending',
  'issued',
  'delivered',
  'retired',
  'failed',
  'blocked',
  'cancelled',
] as const;
export type CampaignItemState = (typeof CAMPAIGN_ITEM_STATES)[number];

/**
 * planned → scheduled (job written) → confirmed (job Succeeded) | failed; `present` when the trust
 * store already held the CA certificate at planning time (nothing to send).
 */
export const TRUST_DELIVERY_STATES = [
  'planned',
  'present',
  'scheduled',
  'confirmed',
  'failed',
] as const;
export type TrustDeliveryState = (typeof TRUST_DELIVERY_STATES)[number];

/** Why a certificate cannot take part, in order of precedence (the first that applies). */
export const BLOCKED_CODES = [
  'REVOKED',
  'SUPERSEDED',
  'IN_OTHER_CAMPAIGN',
  'NO_TEMPLATE',
  'TEMPLATE_NOT_ALLOWED',
  'TEMPLATE_REQUIRES_APPROVAL',
  'ALREADY_ON_TARGET',
  'NO_KEY_ALGORITHM',
  'NOT_IN_STORE',
  'STORE_NOT_APPROVED',
  'NO_AGENT',
  'AGENT_NOT_APPROVED',
] as const;
export type BlockedCode = (typeof BLOCKED_CODES)[number];

/** `POST /api/campaigns`: plan a campaign. Unknown properties are refused. */
export const CreateCampaignSchema = z.strictObject({
  name: z.string().trim().min(1, 'name must not be empty').max(255),
  query: z.string().trim().min(1, 'query must not be empty').max(4096),
  sourceCA: z.string().min(1).max(255).optional(),
  targetCA: z.string({ error: 'targetCA is required' }).min(1).max(255),
  targetTemplate: z.string().min(1).max(128).optional(),
  batchSize: z.number().int().min(1).max(1000).default(50),
  trustFirst: z.boolean().default(false),
  retireOld: z.boolean().default(false),
});
export type CreateCampaignRequest = z.input<typeof CreateCampaignSchema>;

export const CampaignPlanQuerySchema = z.strictObject({
  page: pageParam,
  limit: limitParam(1000, 5000),
});

export const CampaignItemsQuerySchema = z.strictObject({
  state: z.enum(CAMPAIGN_ITEM_STATES).optional(),
  page: pageParam,
  limit: limitParam(100, 5000),
});

export interface CampaignView {
  id: number;
  name: string;
  query: string;
  sourceCA: string | null;
  targetCA: string | null;
  targetTemplate: string | null;
  batchSize: number;
  trustFirst: boolean;
  retireOld: boolean;
  state: CampaignState;
  phase: CampaignPhase;
  message: string | null;
  warnings: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  /** Items per state, and all of them. */
  progress: Record<CampaignItemState, number> & { total: number };
  /** Trust deliveries per state, and all of them. */
  trust: Record<TrustDeliveryState, number> & { total: number };
}

/** A per-certificate result (`GET /api/campaigns/{id}/items`). */
export interface CampaignItemView {
  itemId: number;
  certificateId: number;
  commonName: string | null;
  subject: string;
  thumbprint: string;
  batch: number | null;
  state: CampaignItemState;
  blockedCode: BlockedCode | null;
  message: string | null;
  newCertificateId: number | null;
  newThumbprint: string | null;
  updatedAt: string;
}

/** What a certificate is issued with, before (its own) and after (the campaign's target). */
export interface CampaignIssuance {
  issuer: string | null;
  template: string | null;
  keyAlgorithm: string | null;
  /** Subjects from the issuing CA up to the root. */
  chain: string[];
}

export interface CampaignPlanItem extends CampaignItemView {
  blocked: { code: BlockedCode; message: string | null } | null;
  current: CampaignIssuance;
  next: CampaignIssuance;
  stores: {
    id: string;
    machine: string;
    path: string;
    alias: string;
    agent: { machine: string; approved: boolean; online: boolean } | null;
  }[];
}

/** One property that changes besides the issuer, over the items that will move. */
export interface CampaignChange {
  /** `keyAlgorithm`, `extendedKeyUsages`, `validityDays`, `subjectAltNames`, `chain`. */
  field: string;
  /** Items whose value changes, of those that will move. */
  items: number;
  /** From → to with how many items go that way, most common first. */
  transitions: { from: string; to: string; items: number }[];
}

/** `GET /api/campaigns/{id}/plan`. */
export interface CampaignPlanView {
  campaignId: number;
  state: CampaignState;
  target: {
    ca: string | null;
    template: string | null;
    keyAlgorithm: string | null;
    chain: string[];
  };
  summary: {
    certificates: number;
    migrate: number;
    blocked: number;
    batches: number;
    blockedByReason: Partial<Record<BlockedCode, number>>;
    /** Machines and stores the movable items sit in, and the agents that serve them. */
    machines: number;
    stores: number;
  };
  /** What changes besides the issuer, over the items that will move (all of them, not the page). */
  changes: CampaignChange[];
  warnings: string[];
  trust: {
    enabled: boolean;
    deliveries: {
      store: { id: string; machine: string; path: string };
      certificate: { ca: string | null; subject: string | null; thumbprint: string | null };
      state: TrustDeliveryState;
      jobId: string | null;
      message: string | null;
    }[];
  };
  items: CampaignPlanItem[];
  page: number;
  limit: number;
  total: number;
}
