import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AgentEntity, AgentStatus } from '../agents/agent.entity';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { applyCertificateQuery } from '../certificates/certificate-query.builder';
import { CertificateLocationEntity } from '../certificates/certificate-location.entity';
import { CertificateEntity } from '../certificates/certificate.entity';
import {
  CertificateQueryError,
  parseCertificateQuery,
  type QueryNode,
} from '../certificates/policies/certificate-query';
import { MetadataService } from '../metadata/metadata.service';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { type TemplateEntity } from '../templates/template.entity';
import { TemplatesService } from '../templates/templates.service';
import { TemplateErrors } from '../templates/templates.errors';
import { CampaignEntity } from './campaign.entity';
import { CampaignItemEntity, type PlannedStore } from './campaign-item.entity';
import { CampaignTrustDeliveryEntity } from './campaign-trust-delivery.entity';
import { CampaignTrust } from './campaign-trust.service';
import { CampaignErrors } from './campaigns.errors';
import { type Blocked, blockedReason, type CandidateFacts } from './policies/blocked-reason';

export interface CampaignDraft {
  name: string;
  query: string;
  sourceCA?: string;
  targetCA: string;
  /** Absent: every certificate keeps its own template. */
  targetTemplate?: string;
  batchSize: number;
  trustFirst: boolean;
  retireOld: boolean;
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 200;

interface CandidateRow {
  id: number;
  keyAlgorithm: string;
  authorityId: number | null;
  templateId: number | null;
  revokedAt: string | null;
  supersededBy: number | null;
  storeId: string | null;
  alias: string | null;
  machine: string | null;
  path: string | null;
  storeApproved: unknown;
}

interface Candidate {
  id: number;
  keyAlgorithm: string;
  authorityId: number | null;
  templateId: number | null;
  revoked: boolean;
  supersededBy: number | null;
  stores: (PlannedStore & { approved: boolean })[];
}

/**
 * Computes a campaign's plan (the dry run) and stores it. A handful of set queries whatever the
 * number of certificates: the candidates joined with their stores, the agents, the trust stores,
 * the certificates other campaigns are still moving. Nothing is written unless all of it checks out.
 */
@Injectable()
export class CampaignPlanner {
  constructor(
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    @InjectRepository(AgentEntity)
    private readonly agents: Repository<AgentEntity>,
    @InjectRepository(CampaignItemEntity)
    private readonly items: Repository<CampaignItemEntity>,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly metadata: MetadataService,
    private readonly trust: CampaignTrust,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async create(draft: CampaignDraft, actor: Actor): Promise<CampaignEntity> {
    const target = await this.authorities.findByConfiguration(draft.targetCA);
    const source = draft.sourceCA
      ? await this.authorities.findByConfiguration(draft.sourceCA)
      : null;
    const template = draft.targetTemplate
      ? await this.templates.findByShortName(draft.targetTemplate)
      : null;
    if (template) {
      this.templates.assertAllowedOn(template, target);
      if (template.requiresApproval) {
        throw CampaignErrors.invalidRequest(
          `Template "${template.shortName}" requires manager approval; a campaign issues without it.`,
        );
      }
    }
    const query = await this.parseQuery(draft.query);

    const candidates = await this.candidates(query, source);
    if (candidates.length === 0) {
      // `"CA1.jdk.com\jdk-CA1"` reads as `CA1.jdk.comjdk-CA1`: the usual reason for no match.
      const hint = /\\[^\\"]/.test(draft.query.replace(/\\\\/g, ''))
        ? ' A backslash in a quoted value escapes the next character: write a CA name as "host\\\\logical".'
        : '';
      throw CampaignErrors.nothingToMigrate(`No certificate matches the query.${hint}`);
    }
    const blocked = await this.block(candidates, template, target);
    const movable = candidates.filter((candidate) => !blocked.has(candidate.id));
    if (movable.length === 0) {
      const reasons = [...new Set([...blocked.values()].map((reason) => reason.message))];
      const allNotAllowed = [...blocked.values()].every(
        (reason) => reason.code === 'TEMPLATE_NOT_ALLOWED',
      );
      const message = `None of the ${candidates.length} matching certificates can migrate: ${reasons.slice(0, 5).join(' ')}`;
      throw allNotAllowed
        ? TemplateErrors.notAllowedOnAuthority(message)
        : CampaignErrors.nothingToMigrate(message);
    }

    const machines = [...new Set(movable.flatMap((c) => c.stores.map((store) => store.machine)))];
    const trust = draft.trustFirst
      ? await this.trust.plan(target, machines)
      : { deliveries: [], warnings: [] };
    const now = this.clock.now();
    return this.unitOfWork.run(async (manager) => {
      const campaign = await manager.getRepository(CampaignEntity).save(
        manager.getRepository(CampaignEntity).create({
          name: draft.name,
          query: draft.query,
          sourceAuthorityId: source?.id ?? null,
          targetAuthorityId: target.id,
          targetTemplateId: template?.id ?? null,
          batchSize: draft.batchSize,
          trustFirst: draft.trustFirst,
          retireOld: draft.retireOld,
          state: 'planned',
          phase: 'planned',
          warnings: trust.warnings,
          message: null,
          createdBy: actor.username,
          createdAt: now,
          updatedAt: now,
          startedAt: null,
          completedAt: null,
        }),
      );
      await this.insertItems(manager, campaign, candidates, blocked, template, now);
      await insertChunked(
        manager,
        CampaignTrustDeliveryEntity,
        trust.deliveries.map((delivery) => ({ ...delivery, campaignId: campaign.id })),
      );
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'campaign.planned',
        subjectType: 'campaign',
        subjectId: campaign.id,
        details: {
          name: campaign.name,
          query: campaign.query,
          target: target.configName,
          template: template?.shortName ?? null,
          items: candidates.length,
          blocked: blocked.size,
        },
      });
      return campaign;
    });
  }

