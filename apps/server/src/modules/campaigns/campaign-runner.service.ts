import { EventEmitter, once } from 'node:events';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, Repository } from 'typeorm';
import { readCertificate } from '@certlab/pki';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificateEntity } from '../certificates/certificate.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { RenewalService } from '../enrollment/renewal.service';
import { JobLifecycleService } from '../jobs/job-lifecycle.service';
import { JobsService } from '../jobs/jobs.service';
import { OrchestratorJobEntity } from '../jobs/orchestrator-job.entity';
import { RevocationService } from '../revocation/revocation.service';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { TemplatesService } from '../templates/templates.service';
import { CampaignEntity, type CampaignState } from './campaign.entity';
import { CampaignItemEntity, type CampaignItemState } from './campaign-item.entity';
import { CampaignTrustDeliveryEntity } from './campaign-trust-delivery.entity';

/** Renewals of one batch in flight at once: key generation runs on libuv's pool (4 threads). */
const RENEWAL_CONCURRENCY = 4;
/** How often job rows are re-read while waiting for agents (no event crosses processes). */
const WAIT_MS = 200;
/** Old certificates revoked per RevocationService call. */
const RETIRE_CHUNK = 500;
/** RFC 5280 reason superseded. */
const SUPERSEDED = 4;

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
  private readonly wake = new EventEmitter().setMaxListeners(0);
  private stopping = false;

  constructor(
    @InjectRepository(CampaignEntity)
    private readonly campaigns: Repository<CampaignEntity>,
    @InjectRepository(CampaignItemEntity)
    private readonly items: Repository<CampaignItemEntity>,
    @InjectRepository(CampaignTrustDeliveryEntity)
    private readonly trustDeliveries: Repository<CampaignTrustDeliveryEntity>,
    @InjectRepository(OrchestratorJobEntity)
    private readonly jobRows: Repository<OrchestratorJobEntity>,
    @InjectRepository(CertificateEntity)
    private readonly certificateRows: Repository<CertificateEntity>,
    @InjectRepository(CertificateStoreEntity)
    private readonly storeRows: Repository<CertificateStoreEntity>,
    private readonly renewals: RenewalService,
    private readonly revocation: RevocationService,
    private readonly certificates: CertificatesService,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly jobs: JobsService,
    private readonly lifecycle: JobLifecycleService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
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

  /** Starts the campaign's loop unless one runs already. */
  start(campaignId: number): void {
    if (this.stopping || this.loops.has(campaignId)) {
      this.poke();
      return;
    }
    const loop = this.run(campaignId)
      .catch((error: unknown) => {
        this.logger.error(
          `campaign ${campaignId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      })
      .finally(() => this.loops.delete(campaignId));
    this.loops.set(campaignId, loop);
  }

  /** A state change (pause, resume, cancel): loops re-read their campaign now. */
  poke(): void {
    this.wake.emit('wake');
  }

  /** Resolves when the campaign's loop has ended (tests and shutdown). */
  async idle(campaignId: number): Promise<void> {
    await this.loops.get(campaignId);
  }

  private async run(campaignId: number): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const campaign = await this.campaigns.findOneBy({ id: campaignId });
      if (!campaign) return;
      let step: Step;
      if (campaign.phase === 'trust') step = await this.trustStep(campaign);
      else if (campaign.phase === 'leaves') step = await this.leavesStep(campaign);
      else step = 'stop';
      if (step === 'stop') return;
      if (step === 'wait') await this.pause(WAIT_MS);
    }
  }

  private async pause(ms: number): Promise<void> {
    if (this.stopping) return;
    await once(this.wake, 'wake', { signal: AbortSignal.timeout(ms) }).catch(() => undefined);
  }

  // ---- trust first ----

  private async trustStep(campaign: CampaignEntity): Promise<Step> {
    if (campaign.state !== 'running') return 'stop';
    const deliveries = await this.trustDeliveries.findBy({ campaignId: campaign.id });
    const planned = deliveries.filter((delivery) => delivery.state === 'planned');
    if (planned.length > 0) {
      await this.scheduleTrust(campaign, planned);
      return 'progress';
    }
    const scheduled = deliveries.filter((delivery) => delivery.state === 'scheduled');
    if (scheduled.length > 0) {
      const jobs = await this.jobRows.findBy({
        id: In(scheduled.map((delivery) => delivery.jobId ?? '')),
      });
      const finished = jobs.filter((job) =>
        ['Succeeded', 'Warning', 'Failed'].includes(job.status),
      );
      if (finished.length === 0) return 'wait';
      const byJob = new Map(scheduled.map((delivery) => [delivery.jobId, delivery]));
      await this.unitOfWork.run(async (manager) => {
        for (const job of finished) {
          const delivery = byJob.get(job.id);
          if (!delivery) continue;
          await manager.update(CampaignTrustDeliveryEntity, delivery.id, {
            state: job.status === 'Failed' ? 'failed' : 'confirmed',
            message: job.resultMessage,
            updatedAt: this.clock.now(),
          });
        }
      });
      return 'progress';
    }
    const failed = deliveries.filter((delivery) => delivery.state === 'failed');
    if (failed.length > 0) {
      const stores = await this.storeRows.findBy({ id: In(failed.map((d) => d.storeId)) });
      const names = stores.map((store) => `${store.clientMachine}:${store.storePath}`);
      await this.finish(
        campaign,
        'failed',
        `Trust delivery failed on ${names.join(', ')} (${failed[0]?.message ?? 'no message'}); no certificate was moved. Resume retries it.`,
      );
      return 'stop';
    }
    await this.unitOfWork.run((manager) =>
      manager.update(CampaignEntity, campaign.id, {
        phase: 'leaves',
        updatedAt: this.clock.now(),
      }),
    );
    return 'progress';
  }

  /** CA certificates as key-less certificate rows (created once), one Add job per trust store. */
  private async scheduleTrust(
    campaign: CampaignEntity,
    planned: CampaignTrustDeliveryEntity[],
  ): Promise<void> {
    const authorityIds = [...new Set(planned.map((delivery) => delivery.authorityId))];
    const authorities = await Promise.all(authorityIds.map((id) => this.authorities.get(id)));
    const stores = new Map(
      (await this.storeRows.findBy({ id: In(planned.map((d) => d.storeId)) })).map((store) => [
        store.id,
        store,
      ]),
    );
    await this.unitOfWork.run(async (manager) => {
      const certificateIds = new Map<number, number>();
      for (const authority of authorities) {
        const existing = await manager
          .getRepository(CertificateEntity)
          .findOneBy({ thumbprint: authority.thumbprint });
        const row =
          existing ??
          (await this.certificates.record(manager, {
            certificate: readCertificate(authority.certificatePem),
            encryptedPrivateKey: null,
            // Not a leaf of any lab CA: queries by issuing CA (alerts, campaigns) leave it alone.
            authorityId: null,
            templateId: null,
            requestId: null,
            renewedFromId: null,
            metadata: {},
            createdAt: this.clock.now(),
          }));
        certificateIds.set(authority.id, row.id);
      }
      for (const delivery of planned) {
        const store = stores.get(delivery.storeId);
        const certificateId = certificateIds.get(delivery.authorityId);
        const authority = authorities.find((ca) => ca.id === delivery.authorityId);
        if (!store || certificateId === undefined || !authority) continue;
        const job = await this.jobs.scheduleAdd(manager, {
          store,
          certificateId,
          alias: authority.thumbprint,
          requestId: null,
          requestedBy: campaign.createdBy,
        });
        await manager.update(CampaignTrustDeliveryEntity, delivery.id, {
          state: 'scheduled',
          certificateId,
          jobId: job.id,
          updatedAt: this.clock.now(),
        });
      }
    });
    this.lifecycle.notifyScheduled();
  }

  // ---- leaves ----

  private async leavesStep(campaign: CampaignEntity): Promise<Step> {
    const confirmed = await this.confirmDeliveries(campaign);
    const retired = campaign.retireOld ? await this.retire(campaign) : 0;
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

  /**
   * Issued items whose every Add job finished: all Succeeded (or Warning) → delivered, any
   * Failed → failed. One grouped query over the items in flight.
   */
  private async confirmDeliveries(campaign: CampaignEntity): Promise<number> {
    const rows = await this.items
      .createQueryBuilder('item')
      .leftJoin(
        OrchestratorJobEntity,
        'job',
        'job.certificate_id = item.new_certificate_id AND job.operation_type = 2',
      )
      .select([
        'item.id AS "id"',
        'COUNT(job.id) AS "total"',
        `SUM(CASE WHEN job.status = 'Succeeded' THEN 1 ELSE 0 END) AS "succeeded"`,
        `SUM(CASE WHEN job.status = 'Warning' THEN 1 ELSE 0 END) AS "warning"`,
        `SUM(CASE WHEN job.status = 'Failed' THEN 1 ELSE 0 END) AS "failed"`,
      ])
      .where('item.campaign_id = :id AND item.state = :state', {
        id: campaign.id,
        state: 'issued',
      })
      .groupBy('item.id')
      .getRawMany<{
        id: number;
        total: number;
        succeeded: number;
        warning: number;
        failed: number;
      }>();
    const done = rows
      .map((row) => ({
        id: Number(row.id),
        total: Number(row.total),
        succeeded: Number(row.succeeded ?? 0),
        warning: Number(row.warning ?? 0),
        failed: Number(row.failed ?? 0),
      }))
      .filter((row) => row.succeeded + row.warning + row.failed === row.total);
    if (done.length === 0) return 0;
    const clean = done.filter((row) => row.warning === 0 && row.failed === 0).map((row) => row.id);
    const noted = done.filter((row) => row.warning > 0 || row.failed > 0);
    const messages = await this.jobMessages(noted.map((row) => row.id));
    const now = this.clock.now();
    await this.unitOfWork.run(async (manager) => {
      for (let start = 0; start < clean.length; start += RETIRE_CHUNK) {
        await manager.update(
          CampaignItemEntity,
          { id: In(clean.slice(start, start + RETIRE_CHUNK)), state: 'issued' },
          { state: 'delivered', updatedAt: now },
        );
      }
      for (const row of noted) {
        const state: CampaignItemState = row.failed > 0 ? 'failed' : 'delivered';
        const detail = messages.get(row.id) ?? '';
        const message =
          row.failed > 0
            ? `Delivery failed on ${row.failed} of ${row.total} store(s): ${detail}`
            : `Delivered with Warning on ${row.warning} store(s); the old certificate is kept: ${detail}`;
        await manager.update(
          CampaignItemEntity,
          { id: row.id, state: 'issued' },
          { state, message, updatedAt: now },
        );
      }
    });
    return done.length;
  }

  /** What the agents said about the unsuccessful jobs of these items, by item id. */
  private async jobMessages(itemIds: number[]): Promise<Map<number, string>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.items
      .createQueryBuilder('item')
      .innerJoin(OrchestratorJobEntity, 'job', 'job.certificate_id = item.new_certificate_id')
      .innerJoin(CertificateStoreEntity, 'store', 'store.id = job.store_id')
      .select([
        'item.id AS "id"',
        'store.client_machine AS "machine"',
        'store.store_path AS "path"',
        'job.result_message AS "message"',
      ])
      .where('item.id IN (:...itemIds)', { itemIds })
      .andWhere('job.status IN (:...statuses)', { statuses: ['Warning', 'Failed'] })
      .getRawMany<{ id: number; machine: string; path: string; message: string | null }>();
    const byItem = new Map<number, string>();
    for (const row of rows) {
      const text = `${row.machine}:${row.path}: ${row.message ?? 'no message'}`;
      const id = Number(row.id);
      byItem.set(id, byItem.has(id) ? `${byItem.get(id)}; ${text}` : text);
    }
    return byItem;
  }

  /**
   * Revokes (superseded) the old certificates of delivered items — every store confirmed the
   * new one — in one RevocationService call per chunk, marking the items retired in the same
   * transaction. Items delivered with a note (a Warning) are not retired.
   */
  private async retire(campaign: CampaignEntity): Promise<number> {
    const candidates = await this.items.find({
      select: { id: true, certificateId: true, oldAuthorityId: true },
      where: { campaignId: campaign.id, state: 'delivered', message: IsNull() },
      order: { position: 'ASC' },
      take: RETIRE_CHUNK,
    });
    if (candidates.length === 0) return 0;
    // No lab CA issued it, so no CRL of certlab's can list it: delivered, and said so.
    const foreign = candidates.filter((item) => item.oldAuthorityId === null);
    if (foreign.length > 0) {
      await this.unitOfWork.run((manager) =>
        manager.update(
          CampaignItemEntity,
          { id: In(foreign.map((item) => item.id)), state: 'delivered' },
          {
            message: 'Not retired: the old certificate was not issued by a lab CA.',
            updatedAt: this.clock.now(),
          },
        ),
      );
    }
    const ready = candidates.filter((item) => item.oldAuthorityId !== null);
    if (ready.length === 0) return candidates.length;
    const actor: Actor = { username: campaign.createdBy, role: 'admin' };
    try {
      await this.unitOfWork.run(async (manager) => {
        await this.revocation.revoke(
          {
            certificateIds: ready.map((item) => item.certificateId),
            reason: SUPERSEDED,
            comment: `Superseded by migration campaign ${campaign.id} (${campaign.name}).`,
          },
          actor,
          manager,
        );
        await manager.update(
          CampaignItemEntity,
          { id: In(ready.map((item) => item.id)), state: 'delivered' },
          { state: 'retired', updatedAt: this.clock.now() },
        );
      });
    } catch (error) {
      const message = `Retiring the old certificate failed: ${error instanceof Error ? error.message : String(error)}`;
      await this.unitOfWork.run((manager) =>
        manager.update(
          CampaignItemEntity,
          { id: In(ready.map((item) => item.id)), state: 'delivered' },
          { message, updatedAt: this.clock.now() },
        ),
      );
    }
    return candidates.length;
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
      await manager.update(
        CampaignEntity,
        { id: campaign.id, state: 'running' },
        {
          state,
          phase: state === 'completed' ? 'done' : campaign.phase,
          message,
          updatedAt: now,
          completedAt: state === 'completed' ? now : null,
        },
      );
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
