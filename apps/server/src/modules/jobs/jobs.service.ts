import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { GUID_PATTERN, ManagementOperationType } from '@certlab/contracts';
import { Clock } from '../../common/clock';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { OrchestratorJobEntity } from './orchestrator-job.entity';

@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(OrchestratorJobEntity)
    private readonly jobs: Repository<OrchestratorJobEntity>,
    private readonly clock: Clock,
  ) {}

  /**
   * A Management/Add job that puts the certificate into the store, replacing the entry with the
   * same alias (Overwrite): how a renewal replaces the old certificate (renew-reference 4.3).
   */
  async scheduleAdd(
    manager: EntityManager,
    input: {
      store: CertificateStoreEntity;
      certificateId: number;
      alias: string;
      requestId: number | null;
      requestedBy: string;
      overwrite?: boolean;
      scheduledFor?: Date;
    },
  ): Promise<OrchestratorJobEntity> {
    const now = this.clock.now();
    const job = manager.getRepository(OrchestratorJobEntity).create({
      id: randomUUID(),
      storeId: input.store.id,
      jobType: 'Management',
      operationType: ManagementOperationType.Add,
      certificateId: input.certificateId,
      alias: input.alias,
      overwrite: input.overwrite ?? true,
      status: 'Pending',
      requestId: input.requestId,
      requestedBy: input.requestedBy,
      createdAt: now,
      scheduledFor: input.scheduledFor ?? now,
      attempts: 0,
      leaseUntil: null,
      claimedBy: null,
      completedAt: null,
      resultMessage: null,
    });
    return manager.getRepository(OrchestratorJobEntity).save(job);
  }

  /** An Inventory job: the agent reports what the store holds, and that becomes certlab's view. */
  async scheduleInventory(
    manager: EntityManager,
    input: { store: CertificateStoreEntity; requestedBy: string; scheduledFor?: Date },
  ): Promise<OrchestratorJobEntity> {
    const now = this.clock.now();
    const job = manager.getRepository(OrchestratorJobEntity).create({
      id: randomUUID(),
      storeId: input.store.id,
      jobType: 'Inventory',
      operationType: ManagementOperationType.Inventory,
      certificateId: null,
      alias: null,
      overwrite: false,
      status: 'Pending',
      requestId: null,
      requestedBy: input.requestedBy,
      createdAt: now,
      scheduledFor: input.scheduledFor ?? now,
      attempts: 0,
      leaseUntil: null,
      claimedBy: null,
      completedAt: null,
      resultMessage: null,
    });
    return manager.getRepository(OrchestratorJobEntity).save(job);
  }

  find(id: string): Promise<OrchestratorJobEntity | null> {
    return GUID_PATTERN.test(id)
      ? this.jobs.findOneBy({ id: id.toLowerCase() })
      : Promise.resolve(null);
  }
}
