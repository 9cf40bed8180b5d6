import { Body, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { type z } from 'zod';
import { Clock } from '../../common/clock';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { KeyfactorController } from '../keyfactor-api/keyfactor-controller.decorator';
import { integerId } from '../keyfactor-api/keyfactor-path-params';
import { type HeaderWriter, listPage, type RawQuery } from '../keyfactor-api/keyfactor-query';
import { AlertRunner, TEST_CAP } from './alert-runner.service';
import { AlertErrors } from './alerts.errors';
import {
  AlertCreateSchema,
  AlertUpdateSchema,
  ScheduleRequestSchema,
  TestAllRequestSchema,
  TestRequestSchema,
} from './alerts.schemas';
import {
  type KeyfactorExpirationAlert,
  type KeyfactorExpirationAlertTest,
  type KeyfactorSchedule,
  toKeyfactorExpirationAlert,
  toKeyfactorSchedule,
  toKeyfactorTestResponse,
} from './expiration-alert.mapper';
import { ExpirationAlertsService } from './expiration-alerts.service';

/** `/KeyfactorAPI/Alerts/Expiration`: definitions, the global schedule, Test and TestAll. */
@KeyfactorController('Alerts/Expiration', 'Alerts')
export class KeyfactorExpirationAlertsController {
  constructor(
    private readonly alerts: ExpirationAlertsService,
    private readonly runner: AlertRunner,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Requires('read')
  async list(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorExpirationAlert[]> {
    return listPage(
      response,
      (await this.alerts.list()).map(toKeyfactorExpirationAlert),
      raw,
      'pagedQuery',
      {
        Id: (alert) => alert.Id,
        DisplayName: (alert) => alert.DisplayName,
        ExpirationWarningDays: (alert) => alert.ExpirationWarningDays,
      },
    );
  }

  @Post()
  @HttpCode(200)
  @Requires('admin')
  async create(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorExpirationAlert> {
    const request = parseBody(AlertCreateSchema, body, AlertErrors.invalidRequest);
    return toKeyfactorExpirationAlert(await this.alerts.create(request, actor));
  }

  /** The vendor's edit names the alert in the body (`Id`), not the path. */
  @Put()
  @Requires('admin')
  async update(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorExpirationAlert> {
    const request = parseBody(AlertUpdateSchema, body, AlertErrors.invalidRequest);
    return toKeyfactorExpirationAlert(await this.alerts.update(request.id, request, actor));
  }

  @Get('Schedule')
  @Requires('read')
  async getSchedule(): Promise<{ Schedule: KeyfactorSchedule }> {
    return { Schedule: toKeyfactorSchedule((await this.alerts.schedule()).schedule) };
  }

  @Put('Schedule')
  @Requires('admin')
  async setSchedule(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<{ Schedule: KeyfactorSchedule }> {
    const request = parseBody(ScheduleRequestSchema, body, AlertErrors.invalidSchedule);
    return {
      Schedule: toKeyfactorSchedule(
        (await this.alerts.setSchedule(request.schedule, actor)).schedule,
      ),
    };
  }

  /** Runs the alert for real: its handler renews, whether SendAlerts is set or not (vendor behaviour). */
  @Post('Test')
  @HttpCode(200)
  @Requires('admin')
  async test(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorExpirationAlertTest> {
    const request = parseBody(TestRequestSchema, body, AlertErrors.invalidRequest);
    return this.runTest([await this.alerts.get(request.alertid)], 'test', request, actor);
  }

  @Post('TestAll')
  @HttpCode(200)
  @Requires('admin')
  async testAll(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorExpirationAlertTest> {
    const request = parseBody(TestAllRequestSchema, body, AlertErrors.invalidRequest);
    return this.runTest(await this.alerts.all(), 'test-all', request, actor);
  }

  private async runTest(
    alerts: Parameters<AlertRunner['run']>[0],
    trigger: 'test' | 'test-all',
    request: z.infer<typeof TestAllRequestSchema>,
    actor: Actor,
  ): Promise<KeyfactorExpirationAlertTest> {
    const summary = await this.runner.run(alerts, {
      trigger,
      evaluationDate: request.evaluationdate ?? this.clock.now(),
      previousEvaluationDate: request.previousevaluationdate ?? null,
      sendAlerts: request.sendalerts,
      actor: actor.username,
      cap: TEST_CAP,
    });
    return toKeyfactorTestResponse(summary.reports, summary.capped);
  }

  @Get(':id')
  @Requires('read')
  async get(@Param('id') id: string): Promise<KeyfactorExpirationAlert> {
    return toKeyfactorExpirationAlert(await this.alerts.view(integerId(id, 'Expiration alert')));
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('admin')
  async delete(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.alerts.delete(integerId(id, 'Expiration alert'), actor);
  }
}
