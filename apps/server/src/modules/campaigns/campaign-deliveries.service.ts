import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { type Actor } from '../auth/permissions';
import { CertificateLocationEntity } from '../certificates/certificate-location.entity';
import { OrchestratorJobEntity } from '../jobs/orchestrator-job.entity';
import { RevocationService } from '../revocation/revocation.service';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { type CampaignEntity } from './campaign.entity';
import { CampaignItemEntity, type CampaignItemState } from './campaign-item.entity';

/** Items updated, and old certificates revoked, per statement or RevocationService call. */
const RETIRE_CHUNK = 500;
/** RFC 5280 reason superseded. */
const SUPERSEDED = 4;

/**
 * After issuance: watches the Add jobs of the new certificates (set queries over the items in
 * flight, never per item) and, with retire old, revokes the old certificates whose every store
 * confirmed the new one.
 */
@Injectable()
export class CampaignDeliveries {
  constructor(
    @InjectRepository(CampaignItemEntity)
    private readonly items: Repository<CampaignItemEntity>,
    private readonly revocation: RevocationService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * Issued items whose every Add job finished: all Succeeded (or Warning) → delivered, any
   * Failed → failed. One grouped query over the items in flight.
   */
  async confirm(campaign: CampaignEntity): Promise<number> {
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
  async retire(campaign: CampaignEntity): Promise<number> {
    const candidates = await this.items.find({
      select: { id: true, certificateId: true, oldAuthorityId: true },
      where: { campaignId: campaign.id, state: 'delivered', message: IsNull() },
      order: { position: 'ASC' },
      take: RETIRE_CHUNK,
    });
    if (candidates.length === 0) return 0;
    // An old certificate still located in a store (one the plan did not know, or an inventory
    // that found it again) stays valid; one no lab CA issued cannot be listed on a CRL.
    const stillDeployed = await this.remainingLocations(
      candidates.map((item) => item.certificateId),
    );
    const notes = new Map<number, string>();
    for (const item of candidates) {
      const where = stillDeployed.get(item.certificateId);
      if (where) notes.set(item.id, `Not retired: the old certificate is still in ${where}.`);
      else if (item.oldAuthorityId === null)
        notes.set(item.id, 'Not retired: the old certificate was not issued by a lab CA.');
    }
    if (notes.size > 0) {
      await this.unitOfWork.run(async (manager) => {
        for (const [id, message] of notes) {
          await manager.update(
            CampaignItemEntity,
            { id, state: 'delivered' },
            { message, updatedAt: this.clock.now() },
          );
        }
      });
    }
    const ready = candidates.filter((item) => !notes.has(item.id));
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

  /** Old certificate id -> the stores (machine:path) it is still located in, for those that are. */
  private async remainingLocations(certificateIds: number[]): Promise<Map<number, string>> {
    const rows = await this.items.manager
      .createQueryBuilder(CertificateLocationEntity, 'location')
      .innerJoin(CertificateStoreEntity, 'store', 'store.id = location.store_id')
      .select([
        'location.certificate_id AS "certificateId"',
        'store.client_machine AS "machine"',
        'store.store_path AS "path"',
      ])
      .where('location.certificate_id IN (:...certificateIds)', { certificateIds })
      .getRawMany<{ certificateId: number; machine: string; path: string }>();
    const byCertificate = new Map<number, string>();
    for (const row of rows) {
      const id = Number(row.certificateId);
      const where = `${row.machine}:${row.path}`;
      byCertificate.set(id, byCertificate.has(id) ? `${byCertificate.get(id)}, ${where}` : where);
    }
    return byCertificate;
  }
}
