import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** A saved certificate query (Command's "certificate collection"); alerts refer to one. */
@Entity('certificate_collections')
export class CertificateCollectionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The lower-cased name, unique: names are matched case-insensitively. */
  @Column({ name: 'name_key', type: 'varchar', length: 100, unique: true })
  nameKey!: string;

  @Column({ type: 'varchar', length: 1000 })
  description!: string;

  /** Certificate query language text; '' selects every certificate. */
  @Column({ type: 'text' })
  query!: string;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;
}
