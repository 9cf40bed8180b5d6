import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** A CA of the lab: a root or an issuing CA, named `host\logical` as Command names CAs. */
@Entity('certificate_authorities')
export class CertificateAuthorityEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** `CA1.jdk.com\jdk-CA1` */
  @Column({ name: 'config_name', type: 'varchar', length: 255, unique: true })
  configName!: string;

  @Column({ name: 'host_name', type: 'varchar', length: 255 })
  hostName!: string;

  @Column({ name: 'logical_name', type: 'varchar', length: 255 })
  logicalName!: string;

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId!: number | null;

  @Column({ name: 'is_root', type: 'boolean' })
  isRoot!: boolean;

  @Column({ type: 'varchar', length: 1024 })
  subject!: string;

  @Column({ type: 'varchar', length: 40 })
  thumbprint!: string;

  @Column({ name: 'key_algorithm', type: 'varchar', length: 16 })
  keyAlgorithm!: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem!: string;

  /** AES-256-GCM under the master key (see KeyVault). */
  @Column({ name: 'encrypted_private_key', type: 'text' })
  encryptedPrivateKey!: string;

  @Column({ name: 'crl_number', type: 'integer', default: 0 })
  crlNumber!: number;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;
}
