import {
  BLOCKED_CODES,
  type BlockedCode,
  CAMPAIGN_ITEM_STATES,
  type CampaignItemView,
  type CampaignPlanItem,
  type CampaignPlanView,
  type CampaignView,
  TRUST_DELIVERY_STATES,
} from '@certlab/contracts';
import { AgentStatus } from '../agents/agent.entity';
import { type PlanReach } from './campaign-plan-changes';
import {
  type CampaignView as CampaignReadModel,
  type PlanItemRow,
  type PlanView,
} from './campaigns.service';

/** Answers of /api/campaigns, typed by the contracts; entities never cross the wire. */

export function toCampaign(view: CampaignReadModel): CampaignView {
  const { campaign, authorities, templates } = view;
  const progress = Object.fromEntries(
    CAMPAIGN_ITEM_STATES.map((state) => [state, view.progress[state] ?? 0]),
  ) as Record<(typeof CAMPAIGN_ITEM_STATES)[number], number>;
  const trust = Object.fromEntries(
    TRUST_DELIVERY_STATES.map((state) => [state, view.trust[state] ?? 0]),
  ) as Record<(typeof TRUST_DELIVERY_STATES)[number], number>;
  const sum = (counts: Record<string, number>) =>
    Object.values(counts).reduce((total, count) => total + count, 0);
  return {
    id: campaign.id,
    name: campaign.name,
    query: campaign.query,
    sourceCA:
      campaign.sourceAuthorityId === null
        ? null
        : (authorities.get(campaign.sourceAuthorityId)?.configName ?? null),
    targetCA: authorities.get(campaign.targetAuthorityId)?.configName ?? null,
    targetTemplate:
      campaign.targetTemplateId === null
        ? null
        : (templates.get(campaign.targetTemplateId)?.shortName ?? null),
    batchSize: campaign.batchSize,
    trustFirst: campaign.trustFirst,
    retireOld: campaign.retireOld,
    state: campaign.state,
    phase: campaign.phase,
    message: campaign.message,
    warnings: campaign.warnings,
    createdBy: campaign.createdBy,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
    startedAt: campaign.startedAt?.toISOString() ?? null,
    completedAt: campaign.completedAt?.toISOString() ?? null,
    progress: { total: sum(progress), ...progress },
    trust: { total: sum(trust), ...trust },
  };
}

export function toItem(row: PlanItemRow): CampaignItemView {
  const { item, commonName, subject, thumbprint, newThumbprint } = row;
  return {
    itemId: item.id,
    certificateId: item.certificateId,
    commonName,
    subject,
    thumbprint,
    batch: item.batch,
    state: item.state,
    blockedCode: item.blockedCode,
    message: item.message,
    newCertificateId: item.newCertificateId,
    newThumbprint,
    updatedAt: item.updatedAt.toISOString(),
  };
}

export function toPlan(
  view: PlanView,
  reach: PlanReach,
  paging: { page: number; limit: number },
): CampaignPlanView {
  const { campaign, authorities, templates, chains } = view;
  const target = authorities.get(campaign.targetAuthorityId);
  const targetTemplate =
    campaign.targetTemplateId === null ? undefined : templates.get(campaign.targetTemplateId);
  const summary = toCampaign(view);
  const targetChain = chains.get(campaign.targetAuthorityId) ?? [];
  const agentOf = (machine: string) => {
    const agent = view.agents.get(machine);
    return agent
      ? { machine, approved: agent.status === AgentStatus.Approved, online: view.online(agent) }
      : null;
  };
  const planItem = (row: PlanItemRow): CampaignPlanItem => {
    const { item } = row;
    const oldAuthority =
      item.oldAuthorityId === null ? undefined : authorities.get(item.oldAuthorityId);
    const oldTemplate = item.oldTemplateId === null ? undefined : templates.get(item.oldTemplateId);
    const newTemplate = item.newTemplateId === null ? undefined : templates.get(item.newTemplateId);
    return {
      ...toItem(row),
      blocked: item.blockedCode === null ? null : { code: item.blockedCode, message: item.message },
      current: {
        issuer: oldAuthority?.configName ?? null,
        template: oldTemplate?.shortName ?? null,
        keyAlgorithm: item.oldKeyAlgorithm,
        chain: item.oldAuthorityId === null ? [] : (chains.get(item.oldAuthorityId) ?? []),
      },
      next: {
        issuer: target?.configName ?? null,
        template: newTemplate?.shortName ?? null,
        keyAlgorithm: newTemplate?.keyAlgorithm ?? null,
        chain: targetChain,
      },
      stores: item.stores.map((store) => ({ ...store, agent: agentOf(store.machine) })),
    };
  };
  return {
    campaignId: campaign.id,
    state: campaign.state,
    target: {
      ca: target?.configName ?? null,
      template: targetTemplate?.shortName ?? null,
      keyAlgorithm: targetTemplate?.keyAlgorithm ?? null,
      chain: targetChain,
    },
    summary: {
      certificates: summary.progress.total,
      migrate: summary.progress.total - view.blockedTotal,
      blocked: view.blockedTotal,
      batches: view.batches,
      blockedByReason: blockedByReason(view.blockedByReason),
      machines: reach.machines,
      stores: reach.stores,
    },
    changes: reach.changes,
    warnings: campaign.warnings,
    trust: {
      enabled: campaign.trustFirst,
      deliveries: view.trustDeliveries.map(({ delivery, store }) => {
        const authority = authorities.get(delivery.authorityId);
        return {
          store: { id: store.id, machine: store.clientMachine, path: store.storePath },
          certificate: {
            ca: authority?.configName ?? null,
            subject: authority?.subject ?? null,
            thumbprint: authority?.thumbprint ?? null,
          },
          state: delivery.state,
          jobId: delivery.jobId,
          message: delivery.message,
        };
      }),
    },
    items: view.items.map(planItem),
    page: paging.page,
    limit: paging.limit,
    total: view.total,
  };
}

function blockedByReason(counts: Record<string, number>): Partial<Record<BlockedCode, number>> {
  return Object.fromEntries(
    BLOCKED_CODES.filter((code) => counts[code] !== undefined).map((code) => [code, counts[code]]),
  );
}
