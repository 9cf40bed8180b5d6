import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/config';
import { AlertRunner } from './alert-runner.service';
import { ExpirationAlertsService } from './expiration-alerts.service';
import { isDue } from './policies/alert-schedule';

export const SCHEDULER_ACTOR = 'alert-scheduler';

/**
 * Runs every expiration alert when the global schedule is due on the lab clock. It looks on a
 * real-time tick and right after the clock moves (a jump of +60 days is noticed at once). The
 * last run time is stored before the run starts, so a restart never runs the same occurrence again.
 */
@Injectable()
export class AlertScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private current: Promise<boolean> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly alerts: ExpirationAlertsService,
    private readonly runner: AlertRunner,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.clock.onChange(() => this.poke());
    if (this.config.alertTickSeconds > 0) {
      this.timer = setInterval(() => this.poke(), this.config.alertTickSeconds * 1000);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.current?.catch(() => undefined);
  }

  /**
   * Checks the schedule now and runs the alerts when due; resolves to whether it ran. A call
   * while a check is under way makes that check look once more, and shares its answer.
   */
  tick(): Promise<boolean> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    return this.check();
  }

  private check(): Promise<boolean> {
    const work = (async () => {
      let ran = false;
      do {
        this.again = false;
        ran = (await this.runIfDue()) || ran;
      } while (this.again && !this.stopped);
      return ran;
    })();
    this.current = work;
    void work.finally(() => {
      if (this.current === work) this.current = undefined;
    });
    return work;
  }

  private poke(): void {
    if (this.stopped) return;
    this.tick().catch((error: unknown) =>
      this.logger.error(
        'scheduled expiration alerts failed',
        error instanceof Error ? error.stack : String(error),
      ),
    );
  }

  private async runIfDue(): Promise<boolean> {
    if (this.stopped) return false;
    const state = await this.alerts.schedule();
    const now = this.clock.now();
    if (!state.schedule || !state.setAt) return false;
    if (!isDue(state.schedule, { setAt: state.setAt, lastRunAt: state.lastRunAt }, now)) {
      return false;
    }
    await this.alerts.recordScheduledRun(now);
    const alerts = await this.alerts.all();
    const summary = await this.runner.run(alerts, {
      trigger: 'schedule',
      evaluationDate: now,
      previousEvaluationDate: state.lastRunAt,
      sendAlerts: true,
      actor: SCHEDULER_ACTOR,
    });
    this.logger.log(
      `scheduled run at ${now.toISOString()}: ${alerts.length} alert(s), ${summary.reports.length} certificate(s) reported`,
    );
    return true;
  }
}
