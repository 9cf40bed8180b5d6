import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Metadata DataType values as the vendor numbers them (renew-reference.md section 6). */
export const MetadataDataType = {
  String: 1,
  Integer: 2,
  Date: 3,
  Boolean: 4,
  MultipleChoice: 5,
  BigText: 6,
  Email: 7,
} as const;
export type MetadataDataType = (typeof MetadataDataType)[keyof typeof MetadataDataType];

/** Enrollment: 0 optional, 1 required, 2 hidden. */
export const MetadataEnrollment = { Optional: 0, Required: 1, Hidden: 2 } as const;
export type MetadataEnrollment = (typeof MetadataEnrollment)[keyof typeof MetadataEnrollment];

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
