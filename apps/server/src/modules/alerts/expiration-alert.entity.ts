import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** One `EventHandlerParameters` entry as the client sent it. */
export interface HandlerParameter {
  key: string;
  value: string;
  type: string;
}

/** An expiration alert (renew-reference.md section 5). */
@Entity('expiration_alerts')
export class ExpirationAlertEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'display_name', type: 'varchar', length: 255 })
  displayName!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'warning_days', type: 'integer' })
  warningDays!: number;

  @Column({ name: 'collection_id', type: 'integer' })
  collectionId!: number;

  @Column({ type: 'simple-json' })
  recipients!: string[];

  /** A registered event handler's id (event-handlers.ts); null when the alert has none. */
  @Column({ name: 'handler_id', type: 'integer', nullable: true })
  handlerId!: number | null;

  @Column({ name: 'use_handler', type: 'boolean', default: false })
  useHandler!: boolean;

  @Column({ name: 'handler_parameters', type: 'simple-json' })
  handlerParameters!: HandlerParameter[];

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;
}
