import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AgentEntity } from '../agents/agent.entity';
import { AuditService } from '../audit/audit.service';
import { LiveEvents } from '../live-events/live-events.service';
import { type Actor } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { CertificateEntity } from '../certificates/certificate.entity';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { type TemplateEntity } from '../templates/template.entity';
import { TemplatesService } from '../templates/templates.service';
import { CampaignEntity, type CampaignPhase, type CampaignState } from './campaign.entity';
import { CampaignItemEntity, type CampaignItemState } from './campaign-item.entity';
import { CampaignTrustDeliveryEntity } from './campaign-trust-delivery.entity';
import { type CampaignDraft, CampaignPlanner } from './campaign-planner.service';
import { CampaignRunner } from './campaign-runner.service';
import { CampaignErrors } from './campaigns.errors';

export interface Paging {
  page: number;
  limit: number;
}

/** What the read endpoints show, gathered with one query per table. */
export interface CampaignView {
  campaign: CampaignEntity;
  authorities: Map<number, CertificateAuthorityEntity>;
  templates: Map<number, TemplateEntity>;
  progress: Partial<Record<CampaignItemState, number>>;
  trust: Record<string, number>;
}

export interface PlanItemRow {
  item: CampaignItemEntity;
  commonName: string | null;
  subject: string;
  thumbprint: string;
  newThumbprint: string | null;
}

export interface PlanView extends CampaignView {
  blockedByReason: Record<string, number>;
  blockedTotal: number;
  batches: number;
  online: (agent: AgentEntity) => boolean;
  chains: Map<number, string[]>;
  agents: Map<string, AgentEntity>;
  trustDeliveries: { delivery: CampaignTrustDeliveryEntity; store: CertificateStoreEntity }[];
  items: PlanItemRow[];
  total: number;
}

/** Agents seen within this long count as online in the plan. */
const ONLINE_WINDOW_MS = 5 * 60_000;

