import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type AuditChainStatus,
  type AuditEventView,
  type AuditFacets,
  AuditQuerySchema,
  type Page,
} from '@certlab/contracts';
import { parseQueryString } from '../../common/api/api-params';
import { AuditQueries } from '../audit/audit.queries';
import { Requires } from '../auth/permissions';
import { toAuditChainStatus, toAuditEventView } from './console-audit.mapper';

/** The hash-chained audit trail: pages of events, the values to filter by, the chain's state. */
@ApiTags('Console: audit')
@Controller('api/audit')
export class ConsoleAuditController {
  constructor(private readonly audit: AuditQueries) {}

  /** Newest first; `action` may end in `.*` for a family (`certificate.*`). */
  @Get()
  @Requires('read')
  async list(@Query() query: unknown): Promise<Page<AuditEventView>> {
    const { page, limit, ...filter } = parseQueryString(AuditQuerySchema, query);
    const { items, total } = await this.audit.list(filter, { page, limit });
    return { items: items.map(toAuditEventView), total, page, limit };
  }

  @Get('facets')
  @Requires('read')
  facets(): Promise<AuditFacets> {
    return this.audit.facets();
  }

  /** Every hash recomputed, now. */
  @Get('chain')
  @Requires('read')
  async chain(): Promise<AuditChainStatus> {
    return toAuditChainStatus(await this.audit.checkChain());
  }
}
