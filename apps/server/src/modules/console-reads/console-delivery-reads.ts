import { Injectable } from '@nestjs/common';
import { type z } from 'zod';
import {
  type JobListQuerySchema,
  type JobView,
  type MachineView,
  type Page,
  type StoreDetail,
} from '@certlab/contracts';
import { Clock } from '../../common/clock';
import { AgentsService } from '../agents/agents.service';
import { toAgentView } from '../agents/console-agent.mapper';
import { CertificateQueries } from '../certificates/certificates.queries';
import { toJobView } from '../jobs/console-job.mapper';
import { JobQueries } from '../jobs/jobs.queries';
import { StoresService } from '../stores/stores.service';
import { toMachineViews, toStoreDetail } from './console-delivery.mapper';

export type JobListRequest = z.output<typeof JobListQuerySchema> & { storeId?: string };

/** Machines, agents, stores and jobs, asked of the stores, agents, jobs and certificates modules. */
@Injectable()
export class ConsoleDeliveryReads {
  constructor(
    private readonly stores: StoresService,
    private readonly agents: AgentsService,
    private readonly jobQueries: JobQueries,
    private readonly certificates: CertificateQueries,
    private readonly clock: Clock,
  ) {}

  async jobs(request: JobListRequest): Promise<Page<JobView>> {
    const [{ items, total }, stores] = await Promise.all([
      this.jobQueries.list(
        {
          storeId: request.storeId,
          certificateId: request.certificateId,
          requestId: request.requestId,
          status: request.status,
        },
        request,
      ),
      this.stores.list(),
    ]);
    const storesById = new Map(stores.map((store) => [store.id, store]));
    return {
      items: items.map((job) => toJobView(job, storesById.get(job.storeId))),
      total,
      page: request.page,
      limit: request.limit,
    };
  }

  async machines(): Promise<MachineView[]> {
    const [stores, agents, counts] = await Promise.all([
      this.stores.list(),
      this.agents.list(),
      this.certificates.countsByStore(),
    ]);
    return toMachineViews(stores, agents, counts, this.clock.now());
  }

  async store(id: string): Promise<StoreDetail> {
    const store = await this.stores.get(id);
    const [agents, inventory] = await Promise.all([
      this.agents.list(),
      this.certificates.inventoryOf(store.id),
    ]);
    // The agent the store names, or the one its machine registered (one agent per machine).
    const agent =
      agents.find((candidate) => candidate.id === store.agentId) ??
      agents.find((candidate) => candidate.clientMachine === store.clientMachine);
    const now = this.clock.now();
    return toStoreDetail(store, agent ? toAgentView(agent, now) : null, inventory, now);
  }
}
