import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { GUID_PATTERN, ManagementOperationType } from '@certlab/contracts';
import { Clock } from '../../common/clock';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { LiveEvents } from '../live-events/live-events.service';
import { OrchestratorJobEntity } from './orchestrator-job.entity';

@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(OrchestratorJobEntity)
    private readonly jobs: Repository<OrchestratorJobEntity>,
    private readonly clock: Clock,
    private readonly events: LiveEvents,
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
    return this.schedule(manager, {
      store: input.store,
      jobType: 'Management',
      operationType: ManagementOperationType.Add,
      certificateId: input.certificateId,
      alias: input.alias,
      overwrite: input.overwrite ?? true,
      requestId: input.requestId,
      requestedBy: input.requestedBy,
      scheduledFor: input.scheduledFor,
    });
  }

  /** An Inventory job: the agent reports what the store holds, and that becomes certlab's view. */
  async scheduleInventory(
    manager: EntityManager,
    input: { store: CertificateStoreEntity; requestedBy: string; scheduledFor?: Date },
  ): Promise<OrchestratorJobEntity> {
    return this.schedule(manager, {
      store: input.store,
      jobType: 'Inventory',
      operationType: ManagementOperationType.Inventory,
      certificateId: null,
      alias: null,
      overwrite: false,
      requestId: null,
      requestedBy: input.requestedBy,
      scheduledFor: input.scheduledFor,
    });
  }

  /** A new pending job: every scheduling path writes the row the same way. */
  private async schedule(
    manager: EntityManager,
    input: Pick<
      OrchestratorJobEntity,
      | 'jobType'
      | 'operationType'
      | 'certificateId'
      | 'alias'
      | 'overwrite'
      | 'requestId'
      | 'requestedBy'
    > & {
      store: CertificateStoreEntity;
      scheduledFor: Date | undefined;
    },
  ): Promise<OrchestratorJobEntity> {
    const now = this.clock.now();
    const { store, scheduledFor, ...fields } = input;
    const repository = manager.getRepository(OrchestratorJobEntity);
    // insert, not save: the id is new, and save() would first SELECT it to choose insert or update.
    const job = repository.create({
      ...fields,
      id: randomUUID(),
      storeId: store.id,
      status: 'Pending',
      createdAt: now,
      scheduledFor: scheduledFor ?? now,
      attempts: 0,
      leaseUntil: null,
      claimedBy: null,
      completedAt: null,
      resultMessage: null,
    });
    await repository.insert(job);
    this.events.publishOnCommit(manager, {
      type: 'jobs',
      jobIds: [job.id],
      storeIds: [job.storeId],
      certificateIds: [job.certificateId],
      requestIds: [job.requestId],
    });
    return job;
  }

  find(id: string): Promise<OrchestratorJobEntity | null> {
    return GUID_PATTERN.test(id)
      ? this.jobs.findOneBy({ id: id.toLowerCase() })
      : Promise.resolve(null);
  }
}
