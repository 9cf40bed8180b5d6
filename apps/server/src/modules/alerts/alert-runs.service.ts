import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AlertRunEntity, AlertRunResultEntity } from './alert-run.entity';
import { AlertErrors } from './alerts.errors';
import { ExpirationAlertsService } from './expiration-alerts.service';

export interface RunWithResults {
  run: AlertRunEntity;
  results: AlertRunResultEntity[];
}

/** Reads of recorded runs for certlab's own API. */
@Injectable()
export class AlertRunsService {
  constructor(
    @InjectRepository(AlertRunEntity)
    private readonly runs: Repository<AlertRunEntity>,
    @InjectRepository(AlertRunResultEntity)
    private readonly results: Repository<AlertRunResultEntity>,
    private readonly alerts: ExpirationAlertsService,
  ) {}

  /** Newest first. */
  async forAlert(alertId: number): Promise<RunWithResults[]> {
    await this.alerts.get(alertId);
    return this.withResults(await this.runs.find({ where: { alertId }, order: { id: 'DESC' } }));
  }

  /** These runs, in the order given, each with its results: two queries for any number. */
  async byIds(ids: readonly number[]): Promise<RunWithResults[]> {
    if (ids.length === 0) return [];
    const runs = new Map(
      (await this.runs.findBy({ id: In([...ids]) })).map((run) => [run.id, run]),
    );
    return this.withResults(ids.flatMap((id) => runs.get(id) ?? []));
  }

  private async withResults(runs: AlertRunEntity[]): Promise<RunWithResults[]> {
    const results =
      runs.length === 0
        ? []
        : await this.results.find({
            where: { runId: In(runs.map((run) => run.id)) },
            order: { id: 'ASC' },
          });
    return runs.map((run) => ({
      run,
      results: results.filter((result) => result.runId === run.id),
    }));
  }

  async get(runId: number): Promise<RunWithResults> {
    const run = await this.runs.findOneBy({ id: runId });
    if (!run) throw AlertErrors.runNotFound(`Alert run ${runId} was not found.`);
    return {
      run,
      results: await this.results.find({ where: { runId }, order: { id: 'ASC' } }),
    };
  }
}
