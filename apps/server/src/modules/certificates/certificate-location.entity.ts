import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Where a certificate is deployed: a store and the alias it has there (inventory's view). */
@Entity('certificate_locations')
@Index('certificate_locations_store_cert', ['storeId', 'certificateId'], { unique: true })
export class CertificateLocationEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('certificate_locations_certificate')
  @Column({ name: 'certificate_id', type: 'integer' })
  certificateId!: number;

  @Column({ name: 'store_id', type: 'varchar', length: 36 })
  storeId!: string;

  @Column({ type: 'varchar', length: 255 })
  alias!: string;
}
