import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { readCertificate } from '@certlab/pki';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { CertificateLocationEntity } from '../certificates/certificate-location.entity';
import { CertificateEntity } from '../certificates/certificate.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { JobLifecycleService } from '../jobs/job-lifecycle.service';
import { JobsService } from '../jobs/jobs.service';
import { OrchestratorJobEntity } from '../jobs/orchestrator-job.entity';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { type CampaignEntity } from './campaign.entity';
import { CampaignTrustDeliveryEntity } from './campaign-trust-delivery.entity';

/** The CA certificates of the target chain and the trust stores that will receive them. */
export interface TrustPlan {
  deliveries: Omit<CampaignTrustDeliveryEntity, 'id' | 'campaignId'>[];
  warnings: string[];
}

/** `done`: every delivery confirmed (or the CA certificate was there already). */
export type TrustStep = 'progress' | 'wait' | 'done' | { failed: string };

/**
 * Trust first: before any leaf moves, the target CA chain goes into the trust stores of the
 * machines involved, as key-less certificates, and every agent confirms it (its Add job Succeeded).
 */
@Injectable()
export class CampaignTrust {
  constructor(
    @InjectRepository(CertificateEntity)
    private readonly certificateRows: Repository<CertificateEntity>,
    @InjectRepository(CertificateStoreEntity)
    private readonly storeRows: Repository<CertificateStoreEntity>,
    @InjectRepository(CampaignTrustDeliveryEntity)
    private readonly trustDeliveries: Repository<CampaignTrustDeliveryEntity>,
    @InjectRepository(OrchestratorJobEntity)
    private readonly jobRows: Repository<OrchestratorJobEntity>,
    private readonly authorities: AuthoritiesService,
    private readonly certificates: CertificatesService,
    private readonly jobs: JobsService,
    private readonly lifecycle: JobLifecycleService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * Every CA certificate of the target chain into every trust store (IsTrustStore=true) on the
   * machines that hold the campaign's stores. A machine without one gets nothing and the plan
   * says so; its leaves still move once the other machines confirmed (docs/server.md).
   */
  async plan(target: CertificateAuthorityEntity, machines: string[]): Promise<TrustPlan> {
    const chain = await this.authorityChain(target);
    const trustStores = (
      await this.storeRows
        .createQueryBuilder('store')
        .where('store.properties LIKE :trust', { trust: '%IsTrustStore%' })
        .orderBy('store.client_machine', 'ASC')
        .addOrderBy('store.store_path', 'ASC')
        .getMany()
    ).filter(
      (store) =>
        store.properties.IsTrustStore?.toLowerCase() === 'true' &&
        machines.includes(store.clientMachine),
    );
    const present = await this.caCertificatesInStores(
      trustStores.map((store) => store.id),
      chain.map((ca) => ca.thumbprint),
    );
    const warnings: string[] = [];
    for (const machine of [...machines].sort()) {
      if (!trustStores.some((store) => store.clientMachine === machine && store.approved)) {
        warnings.push(
          `Machine ${machine} has no approved trust store (IsTrustStore=true): trust first delivers nothing there.`,
        );
      }
    }
    const now = this.clock.now();
    const deliveries = trustStores
      .filter((store) => store.approved)
      .flatMap((store) =>
        // Root first: a trust store that takes the issuing CA can already build its path.
        [...chain].reverse().map((ca) => ({
          storeId: store.id,
          authorityId: ca.id,
          certificateId: null,
          jobId: null,
          state: present.has(`${store.id}/${ca.thumbprint}`)
            ? ('present' as const)
            : ('planned' as const),
          message: null,
          updatedAt: now,
        })),
      );
    return { deliveries, warnings };
  }

  /** The CA and its parents, issuing CA first. */
  private async authorityChain(
    authority: CertificateAuthorityEntity,
  ): Promise<CertificateAuthorityEntity[]> {
    const chain = [authority];
    let current = authority;
    while (current.parentId !== null && chain.length < 8) {
      current = await this.authorities.get(current.parentId);
      chain.push(current);
    }
    return chain;
  }

  /** `storeId/thumbprint` of CA certificates already located in these stores. */
  private async caCertificatesInStores(
    storeIds: string[],
    thumbprints: string[],
  ): Promise<Set<string>> {
    if (storeIds.length === 0) return new Set();
    const rows = await this.certificateRows
      .createQueryBuilder('certificate')
      .innerJoin(CertificateLocationEntity, 'location', 'location.certificate_id = certificate.id')
      .select(['location.store_id AS "storeId"', 'certificate.thumbprint AS "thumbprint"'])
      .where('certificate.thumbprint IN (:...thumbprints)', { thumbprints })
      .andWhere('location.store_id IN (:...storeIds)', { storeIds })
      .getRawMany<{ storeId: string; thumbprint: string }>();
    return new Set(rows.map((row) => `${row.storeId}/${row.thumbprint}`));
  }

  /** One round of the trust-first phase: schedule what is planned, record what agents finished. */
  async step(campaign: CampaignEntity): Promise<TrustStep> {
    const deliveries = await this.trustDeliveries.findBy({ campaignId: campaign.id });
    const planned = deliveries.filter((delivery) => delivery.state === 'planned');
    if (planned.length > 0) {
      await this.schedule(campaign, planned);
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
      return {
        failed: `Trust delivery failed on ${names.join(', ')} (${failed[0]?.message ?? 'no message'}); no certificate was moved. Resume retries it.`,
      };
    }
    return 'done';
  }

  /** CA certificates as key-less certificate rows (created once), one Add job per trust store. */
  private async schedule(
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
}
