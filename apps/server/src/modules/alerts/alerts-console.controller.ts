import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  type AlertRunView,
  NotificationListQuerySchema,
  type NotificationView,
  type Page,
} from '@certlab/contracts';
import { parseQueryString, positiveIdParam } from '../../common/api/api-params';
import { Requires } from '../auth/permissions';
import { toAlertRunView, toNotificationView } from './alert-run.mapper';
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
  async runsOf(@Param('id') id: string): Promise<AlertRunView[]> {
    return (await this.runs.forAlert(positiveIdParam(id, 'Expiration alert id'))).map(
      toAlertRunView,
    );
  }

  @Get('alerts/runs/:runId')
  @Requires('read')
  async run(@Param('runId') runId: string): Promise<AlertRunView> {
    return toAlertRunView(await this.runs.get(positiveIdParam(runId, 'Alert run id')));
  }

  /** Paged with `page` (1-based) and `limit` (default 50, at most 1000), newest first. */
  @Get('notifications')
  @Requires('read')
  async outbox(@Query() query: unknown): Promise<Page<NotificationView>> {
    const { page, limit } = parseQueryString(NotificationListQuerySchema, query);
    const { total, items } = await this.notifications.list(page, limit);
    return { total, page, limit, items: items.map(toNotificationView) };
  }
}
