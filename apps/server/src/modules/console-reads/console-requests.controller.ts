import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page, RequestListQuerySchema, type RequestView } from '@certlab/contracts';
import { parseQueryString } from '../../common/api/api-params';
import { Requires } from '../auth/permissions';
import { ConsoleRequestViews } from '../enrollment/console-request-views';
import { RequestQueries } from '../requests/requests.queries';

/** `GET /api/requests`: the approval workflow's requests, newest first (approve/deny: enrollment). */
@ApiTags('Console: renewal and approval')
@Controller('api/requests')
export class ConsoleRequestsController {
  constructor(
    private readonly requests: RequestQueries,
    private readonly views: ConsoleRequestViews,
  ) {}

  @Get()
  @Requires('read')
  async list(@Query() query: unknown): Promise<Page<RequestView>> {
    const { status, page, limit } = parseQueryString(RequestListQuerySchema, query);
    const { items, total } = await this.requests.list(status, { page, limit });
    return { items: await this.views.toViews(items), total, page, limit };
  }
}
