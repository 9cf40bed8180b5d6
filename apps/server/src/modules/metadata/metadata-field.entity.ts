import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type MetadataDataType, type MetadataEnrollment } from '@certlab/contracts';

// One definition of the numbers, shared with the console's metadata inputs.
export { MetadataDataType, MetadataEnrollment } from '@certlab/contracts';

@Entity('metadata_fields')
export class MetadataFieldEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 128, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 1024 })
  description!: string;

  @Column({ name: 'data_type', type: 'integer' })
  dataType!: MetadataDataType;

  @Column({ type: 'varchar', length: 255, nullable: true })
  hint!: string | null;

  /** Regular expression a String value must match. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  validation!: string | null;

  /** Shown when `validation` fails. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  message!: string | null;

  @Column({ type: 'integer', default: 0 })
  enrollment!: MetadataEnrollment;

  /** MultipleChoice options, comma-separated as the vendor stores them. */
  @Column({ type: 'varchar', length: 4096, nullable: true })
  options!: string | null;

  @Column({ name: 'default_value', type: 'varchar', length: 1024, nullable: true })
  defaultValue!: string | null;

  @Column({ name: 'display_order', type: 'integer', default: 0 })
  displayOrder!: number;
}
