import { EventEmitter, once } from 'node:events';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { LiveEvents } from '../live-events/live-events.service';
import { type Actor } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificateEntity } from '../certificates/certificate.entity';
import { RenewalService } from '../enrollment/renewal.service';
import { TemplatesService } from '../templates/templates.service';
import { CampaignEntity, type CampaignState } from './campaign.entity';
import { CampaignItemEntity, type CampaignItemState } from './campaign-item.entity';
import { CampaignDeliveries } from './campaign-deliveries.service';
import { CampaignTrust } from './campaign-trust.service';

/** Renewals of one batch in flight at once: key generation runs on libuv's pool (4 threads). */
const RENEWAL_CONCURRENCY = 4;
/** How often job rows are re-read while waiting for agents (no event crosses processes). */
const WAIT_MS = 100;

type Step = 'progress' | 'wait' | 'stop';

/**
 * Executes campaigns in the background, one loop per campaign. Everything it decides is read
 * back from the database each round, so a restarted server picks up where the last one stopped:
 * an item is marked issued in the renewal's own transaction (RenewalInput.onIssued), so a
 * certificate is never renewed twice; pending items simply run again.
 */
@Injectable()
export class CampaignRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CampaignRunner.name);
  private readonly loops = new Map<number, Promise<void>>();
  /** Campaigns whose state changed after their loop last read it: run the loop again if it ends. */
  private readonly again = new Set<number>();
  private readonly wake = new EventEmitter().setMaxListeners(0);
  private stopping = false;

  constructor(
    @InjectRepository(CampaignEntity)
    private readonly campaigns: Repository<CampaignEntity>,
    @InjectRepository(CampaignItemEntity)
    private readonly items: Repository<CampaignItemEntity>,
    @InjectRepository(CertificateEntity)
    private readonly certificateRows: Repository<CertificateEntity>,
    private readonly trust: CampaignTrust,
    private readonly deliveries: CampaignDeliveries,
    private readonly renewals: RenewalService,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly events: LiveEvents,
  ) {}

  /** A restarted server resumes what was running, and finishes what a pause left in flight. */
  async onApplicationBootstrap(): Promise<void> {
    const unfinished = await this.campaigns.find({
      where: { state: In(['running', 'paused', 'cancelled'] satisfies CampaignState[]) },
      order: { id: 'ASC' },
    });
    for (const campaign of unfinished) this.start(campaign.id);
  }

  /** Lets every loop finish what it has in hand (a renewal is never cut in half) and stop. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake.emit('wake');
    await Promise.allSettled([...this.loops.values()]);
  }

  /** Starts the campaign's loop, or makes the running one look again (it may be about to end). */
  start(campaignId: number): void {
    if (this.stopping) return;
    if (this.loops.has(campaignId)) {
      this.again.add(campaignId);
      this.poke();
      return;
    }
    const loop = this.run(campaignId)
      .catch((error: unknown) => {
        this.logger.error(
          `campaign ${campaignId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      })
      .finally(() => {
        this.loops.delete(campaignId);
        if (this.again.delete(campaignId)) this.start(campaignId);
      });
    this.loops.set(campaignId, loop);
  }

  /** A state change (pause, resume, cancel): loops re-read their campaign now. */
  poke(): void {
    this.wake.emit('wake');
  }

  private async run(campaignId: number): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      this.again.delete(campaignId);
      const campaign = await this.campaigns.findOneBy({ id: campaignId });
      if (!campaign) return;
      let step: Step;
      if (campaign.phase === 'trust') step = await this.trustStep(campaign);
      else if (campaign.phase === 'leaves') step = await this.leavesStep(campaign);
      else step = 'stop';
      // Progress or a change of phase or state: the console's progress bars move.
      if (step !== 'wait') this.events.publish({ type: 'campaign', ids: [campaignId] });
      if (step === 'stop') return;
      if (step === 'wait') await this.pause(WAIT_MS);
    }
  }

  private async pause(ms: number): Promise<void> {
    if (this.stopping) return;
    await once(this.wake, 'wake', { signal: AbortSignal.timeout(ms) }).catch(() => undefined);
  }

  private async trustStep(campaign: CampaignEntity): Promise<Step> {
    if (campaign.state !== 'running') return 'stop';
    const step = await this.trust.step(campaign);
    if (step === 'done') {
      await this.unitOfWork.run((manager) =>
        manager.update(CampaignEntity, campaign.id, {
          phase: 'leaves',
          updatedAt: this.clock.now(),
        }),
      );
      return 'progress';
    }
    if (typeof step === 'object') {
      await this.finish(campaign, 'failed', step.failed);
      return 'stop';
    }
    return step;
  }

  // ---- leaves ----

  private async leavesStep(campaign: CampaignEntity): Promise<Step> {
    const confirmed = await this.deliveries.confirm(campaign);
    const retired = campaign.retireOld ? await this.deliveries.retire(campaign) : 0;
    const counts = await this.counts(campaign.id);
    const inFlight = counts.issued ?? 0;
    const pending = counts.pending ?? 0;
    if (campaign.state === 'running' && pending > 0 && inFlight < 2 * campaign.batchSize) {
      await this.renewBatch(campaign);
      return 'progress';
    }
    if (inFlight === 0 && retired === 0) {
      if (campaign.state === 'running' && pending === 0) {
        const failed = counts.failed ?? 0;
        await this.finish(
          campaign,
          'completed',
          failed > 0 ? `${failed} certificate(s) failed; see the items.` : null,
        );
      }
      return 'stop';
    }
    return confirmed > 0 || retired > 0 ? 'progress' : 'wait';
  }

  /** Renews the next pending batch, a few at a time; a pause stops items not yet started. */
  private async renewBatch(campaign: CampaignEntity): Promise<void> {
    const next = await this.items
      .createQueryBuilder('item')
      .select('MIN(item.batch)', 'batch')
      .where('item.campaign_id = :id AND item.state = :state', {
        id: campaign.id,
        state: 'pending',
      })
      .getRawOne<{ batch: number | null }>();
    if (next?.batch === null || next?.batch === undefined) return;
    const batch = await this.items.find({
      where: { campaignId: campaign.id, state: 'pending', batch: Number(next.batch) },
      order: { position: 'ASC' },
    });
    const [target, templates, superseded] = await Promise.all([
      this.authorities.get(campaign.targetAuthorityId),
      this.templates.list(),
      this.successors(batch.map((item) => item.certificateId)),
    ]);
    const templateNames = new Map(templates.map((template) => [template.id, template.shortName]));
    const actor: Actor = { username: campaign.createdBy, role: 'admin' };
    let cursor = 0;
    const worker = async () => {
      while (cursor < batch.length) {
        if (this.stopping || !(await this.stillRunning(campaign.id))) return;
        const item = batch[cursor++];
        if (!item) return;
        const successor = superseded.get(item.certificateId);
        if (successor !== undefined) {
          await this.failItem(
            item,
            `Certificate ${item.certificateId} was renewed outside this campaign (by certificate ${successor}).`,
          );
          continue;
        }
        await this.renewItem(item, {
          caConfiguration: target.configName,
          template: item.newTemplateId === null ? undefined : templateNames.get(item.newTemplateId),
          actor,
        });
      }
    };
    await Promise.all(Array.from({ length: RENEWAL_CONCURRENCY }, worker));
  }

  private async renewItem(
    item: CampaignItemEntity,
    options: { caConfiguration: string; template: string | undefined; actor: Actor },
  ): Promise<void> {
    try {
      const outcome = await this.renewals.renew(
        {
          lookup: { type: 'cmsid', cmsid: item.certificateId },
          template: options.template,
          caConfiguration: options.caConfiguration,
          storeIds: item.stores.map((store) => store.id),
          onIssued: async (manager, { certificate }) => {
            const result = await manager
              .createQueryBuilder()
              .update(CampaignItemEntity)
              .set({
                state: 'issued',
                newCertificateId: certificate.id,
                updatedAt: this.clock.now(),
              })
              .where('id = :id AND state = :pending', { id: item.id, pending: 'pending' })
              .execute();
            // Someone else moved this item meanwhile: roll the issuance back rather than renew twice.
            if (result.affected !== 1)
              throw new Error(`Campaign item ${item.id} is no longer pending.`);
            this.events.publishOnCommit(manager, { type: 'campaign', ids: [item.campaignId] });
          },
        },
        options.actor,
      );
      if (outcome.disposition !== 'ISSUED')
        await this.failItem(item, `Renewal of certificate ${item.certificateId} awaits approval.`);
    } catch (error) {
      await this.failItem(item, error instanceof Error ? error.message : String(error));
    }
  }

  // ---- bookkeeping ----

  private async failItem(item: CampaignItemEntity, message: string): Promise<void> {
    await this.unitOfWork.run((manager) =>
      manager.update(
        CampaignItemEntity,
        { id: item.id, state: 'pending' },
        { state: 'failed', message, updatedAt: this.clock.now() },
      ),
    );
  }

  /** Certificate id -> the first certificate that renewed it, for those renewed already. */
  private async successors(certificateIds: number[]): Promise<Map<number, number>> {
    if (certificateIds.length === 0) return new Map();
    const rows = await this.certificateRows
      .createQueryBuilder('certificate')
      .select(['certificate.renewed_from_id AS "original"', 'MIN(certificate.id) AS "successor"'])
      .where('certificate.renewed_from_id IN (:...certificateIds)', { certificateIds })
      .groupBy('certificate.renewed_from_id')
      .getRawMany<{ original: number; successor: number }>();
    return new Map(rows.map((row) => [Number(row.original), Number(row.successor)]));
  }

  private async stillRunning(campaignId: number): Promise<boolean> {
    const campaign = await this.campaigns.findOne({
      select: { id: true, state: true },
      where: { id: campaignId },
    });
    return campaign?.state === 'running';
  }

  async counts(campaignId: number): Promise<Partial<Record<CampaignItemState, number>>> {
    const rows = await this.items
      .createQueryBuilder('item')
      .select(['item.state AS "state"', 'COUNT(*) AS "count"'])
      .where('item.campaign_id = :campaignId', { campaignId })
      .groupBy('item.state')
      .getRawMany<{ state: CampaignItemState; count: number }>();
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }

  private async finish(
    campaign: CampaignEntity,
    state: 'completed' | 'failed',
    message: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    const counts = await this.counts(campaign.id);
    await this.unitOfWork.run(async (manager: EntityManager) => {
      const changed = await manager.update(
        CampaignEntity,
        // Only from running: a pause or cancel that came in meanwhile wins.
        { id: campaign.id, state: 'running' },
        {
          state,
          phase: state === 'completed' ? 'done' : campaign.phase,
          message,
          updatedAt: now,
          completedAt: state === 'completed' ? now : null,
        },
      );
      if (changed.affected !== 1) return;
      await this.audit.record(manager, {
        actor: campaign.createdBy,
        action: `campaign.${state}`,
        subjectType: 'campaign',
        subjectId: campaign.id,
        details: { counts, message },
      });
    });
  }
}
