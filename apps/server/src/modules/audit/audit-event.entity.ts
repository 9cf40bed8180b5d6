import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** Append-only; each row's hash covers its content and the previous row's hash. */
@Entity('audit_events')
@Index('audit_events_subject', ['subjectType', 'subjectId'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ ...dateColumn })
  at!: Date;

  @Column({ type: 'varchar', length: 255 })
  actor!: string;

  /** e.g. `certificate.renewed`, `request.approved`. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 64 })
  subjectId!: string;

  @Column({ type: 'simple-json' })
  details!: Record<string, unknown>;

  @Column({ name: 'previous_hash', type: 'varchar', length: 64 })
  previousHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
