import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/**
 * The current CRL of one CA. `revision` counts changes to the CA's revocations; the stored CRL is
 * current while `builtRevision` has caught up with it and the lab clock is before `nextUpdate`.
 */
@Entity('certificate_revocation_lists')
export class CertificateRevocationListEntity {
  @PrimaryColumn({ name: 'authority_id', type: 'integer' })
  authorityId!: number;

  @Column({ type: 'integer', default: 0 })
  revision!: number;

  @Column({ name: 'built_revision', type: 'integer', default: 0 })
  builtRevision!: number;

  @Column({ name: 'crl_number', type: 'integer', default: 0 })
  crlNumber!: number;

  @Column({ name: 'this_update', ...dateColumn, nullable: true })
  thisUpdate!: Date | null;

  @Column({ name: 'next_update', ...dateColumn, nullable: true })
  nextUpdate!: Date | null;

  /** Base64 DER. */
  @Column({ type: 'text', nullable: true })
  der!: string | null;
}
