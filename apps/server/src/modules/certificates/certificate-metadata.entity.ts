import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One metadata value of one certificate; a row per value so queries can filter on it. */
@Entity('certificate_metadata')
export class CertificateMetadataEntity {
  @PrimaryColumn({ name: 'certificate_id', type: 'integer' })
  certificateId!: number;

  @PrimaryColumn({ name: 'field_id', type: 'integer' })
  fieldId!: number;

  @Column({ type: 'text' })
  value!: string;
}
