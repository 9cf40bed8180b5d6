import { CAMPAIGN_ITEM_STATES } from './campaign-item.entity';
import { TRUST_DELIVERY_STATES } from './campaign-trust-delivery.entity';
import { type CampaignView, type PlanItemRow, type PlanView } from './campaigns.service';

/** Wire shapes of /api/campaigns; entities never cross the wire. */

export function toCampaign(view: CampaignView) {
  const { campaign, authorities, templates } = view;
  const progress = Object.fromEntries(
    CAMPAIGN_ITEM_STATES.map((state) => [state, view.progress[state] ?? 0]),
  );
  const total = Object.values(progress).reduce((sum, count) => sum + count, 0);
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
    progress: { total, ...progress },
    trust: {
      total: Object.values(view.trust).reduce((sum, count) => sum + count, 0),
      ...Object.fromEntries(TRUST_DELIVERY_STATES.map((state) => [state, view.trust[state] ?? 0])),
    },
  };
}

export function toItem({ item, commonName, subject, thumbprint, newThumbprint }: PlanItemRow) {
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

export function toPlan(view: PlanView, paging: { page: number; limit: number }) {
  const { campaign, authorities, templates, chains } = view;
  const target = authorities.get(campaign.targetAuthorityId);
  const targetTemplate =
    campaign.targetTemplateId === null ? undefined : templates.get(campaign.targetTemplateId);
  const summary = toCampaign(view);
  const agentOf = (machine: string) => {
    const agent = view.agents.get(machine);
    return agent ? { machine, approved: agent.status === 2, online: view.online(agent) } : null;
  };
  return {
    campaignId: campaign.id,
    state: campaign.state,
    target: {
      ca: target?.configName ?? null,
      template: targetTemplate?.shortName ?? null,
      keyAlgorithm: targetTemplate?.keyAlgorithm ?? null,
      chain: chains.get(campaign.targetAuthorityId) ?? [],
    },
    summary: {
      certificates: summary.progress.total,
      migrate: summary.progress.total - view.blockedTotal,
      blocked: view.blockedTotal,
      batches: view.batches,
      blockedByReason: view.blockedByReason,
    },
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
    items: view.items.map((row) => {
      const { item } = row;
      const oldAuthority =
        item.oldAuthorityId === null ? undefined : authorities.get(item.oldAuthorityId);
      const oldTemplate =
        item.oldTemplateId === null ? undefined : templates.get(item.oldTemplateId);
      const newTemplate =
        item.newTemplateId === null ? undefined : templates.get(item.newTemplateId);
      return {
        ...toItem(row),
        blocked:
          item.blockedCode === null ? null : { code: item.blockedCode, message: item.message },
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
          chain: chains.get(campaign.targetAuthorityId) ?? [],
        },
        stores: item.stores.map((store) => ({ ...store, agent: agentOf(store.machine) })),
      };
    }),
    page: paging.page,
    limit: paging.limit,
    total: view.total,
  };
}
