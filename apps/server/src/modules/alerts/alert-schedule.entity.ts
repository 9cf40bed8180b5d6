import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';
import { type AlertSchedule } from './policies/alert-schedule';

/** The one global schedule of a kind of alert (only `expiration` so far) and its last run. */
@Entity('alert_schedules')
export class AlertScheduleEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: string;

  /** Null: off. */
  @Column({ type: 'simple-json', nullable: true })
  schedule!: AlertSchedule | null;

  /** Lab-clock time the schedule was set; occurrences before it never fire. */
  @Column({ name: 'set_at', ...dateColumn, nullable: true })
  setAt!: Date | null;

  /** Lab-clock time of the last scheduled run, so a restart does not run again. */
  @Column({ name: 'last_run_at', ...dateColumn, nullable: true })
  lastRunAt!: Date | null;
}
