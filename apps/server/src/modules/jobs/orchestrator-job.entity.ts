import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

export const JOB_STATUSES = ['Pending', 'InProcess', 'Succeeded', 'Warning', 'Failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** An orchestrator job on one store, e.g. a Management/Add that delivers a renewed certificate. */
@Entity('orchestrator_jobs')
@Index('orchestrator_jobs_store_status', ['storeId', 'status'])
export class OrchestratorJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'store_id', type: 'varchar', length: 36 })
  storeId!: string;

  /** `Management`, `Inventory`. */
  @Column({ name: 'job_type', type: 'varchar', length: 32 })
  jobType!: string;

  /** ManagementOperationType: 1 Inventory, 2 Add, 3 Remove. */
  @Column({ name: 'operation_type', type: 'integer' })
  operationType!: number;

  @Column({ name: 'certificate_id', type: 'integer', nullable: true })
  certificateId!: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  alias!: string | null;

  @Column({ type: 'boolean', default: false })
  overwrite!: boolean;

  @Column({ type: 'varchar', length: 16 })
  status!: JobStatus;

  @Column({ name: 'request_id', type: 'integer', nullable: true })
  requestId!: number | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 255 })
  requestedBy!: string;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;

  @Column({ name: 'scheduled_for', ...dateColumn })
  scheduledFor!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'lease_until', ...dateColumn, nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'claimed_by', type: 'varchar', length: 36, nullable: true })
  claimedBy!: string | null;

  /** When the latest claim was made (the renewal timeline shows it). */
  @Column({ name: 'claimed_at', ...dateColumn, nullable: true })
  claimedAt!: Date | null;

  @Column({ name: 'completed_at', ...dateColumn, nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'result_message', type: 'text', nullable: true })
  resultMessage!: string | null;
}