  private async parseQuery(text: string): Promise<QueryNode> {
    const fields = await this.metadata.list();
    try {
      return parseCertificateQuery(text, { metadataFields: fields.map((field) => field.name) });
    } catch (error) {
      if (error instanceof CertificateQueryError)
        throw CampaignErrors.invalidQuery(`Invalid query: ${error.message}`);
      throw error;
    }
  }

  /** Every matching certificate with the stores it sits in: one query, one row per location. */
  private async candidates(
    query: QueryNode,
    source: CertificateAuthorityEntity | null,
  ): Promise<Candidate[]> {
    const qb = this.certificates
      .createQueryBuilder('certificate')
      .leftJoin(CertificateLocationEntity, 'location', 'location.certificate_id = certificate.id')
      .leftJoin(CertificateStoreEntity, 'store', 'store.id = location.store_id')
      .select([
        'certificate.id AS "id"',
        'certificate.key_algorithm AS "keyAlgorithm"',
        'certificate.authority_id AS "authorityId"',
        'certificate.template_id AS "templateId"',
        'certificate.revoked_at AS "revokedAt"',
        '(SELECT MIN(successor.id) FROM certificates successor WHERE successor.renewed_from_id = certificate.id) AS "supersededBy"',
        'store.id AS "storeId"',
        'location.alias AS "alias"',
        'store.client_machine AS "machine"',
        'store.store_path AS "path"',
        'store.approved AS "storeApproved"',
      ]);
    try {
      applyCertificateQuery(qb, query, 'certificate');
    } catch (error) {
      if (error instanceof CertificateQueryError)
        throw CampaignErrors.invalidQuery(`Invalid query: ${error.message}`);
      throw error;
    }
    if (source) qb.andWhere('certificate.authority_id = :sourceId', { sourceId: source.id });
    // CA certificates recorded for trust deliveries are not leaves to migrate.
    qb.andWhere(
      'certificate.thumbprint NOT IN (SELECT ca.thumbprint FROM certificate_authorities ca)',
    );
    qb.orderBy('certificate.id', 'ASC');
    const rows = await qb.getRawMany<CandidateRow>();

    const byId = new Map<number, Candidate>();
    for (const row of rows) {
      const id = Number(row.id);
      let candidate = byId.get(id);
      if (!candidate) {
        candidate = {
          id,
          keyAlgorithm: row.keyAlgorithm ?? '',
          authorityId: nullableNumber(row.authorityId),
          templateId: nullableNumber(row.templateId),
          revoked: row.revokedAt !== null,
          supersededBy: nullableNumber(row.supersededBy),
          stores: [],
        };
        byId.set(id, candidate);
      }
      if (row.storeId !== null) {
        candidate.stores.push({
          id: row.storeId,
          machine: row.machine ?? '',
          path: row.path ?? '',
          alias: row.alias ?? '',
          approved: truthy(row.storeApproved),
        });
      }
    }
    return [...byId.values()];
  }

