import { Column, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';

/** A certificate template: what a certificate issued under it looks like and who may issue it. */
@Entity('templates')
export class TemplateEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** `UserServer`: the name requests use. */
  @Column({ name: 'short_name', type: 'varchar', length: 128, unique: true })
  shortName!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 255 })
  displayName!: string;

  /** One of @certlab/contracts KEY_ALGORITHMS. */
  @Column({ name: 'key_algorithm', type: 'varchar', length: 16 })
  keyAlgorithm!: string;

  @Column({ name: 'validity_days', type: 'integer' })
  validityDays!: number;

  /** Extended key usage names or OIDs. */
  @Column({ name: 'extended_key_usages', type: 'simple-json' })
  extendedKeyUsages!: string[];

  @Column({ name: 'requires_approval', type: 'boolean', default: false })
  requiresApproval!: boolean;

  @ManyToMany(() => CertificateAuthorityEntity)
  @JoinTable({
    name: 'template_authorities',
    joinColumn: { name: 'template_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'authority_id', referencedColumnName: 'id' },
  })
  allowedAuthorities!: CertificateAuthorityEntity[];
}
