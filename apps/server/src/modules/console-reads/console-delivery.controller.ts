import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  JobListQuerySchema,
  type JobView,
  type MachineView,
  type Page,
  type StoreDetail,
} from '@certlab/contracts';
import { guidParam, parseQueryString } from '../../common/api/api-params';
import { Requires } from '../auth/permissions';
import { ConsoleDeliveryReads } from './console-delivery-reads';

/** Where certificates live and what moves them: machines, their agents and stores, jobs. */
@ApiTags('Console: delivery')
@Controller('api')
export class ConsoleDeliveryController {
  constructor(private readonly reads: ConsoleDeliveryReads) {}

  /** Newest first. */
  @Get('jobs')
  @Requires('read')
  jobs(@Query() query: unknown): Promise<Page<JobView>> {
    const request = parseQueryString(JobListQuerySchema, query);
    return this.reads.jobs({
      ...request,
      storeId: request.storeId === undefined ? undefined : guidParam(request.storeId, 'storeId'),
    });
  }

  @Get('machines')
  @Requires('read')
  machines(): Promise<MachineView[]> {
    return this.reads.machines();
  }

  @Get('stores/:id')
  @Requires('read')
  store(@Param('id') id: string): Promise<StoreDetail> {
    return this.reads.store(guidParam(id, 'Store id'));
  }
}
