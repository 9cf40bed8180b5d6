import { Controller, Get, Param, Query } from '@nestjs/common';
import { Requires } from '../auth/permissions';
import { integerId } from '../keyfactor-api/keyfactor-path-params';
import { KeyfactorQuery, type RawQuery } from '../keyfactor-api/keyfactor-query';
import {
  type AlertRunResponse,
  type NotificationResponse,
  toAlertRunResponse,
  toNotificationResponse,
} from './alert-run.mapper';
import { AlertRunsService } from './alert-runs.service';
import { EVENT_HANDLERS, type RegisteredEventHandler } from './event-handlers';
import { NotificationsService } from './notifications.service';

/** certlab's own `/api` reads: what each alert run did, the outbox, the handler registry. */
@Controller('api')
export class AlertsConsoleController {
  constructor(
    private readonly runs: AlertRunsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The vendor document has no endpoint for registered handlers; this is certlab's. */
  @Get('alerts/handlers')
  @Requires('read')
  handlers(): readonly RegisteredEventHandler[] {
    return EVENT_HANDLERS;
  }

  /** Newest first, each with its per-certificate results. */
  @Get('alerts/expiration/:id/runs')
  @Requires('read')
  async runsOf(@Param('id') id: string): Promise<AlertRunResponse[]> {
    return (await this.runs.forAlert(integerId(id, 'Expiration alert'))).map(toAlertRunResponse);
  }

  @Get('alerts/runs/:runId')
  @Requires('read')
  async run(@Param('runId') runId: string): Promise<AlertRunResponse> {
    return toAlertRunResponse(await this.runs.get(integerId(runId, 'Alert run')));
  }

  /** Paged with `page` (1-based) and `limit` (default 50, at most 1000), newest first. */
  @Get('notifications')
  @Requires('read')
  async outbox(
    @Query() raw: RawQuery,
  ): Promise<{ total: number; page: number; limit: number; items: NotificationResponse[] }> {
    const query = new KeyfactorQuery(raw);
    const page = query.integer('page', { min: 1 }) ?? 1;
    const limit = query.integer('limit', { min: 1, max: 1000 }) ?? 50;
    const { total, items } = await this.notifications.list(page, limit);
    return { total, page, limit, items: items.map(toNotificationResponse) };
  }
}
