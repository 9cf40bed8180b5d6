import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

export const REQUEST_STATUSES = ['PENDING', 'ISSUED', 'DENIED', 'FAILED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A certificate request; its id is the CMSRequestId / KeyfactorRequestId. */
@Entity('certificate_requests')
export class CertificateRequestEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: RequestStatus;

  @Column({ type: 'varchar', length: 255 })
  requester!: string;

  @Column({ name: 'submitted_at', ...dateColumn })
  submittedAt!: Date;

  @Column({ name: 'resolved_at', ...dateColumn, nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by', type: 'varchar', length: 255, nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  comment!: string | null;

  @Column({ name: 'template_id', type: 'integer' })
  templateId!: number;

  @Column({ name: 'authority_id', type: 'integer' })
  authorityId!: number;

  @Column({ type: 'varchar', length: 1024 })
  subject!: string;

  @Column({ name: 'subject_alt_names', type: 'simple-json' })
  subjectAltNames!: { dns: string[]; ip: string[]; email: string[]; uri: string[] };

  @Column({ name: 'key_algorithm', type: 'varchar', length: 16 })
  keyAlgorithm!: string;

  /** The merged, validated metadata the certificate gets when issued. */
  @Column({ type: 'simple-json' })
  metadata!: Record<string, string>;

  /** Stores to deliver to once issued (a pending request remembers them). */
  @Column({ name: 'target_store_ids', type: 'simple-json' })
  targetStoreIds!: string[];

  @Column({ name: 'renewal_of_certificate_id', type: 'integer', nullable: true })
  renewalOfCertificateId!: number | null;

  @Column({ name: 'certificate_id', type: 'integer', nullable: true })
  certificateId!: number | null;
}