/** Campaign use cases behind /api/campaigns: plan, read, and the state changes the runner obeys. */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectRepository(CampaignEntity)
    private readonly campaigns: Repository<CampaignEntity>,
    @InjectRepository(CampaignItemEntity)
    private readonly items: Repository<CampaignItemEntity>,
    @InjectRepository(CampaignTrustDeliveryEntity)
    private readonly trustDeliveries: Repository<CampaignTrustDeliveryEntity>,
    @InjectRepository(CertificateStoreEntity)
    private readonly stores: Repository<CertificateStoreEntity>,
    @InjectRepository(AgentEntity)
    private readonly agents: Repository<AgentEntity>,
    private readonly planner: CampaignPlanner,
    private readonly runner: CampaignRunner,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly events: LiveEvents,
  ) {}

  async create(draft: CampaignDraft, actor: Actor): Promise<CampaignView> {
    const campaign = await this.planner.create(draft, actor);
    this.events.publish({ type: 'campaign', ids: [campaign.id] });
    return this.view(campaign.id);
  }

  async list(): Promise<CampaignView[]> {
    const campaigns = await this.campaigns.find({ order: { id: 'ASC' } });
    return Promise.all(campaigns.map((campaign) => this.view(campaign.id)));
  }

  async view(id: number): Promise<CampaignView> {
    const campaign = await this.get(id);
    const [authorities, templates, progress, trust] = await Promise.all([
      this.authorities.list(),
      this.templates.list(),
      this.runner.counts(id),
      this.trustCounts(id),
    ]);
    return {
      campaign,
      authorities: new Map(authorities.map((authority) => [authority.id, authority])),
      templates: new Map(templates.map((template) => [template.id, template])),
      progress,
      trust,
    };
  }

  async plan(id: number, paging: Paging): Promise<PlanView> {
    const view = await this.view(id);
    const [reasons, batches, page, agents, trustDeliveries] = await Promise.all([
      this.items
        .createQueryBuilder('item')
        .select(['item.blocked_code AS "code"', 'COUNT(*) AS "count"'])
        .where('item.campaign_id = :id AND item.blocked_code IS NOT NULL', { id })
        .groupBy('item.blocked_code')
        .getRawMany<{ code: string; count: number }>(),
      this.items
        .createQueryBuilder('item')
        .select('MAX(item.batch)', 'batches')
        .where('item.campaign_id = :id', { id })
        .getRawOne<{ batches: number | null }>(),
      this.itemPage(id, undefined, paging),
      this.agents.find(),
      this.trustRows(id),
    ]);
    const authorityIds = new Set<number>([view.campaign.targetAuthorityId]);
    for (const row of page.items)
      if (row.item.oldAuthorityId !== null) authorityIds.add(row.item.oldAuthorityId);
    const chains = new Map<number, string[]>();
    for (const authorityId of authorityIds) {
      chains.set(
        authorityId,
        (await this.authorities.chainOf(authorityId)).map((certificate) => certificate.subject),
      );
    }
    return {
      ...view,
      blockedByReason: Object.fromEntries(reasons.map((row) => [row.code, Number(row.count)])),
      blockedTotal: reasons.reduce((sum, row) => sum + Number(row.count), 0),
      batches: Number(batches?.batches ?? 0),
      online: (agent) => this.isOnline(agent),
      chains,
      agents: new Map(agents.map((agent) => [agent.clientMachine, agent])),
      trustDeliveries,
      items: page.items,
      total: page.total,
    };
  }

  isOnline(agent: AgentEntity): boolean {
    return (
      agent.lastSeen !== null &&
      Math.abs(this.clock.now().getTime() - agent.lastSeen.getTime()) <= ONLINE_WINDOW_MS
    );
  }

  async itemPage(
    id: number,
    state: CampaignItemState | undefined,
    paging: Paging,
  ): Promise<{ items: PlanItemRow[]; total: number }> {
    await this.get(id);
    const qb = this.items
      .createQueryBuilder('item')
      .innerJoin(CertificateEntity, 'certificate', 'certificate.id = item.certificate_id')
      .leftJoin(CertificateEntity, 'successor', 'successor.id = item.new_certificate_id')
      .where('item.campaign_id = :id', { id });
    if (state) qb.andWhere('item.state = :state', { state });
    const total = await qb.clone().getCount();
    const rows = await qb
      .select('item')
      .addSelect([
        'certificate.common_name AS "commonName"',
        'certificate.subject AS "subject"',
        'certificate.thumbprint AS "thumbprint"',
        'successor.thumbprint AS "newThumbprint"',
      ])
      .orderBy('item.position', 'ASC')
      .offset((paging.page - 1) * paging.limit)
      .limit(paging.limit)
      .getRawAndEntities<{
        commonName: string | null;
        subject: string;
        thumbprint: string;
        newThumbprint: string | null;
      }>();
    return {
      items: rows.entities.map((item, index) => {
        const raw = rows.raw[index];
        return {
          item,
          commonName: raw?.commonName ?? null,
          subject: raw?.subject ?? '',
          thumbprint: raw?.thumbprint ?? '',
          newThumbprint: raw?.newThumbprint ?? null,
        };
      }),
      total,
    };
  }

  async execute(id: number, actor: Actor): Promise<CampaignView> {
    const campaign = await this.get(id);
    const phase: CampaignPhase = campaign.trustFirst ? 'trust' : 'leaves';
    await this.transition(campaign, ['planned'], 'running', actor, 'campaign.started', {
      phase,
      startedAt: this.clock.now(),
    });
    this.runner.start(id);
    return this.view(id);
  }

  async pause(id: number, actor: Actor): Promise<CampaignView> {
    const campaign = await this.get(id);
    await this.transition(campaign, ['running'], 'paused', actor, 'campaign.paused');
    this.runner.poke();
    return this.view(id);
  }

  /** Also retries a campaign whose trust delivery failed: its failed deliveries are sent again. */
  async resume(id: number, actor: Actor): Promise<CampaignView> {
    const campaign = await this.get(id);
    await this.transition(
      campaign,
      ['paused', 'failed'],
      'running',
      actor,
      'campaign.resumed',
      { message: null },
      async (manager) => {
        await manager.update(
          CampaignTrustDeliveryEntity,
          { campaignId: id, state: 'failed' },
          { state: 'planned', jobId: null, message: null, updatedAt: this.clock.now() },
        );
      },
    );
    this.runner.start(id);
    return this.view(id);
  }

  /** Pending items are dropped; items in flight still finish (and are retired if set). */
  async cancel(id: number, actor: Actor): Promise<CampaignView> {
    const campaign = await this.get(id);
    await this.transition(
      campaign,
      ['planned', 'running', 'paused', 'failed'],
      'cancelled',
      actor,
      'campaign.cancelled',
      { completedAt: this.clock.now() },
      async (manager) => {
        await manager.update(
          CampaignItemEntity,
          { campaignId: id, state: 'pending' },
          { state: 'cancelled', updatedAt: this.clock.now() },
        );
      },
    );
    this.runner.start(id);
    return this.view(id);
  }

  private async transition(
    campaign: CampaignEntity,
    from: CampaignState[],
    to: CampaignState,
    actor: Actor,
    action: string,
    changes: Partial<CampaignEntity> = {},
    more?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      const result = await manager.update(
        CampaignEntity,
        { id: campaign.id, state: In(from) },
        { ...changes, state: to, updatedAt: this.clock.now() },
      );
      if (result.affected !== 1) {
        throw CampaignErrors.invalidState(
          `Campaign ${campaign.id} is ${campaign.state}; only a ${from.join(' or ')} campaign can become ${to}.`,
        );
      }
      await more?.(manager);
      await this.audit.record(manager, {
        actor: actor.username,
        action,
        subjectType: 'campaign',
        subjectId: campaign.id,
        details: { from: campaign.state, to },
      });
      this.events.publishOnCommit(manager, { type: 'campaign', ids: [campaign.id] });
    });
  }

  private async get(id: number): Promise<CampaignEntity> {
    const campaign = Number.isSafeInteger(id) ? await this.campaigns.findOneBy({ id }) : null;
    if (!campaign) throw CampaignErrors.notFound(`Campaign ${id} was not found.`);
    return campaign;
  }

  private async trustCounts(campaignId: number): Promise<Record<string, number>> {
    const rows = await this.trustDeliveries
      .createQueryBuilder('delivery')
      .select(['delivery.state AS "state"', 'COUNT(*) AS "count"'])
      .where('delivery.campaign_id = :campaignId', { campaignId })
      .groupBy('delivery.state')
      .getRawMany<{ state: string; count: number }>();
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }

  private async trustRows(
    campaignId: number,
  ): Promise<{ delivery: CampaignTrustDeliveryEntity; store: CertificateStoreEntity }[]> {
    const deliveries = await this.trustDeliveries.find({
      where: { campaignId },
      order: { id: 'ASC' },
    });
    if (deliveries.length === 0) return [];
    const stores = new Map(
      (await this.stores.findBy({ id: In([...new Set(deliveries.map((d) => d.storeId))]) })).map(
        (store) => [store.id, store],
      ),
    );
    return deliveries.flatMap((delivery) => {
      const store = stores.get(delivery.storeId);
      return store ? [{ delivery, store }] : [];
    });
  }
}
