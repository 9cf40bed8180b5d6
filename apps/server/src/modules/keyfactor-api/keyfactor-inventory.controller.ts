import { Get, Param, Query, Res } from '@nestjs/common';
import { Requires } from '../auth/permissions';
import { KeyfactorController } from './keyfactor-controller.decorator';
import {
  type KeyfactorAgent,
  type KeyfactorCertificateStore,
  type KeyfactorInventoryEntry,
  type KeyfactorJobHistory,
  type KeyfactorScheduledJob,
} from './keyfactor-models';
import {
  toInventoryEntries,
  toJobHistory,
  toKeyfactorAgent,
  toKeyfactorStore,
  toScheduledJob,
} from './keyfactor-orchestrator.mapper';
import { KeyfactorOrchestratorReads } from './keyfactor-orchestrator-reads.service';
import { guidId } from './keyfactor-path-params';
import {
  type HeaderWriter,
  KeyfactorQuery,
  listPage,
  pageOf,
  type RawQuery,
  readListQuery,
  writeTotalCount,
} from './keyfactor-query';

/** Where certificates live and what moves them there: stores, their inventory, jobs, agents. */
@KeyfactorController('', 'Inventory')
export class KeyfactorInventoryController {
  constructor(private readonly reads: KeyfactorOrchestratorReads) {}

  /** Not in the vendor's v1 document (only DELETE is); shaped as its `Models.CertificateStore`. */
  @Get('CertificateStores')
  @Requires('read')
  async listStores(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorCertificateStore[]> {
    return listPage(response, (await this.reads.listStores()).map(toKeyfactorStore), raw, 'pq', {
      ClientMachine: (store) => store.ClientMachine,
      Storepath: (store) => store.Storepath,
      CertStoreType: (store) => store.CertStoreType,
    });
  }

  @Get('CertificateStores/:id')
  @Requires('read')
  async getStore(@Param('id') id: string): Promise<KeyfactorCertificateStore> {
    return toKeyfactorStore(await this.reads.getStore(guidId(id, 'Certificate store')));
  }

  @Get('CertificateStores/:id/Inventory')
  @Requires('read')
  async inventory(
    @Param('id') id: string,
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorInventoryEntry[]> {
    const list = readListQuery(new KeyfactorQuery(raw), 'query');
    const { locations, certificates } = await this.reads.inventory(guidId(id, 'Certificate store'));
    const page = pageOf(toInventoryEntries(locations, certificates), list, {
      Name: (entry) => entry.Name,
    });
    writeTotalCount(response, page.total);
    return page.items;
  }

  @Get('OrchestratorJobs/JobHistory')
  @Requires('read')
  async jobHistory(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorJobHistory[]> {
    const list = readListQuery(new KeyfactorQuery(raw), 'pq');
    const { jobs, stores } = await this.reads.jobHistory();
    const page = pageOf(
      jobs.map((job) => toJobHistory(job, stores.get(job.storeId))),
      list,
      {
        JobType: (job) => job.JobType,
        ClientMachine: (job) => job.ClientMachine,
        OperationEnd: (job) => job.OperationEnd ?? '',
        Result: (job) => job.Result,
        Status: (job) => job.Status,
      },
    );
    writeTotalCount(response, page.total);
    return page.items;
  }

  @Get('OrchestratorJobs/ScheduledJobs')
  @Requires('read')
  async scheduledJobs(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorScheduledJob[]> {
    const list = readListQuery(new KeyfactorQuery(raw), 'pq');
    const { jobs, stores } = await this.reads.scheduledJobs();
    const page = pageOf(
      jobs.map((job) => toScheduledJob(job, stores.get(job.storeId))),
      list,
      {
        JobType: (job) => job.JobType,
        ClientMachine: (job) => job.ClientMachine,
        Requested: (job) => job.Requested,
      },
    );
    writeTotalCount(response, page.total);
    return page.items;
  }

  @Get('Agents')
  @Requires('read')
  async agents(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorAgent[]> {
    return listPage(response, (await this.reads.listAgents()).map(toKeyfactorAgent), raw, 'pq', {
      ClientMachine: (agent) => agent.ClientMachine,
      Status: (agent) => agent.Status,
      LastSeen: (agent) => agent.LastSeen ?? '',
    });
  }
}
