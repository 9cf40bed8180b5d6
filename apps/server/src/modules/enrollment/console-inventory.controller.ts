import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  InventoryScheduleRequestSchema,
  type JobView,
  ManagementOperationType,
} from '@certlab/contracts';
import { guidParam, parseApiBody } from '../../common/api/api-params';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { toJobView } from '../jobs/console-job.mapper';
import { JobQueries } from '../jobs/jobs.queries';
import { StoresService } from '../stores/stores.service';
import { DeploymentService } from './deployment.service';

/** `POST /api/stores/{id}/inventory`: the store's agent reports what it holds, now or later. */
@ApiTags('Console: delivery')
@Controller('api')
export class ConsoleInventoryController {
  constructor(
    private readonly deployments: DeploymentService,
    private readonly stores: StoresService,
    private readonly jobs: JobQueries,
  ) {}

  @Post('stores/:id/inventory')
  @HttpCode(201)
  @Requires('admin')
  async schedule(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<JobView> {
    const store = await this.stores.get(guidParam(id, 'Store id'));
    const { at } = parseApiBody(InventoryScheduleRequestSchema, body);
    // The use case answers with the stores; the job it wrote is the one that was not there before.
    const inventoryJobs = { storeId: store.id, operationType: ManagementOperationType.Inventory };
    const before = await this.jobs.idsOf(inventoryJobs);
    await this.deployments.scheduleInventory([store.id], actor, at ? new Date(at) : undefined);
    const added = [...(await this.jobs.idsOf(inventoryJobs))].filter((jobId) => !before.has(jobId));
    const [job] = await this.jobs.byIds(added);
    if (!job) throw new Error(`no inventory job was written for store ${store.id}`);
    return toJobView(job, store);
  }
}
