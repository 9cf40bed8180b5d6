import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** The lab clock's one row (id 1). No row means real time. */
@Entity('lab_clock')
export class LabClockEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  /** `system`, `offset` or `frozen`. */
  @Column({ type: 'varchar', length: 8 })
  mode!: string;

  /**
   * The two readings taken when the clock was last changed: the lab's time and the real time.
   * `offset`: the clock runs `virtualAt - realAt` ahead; `frozen`: it stands at `virtualAt`.
   * Stored as two instants rather than a number: exact, portable and readable in the table.
   */
  @Column({ name: 'virtual_at', ...dateColumn, nullable: true })
  virtualAt!: Date | null;

  @Column({ name: 'real_at', ...dateColumn, nullable: true })
  realAt!: Date | null;

  @Column({ name: 'changed_by', type: 'varchar', length: 128 })
  changedBy!: string;
}
