import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** An issued (or imported) certificate. Its id is Keyfactor's CMSID / certificate Id. */
@Entity('certificates')
@Index('certificates_serial_issuer', ['serialNumber', 'issuerDn'])
export class CertificateEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Upper-case hex, no separators or leading zeros. */
  @Column({ name: 'serial_number', type: 'varchar', length: 64 })
  serialNumber!: string;

  /** Normalised DN (`normalizeDn`), so lookups compare like with like. */
  @Column({ name: 'issuer_dn', type: 'varchar', length: 1024 })
  issuerDn!: string;

  @Index('certificates_thumbprint', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  thumbprint!: string;

  @Column({ type: 'varchar', length: 1024 })
  subject!: string;

  @Column({ name: 'common_name', type: 'varchar', length: 255, nullable: true })
  commonName!: string | null;

  @Column({ name: 'subject_alt_names', type: 'simple-json' })
  subjectAltNames!: { dns: string[]; ip: string[]; email: string[]; uri: string[] };

  @Column({ name: 'not_before', ...dateColumn })
  notBefore!: Date;

  @Index('certificates_not_after')
  @Column({ name: 'not_after', ...dateColumn })
  notAfter!: Date;

  /** `RSA-2048`, `P-256`… or a description of a key certlab does not issue for. */
  @Column({ name: 'key_algorithm', type: 'varchar', length: 32 })
  keyAlgorithm!: string;

  @Column({ name: 'signature_algorithm', type: 'varchar', length: 64 })
  signatureAlgorithm!: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem!: string;

  /** Server-generated keys only, AES-256-GCM under the master key. */
  @Column({ name: 'encrypted_private_key', type: 'text', nullable: true })
  encryptedPrivateKey!: string | null;

  @Column({ name: 'authority_id', type: 'integer', nullable: true })
  authorityId!: number | null;

  @Column({ name: 'template_id', type: 'integer', nullable: true })
  templateId!: number | null;

  @Column({ name: 'request_id', type: 'integer', nullable: true })
  requestId!: number | null;

  /** Lineage: the certificate this one renewed. */
  @Index('certificates_renewed_from')
  @Column({ name: 'renewed_from_id', type: 'integer', nullable: true })
  renewedFromId!: number | null;

  @Column({ name: 'revoked_at', ...dateColumn, nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revocation_reason', type: 'varchar', length: 32, nullable: true })
  revocationReason!: string | null;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;
}
