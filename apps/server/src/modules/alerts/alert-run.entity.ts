import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type RunOutcome } from '@certlab/contracts';
import { dateColumn } from '../../database/columns';

// One list of outcomes, shared with the console's run views.
export { RUN_OUTCOMES, type RunOutcome } from '@certlab/contracts';

export const RUN_TRIGGERS = ['schedule', 'test', 'test-all'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** One evaluation of one alert. */
@Entity('alert_runs')
export class AlertRunEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'alert_id', type: 'integer' })
  alertId!: number;

  @Column({ type: 'varchar', length: 16 })
  trigger!: RunTrigger;

  @Column({ name: 'evaluation_date', ...dateColumn })
  evaluationDate!: Date;

  @Column({ name: 'previous_evaluation_date', ...dateColumn, nullable: true })
  previousEvaluationDate!: Date | null;

  /** Whether notifications went to the outbox (a Test with SendAlerts=false still runs the handler). */
  @Column({ name: 'send_alerts', type: 'boolean', default: false })
  sendAlerts!: boolean;

  @Column({ type: 'varchar', length: 255 })
  actor!: string;

  @Column({ name: 'started_at', ...dateColumn })
  startedAt!: Date;

  @Column({ name: 'finished_at', ...dateColumn, nullable: true })
  finishedAt!: Date | null;
}

/** What a run did with one certificate. */
@Entity('alert_run_results')
export class AlertRunResultEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'run_id', type: 'integer' })
  runId!: number;

  @Column({ name: 'certificate_id', type: 'integer' })
  certificateId!: number;

  @Column({ type: 'varchar', length: 16 })
  outcome!: RunOutcome;

  @Column({ name: 'new_certificate_id', type: 'integer', nullable: true })
  newCertificateId!: number | null;

  @Column({ name: 'request_id', type: 'integer', nullable: true })
  requestId!: number | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;
}

/** The report-once set: a certificate an alert has reported is never reported by it again. */
@Entity('alert_reported_certificates')
export class AlertReportedCertificateEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'alert_id', type: 'integer' })
  alertId!: number;

  @Column({ name: 'certificate_id', type: 'integer' })
  certificateId!: number;

  @Column({ name: 'run_id', type: 'integer' })
  runId!: number;

  @Column({ name: 'reported_at', ...dateColumn })
  reportedAt!: Date;
}