  /** Why each candidate cannot move, by certificate id; movable ones are absent. */
  private async block(
    candidates: Candidate[],
    campaignTemplate: TemplateEntity | null,
    target: CertificateAuthorityEntity,
  ): Promise<Map<number, Blocked>> {
    const [agents, templates, inOtherCampaigns] = await Promise.all([
      this.agents.find(),
      this.templates.list(),
      this.certificatesInActiveCampaigns(),
    ]);
    const agentsByMachine = new Map(agents.map((agent) => [agent.clientMachine, agent]));
    const templatesById = new Map(templates.map((template) => [template.id, template]));
    const blocked = new Map<number, Blocked>();
    for (const candidate of candidates) {
      const template =
        campaignTemplate ??
        (candidate.templateId === null ? undefined : templatesById.get(candidate.templateId));
      const facts: CandidateFacts = {
        certificateId: candidate.id,
        revoked: candidate.revoked,
        supersededBy: candidate.supersededBy,
        otherCampaignId: inOtherCampaigns.get(candidate.id) ?? null,
        authorityId: candidate.authorityId,
        keyAlgorithm: candidate.keyAlgorithm,
        template: template
          ? {
              id: template.id,
              shortName: template.shortName,
              allowedAuthorityIds: template.allowedAuthorities.map((ca) => ca.id),
              requiresApproval: template.requiresApproval,
            }
          : null,
        ownTemplateId: candidate.templateId,
        stores: candidate.stores.map((store) => {
          const agent = agentsByMachine.get(store.machine);
          return {
            machine: store.machine,
            approved: store.approved,
            agent: agent
              ? { approved: agent.status === AgentStatus.Approved, status: agentStatusName(agent) }
              : null,
          };
        }),
      };
      const reason = blockedReason(facts, {
        authorityId: target.id,
        authorityName: target.configName,
      });
      if (reason) blocked.set(candidate.id, reason);
    }
    return blocked;
  }

  /** Certificates a running or paused campaign has yet to move: certificate id -> campaign id. */
  private async certificatesInActiveCampaigns(): Promise<Map<number, number>> {
    const rows = await this.items
      .createQueryBuilder('item')
      .innerJoin(CampaignEntity, 'campaign', 'campaign.id = item.campaign_id')
      .select(['item.certificate_id AS "certificateId"', 'item.campaign_id AS "campaignId"'])
      .where('campaign.state IN (:...states)', { states: ['running', 'paused'] })
      .andWhere('item.state IN (:...itemStates)', { itemStates: ['pending', 'issued'] })
      .getRawMany<{ certificateId: number; campaignId: number }>();
    return new Map(rows.map((row) => [Number(row.certificateId), Number(row.campaignId)]));
  }

  private async insertItems(
    manager: EntityManager,
    campaign: CampaignEntity,
    candidates: Candidate[],
    blocked: Map<number, Blocked>,
    template: TemplateEntity | null,
    now: Date,
  ): Promise<void> {
    let movable = 0;
    const rows = candidates.map((candidate, position) => {
      const reason = blocked.get(candidate.id);
      const batch = reason ? null : Math.floor(movable++ / campaign.batchSize) + 1;
      return {
        campaignId: campaign.id,
        certificateId: candidate.id,
        position,
        batch,
        state: reason ? ('blocked' as const) : ('pending' as const),
        blockedCode: reason?.code ?? null,
        message: reason?.message ?? null,
        oldAuthorityId: candidate.authorityId,
        oldTemplateId: candidate.templateId,
        oldKeyAlgorithm: candidate.keyAlgorithm,
        newTemplateId: template?.id ?? candidate.templateId,
        stores: candidate.stores.map(({ id, machine, path, alias }) => ({
          id,
          machine,
          path,
          alias,
        })),
        newCertificateId: null,
        updatedAt: now,
      };
    });
    await insertChunked(manager, CampaignItemEntity, rows);
  }
}

/** Bulk insert in chunks, through the repository so column transformers (dates, JSON) apply. */
export async function insertChunked<T extends object>(
  manager: EntityManager,
  entity: new () => T,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(start, start + INSERT_CHUNK))
      .updateEntity(false)
      .execute();
  }
}

function agentStatusName(agent: AgentEntity): string {
  const names: Record<number, string> = { 1: 'New', 2: 'Approved', 3: 'Disapproved' };
  return names[agent.status] ?? `status ${agent.status}`;
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Booleans come back as 0/1 from SQLite and true/false from PostgreSQL. */
export function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
