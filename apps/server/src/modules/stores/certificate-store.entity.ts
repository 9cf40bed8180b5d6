import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** A certificate store on a (simulated) machine; `id` is the GUID requests name it by. */
@Entity('certificate_stores')
@Index('certificate_stores_machine_path', ['clientMachine', 'storePath'], { unique: true })
export class CertificateStoreEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** A name (host or IP as text), never an address certlab connects to. */
  @Column({ name: 'client_machine', type: 'varchar', length: 255 })
  clientMachine!: string;

  @Column({ name: 'store_path', type: 'varchar', length: 1024 })
  storePath!: string;

  /** Store type short name: `PEM` (RFPEM semantics). */
  @Column({ name: 'store_type', type: 'varchar', length: 32 })
  storeType!: string;

  /** Custom properties (IsTrustStore, IncludesChain, SeparatePrivateKeyFilePath…), string values. */
  @Column({ type: 'simple-json' })
  properties!: Record<string, string>;

  @Column({ name: 'container_name', type: 'varchar', length: 255, nullable: true })
  containerName!: string | null;

  @Column({ name: 'agent_id', type: 'varchar', length: 36, nullable: true })
  agentId!: string | null;

  @Column({ type: 'boolean', default: true })
  approved!: boolean;

  @Column({ name: 'create_if_missing', type: 'boolean', default: true })
  createIfMissing!: boolean;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;
}
