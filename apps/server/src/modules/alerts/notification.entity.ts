import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** `none`: no webhook configured, the outbox is the notification. */
export const DELIVERY_STATUSES = ['none', 'pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One message of an alert run to one recipient (the outbox). */
@Entity('notification_outbox')
export class NotificationEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'run_id', type: 'integer' })
  runId!: number;

  @Column({ name: 'alert_id', type: 'integer' })
  alertId!: number;

  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'certificate_ids', type: 'simple-json' })
  certificateIds!: number[];

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;

  @Column({ name: 'delivery_status', type: 'varchar', length: 16 })
  deliveryStatus!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', ...dateColumn, nullable: true })
  deliveredAt!: Date | null;
}
