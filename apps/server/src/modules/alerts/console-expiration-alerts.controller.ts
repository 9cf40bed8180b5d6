import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AlertEvaluationRequestSchema,
  AlertInputSchema,
  type AlertPreviewView,
  type AlertRunView,
  AlertScheduleInputSchema,
  type AlertScheduleView,
  type AlertView,
} from '@certlab/contracts';
import { parseApiBody, positiveIdParam } from '../../common/api/api-params';
import { Clock } from '../../common/clock';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { toAlertRunView } from './alert-run.mapper';
import { AlertRunner, TEST_CAP } from './alert-runner.service';
import { AlertRunsService } from './alert-runs.service';
import {
  toAlertCreate,
  toAlertPreviewView,
  toAlertSchedule,
  toAlertScheduleView,
  toAlertView,
} from './console-alert.mapper';
import { type ExpirationAlertEntity } from './expiration-alert.entity';
import { ExpirationAlertsService } from './expiration-alerts.service';

/**
 * The console's expiration alerts: definitions, the one schedule, a preview that changes nothing
 * and a real run (as the Keyfactor Test/TestAll). Literal paths come before `:id`.
 */
@ApiTags('Console: expiration alerts')
@Controller('api/alerts/expiration')
export class ConsoleExpirationAlertsController {
  constructor(
    private readonly alerts: ExpirationAlertsService,
    private readonly runner: AlertRunner,
    private readonly runs: AlertRunsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Requires('read')
  async list(): Promise<AlertView[]> {
    return (await this.alerts.list()).map(toAlertView);
  }

  @Post()
  @HttpCode(201)
  @Requires('admin')
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<AlertView> {
    const input = parseApiBody(AlertInputSchema, body);
    return toAlertView(await this.alerts.create(toAlertCreate(input), actor));
  }

  @Get('schedule')
  @Requires('read')
  async schedule(): Promise<AlertScheduleView> {
    return toAlertScheduleView(await this.alerts.schedule());
  }

  /** `{schedule: null}` switches it off; the property is required, so `{}` is a 400. */
  @Put('schedule')
  @Requires('admin')
  async setSchedule(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<AlertScheduleView> {
    const { schedule } = parseApiBody(AlertScheduleInputSchema, body);
    return toAlertScheduleView(await this.alerts.setSchedule(toAlertSchedule(schedule), actor));
  }

  /** What a run would report and do at the evaluation date; changes nothing. */
  @Post('preview')
  @HttpCode(200)
  @Requires('read')
  async preview(@Body() body: unknown): Promise<AlertPreviewView> {
    const request = parseApiBody(AlertEvaluationRequestSchema, body);
    const evaluationDate = this.evaluationDate(request.evaluationDate);
    const alerts = await this.selected(request.alertIds);
    return toAlertPreviewView(evaluationDate, await this.runner.preview(alerts, evaluationDate));
  }

  /** Runs the alerts for real, as the Keyfactor Test does: the handler renews. */
  @Post('run')
  @HttpCode(200)
  @Requires('admin')
  async run(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<AlertRunView[]> {
    const request = parseApiBody(AlertEvaluationRequestSchema, body);
    const evaluationDate = this.evaluationDate(request.evaluationDate);
    const summary = await this.runner.run(await this.selected(request.alertIds), {
      trigger: 'test',
      evaluationDate,
      previousEvaluationDate: null,
      sendAlerts: request.sendAlerts,
      actor: actor.username,
      cap: TEST_CAP,
    });
    return (await this.runs.byIds(summary.runs.map((run) => run.id))).map(toAlertRunView);
  }

  @Get(':id')
  @Requires('read')
  async get(@Param('id') id: string): Promise<AlertView> {
    return toAlertView(await this.alerts.view(positiveIdParam(id, 'Expiration alert id')));
  }

  @Put(':id')
  @Requires('admin')
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<AlertView> {
    const alertId = positiveIdParam(id, 'Expiration alert id');
    const input = parseApiBody(AlertInputSchema, body);
    return toAlertView(await this.alerts.update(alertId, toAlertCreate(input), actor));
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('admin')
  async delete(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.alerts.delete(positiveIdParam(id, 'Expiration alert id'), actor);
  }

  private evaluationDate(given: string | undefined): Date {
    return given === undefined ? this.clock.now() : new Date(given);
  }

  /** The named alerts (an unknown id is a 404), or all of them. */
  private async selected(ids: number[] | undefined): Promise<ExpirationAlertEntity[]> {
    if (ids === undefined) return this.alerts.all();
    const alerts: ExpirationAlertEntity[] = [];
    for (const id of new Set(ids)) alerts.push(await this.alerts.get(id));
    return alerts;
  }
}
