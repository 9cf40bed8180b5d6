import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, Repository } from 'typeorm';
import { AgentEntity } from '../agents/agent.entity';
import { CertificateLocationEntity } from '../certificates/certificate-location.entity';
import { CertificateEntity } from '../certificates/certificate.entity';
import { OrchestratorJobEntity } from '../jobs/orchestrator-job.entity';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { StoresService } from '../stores/stores.service';

export interface StoreInventory {
  store: CertificateStoreEntity;
  locations: CertificateLocationEntity[];
  certificates: Map<number, CertificateEntity>;
}

export interface JobsWithStores {
  jobs: OrchestratorJobEntity[];
  stores: Map<string, CertificateStoreEntity>;
}

/** Read views over stores, their inventory, orchestrator jobs and agents. */
@Injectable()
export class KeyfactorOrchestratorReads {
  constructor(
    @InjectRepository(CertificateLocationEntity)
    private readonly locations: Repository<CertificateLocationEntity>,
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    @InjectRepository(OrchestratorJobEntity)
    private readonly jobs: Repository<OrchestratorJobEntity>,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly stores: StoresService,
  ) {}

  listStores(): Promise<CertificateStoreEntity[]> {
    return this.stores.list();
  }

  getStore(id: string): Promise<CertificateStoreEntity> {
    return this.stores.get(id);
  }

  /** What certlab knows to be in a store: one location row per alias, with its certificate. */
  async inventory(storeId: string): Promise<StoreInventory> {
    const store = await this.stores.get(storeId);
    const locations = await this.locations.find({
      where: { storeId: store.id },
      order: { alias: 'ASC', id: 'ASC' },
    });
    const ids = [...new Set(locations.map((location) => location.certificateId))];
    const certificates = ids.length === 0 ? [] : await this.certificates.findBy({ id: In(ids) });
    return {
      store,
      locations,
      certificates: new Map(certificates.map((certificate) => [certificate.id, certificate])),
    };
  }

  /** Jobs an agent has not picked up yet (`ScheduledJobs`). */
  scheduledJobs(): Promise<JobsWithStores> {
    return this.withStores(
      this.jobs.find({ where: { status: 'Pending' }, order: { scheduledFor: 'ASC', id: 'ASC' } }),
    );
  }

  /** Jobs an agent has picked up or finished (`JobHistory`); waiting jobs are in `ScheduledJobs`. */
  jobHistory(): Promise<JobsWithStores> {
    return this.withStores(
      this.jobs.find({ where: { status: Not('Pending') }, order: { createdAt: 'ASC', id: 'ASC' } }),
    );
  }

  listAgents(): Promise<AgentEntity[]> {
    return this.agents.find({ order: { clientMachine: 'ASC' } });
  }

  private async withStores(jobs: Promise<OrchestratorJobEntity[]>): Promise<JobsWithStores> {
    const [found, stores] = await Promise.all([jobs, this.stores.list()]);
    return { jobs: found, stores: new Map(stores.map((store) => [store.id, store])) };
  }
}
