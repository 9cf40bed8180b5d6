import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { type TrustDeliveryState } from '@certlab/contracts';
import { dateColumn } from '../../database/columns';

// planned → scheduled → confirmed | failed, or present: one list, the console's (contracts).
export { TRUST_DELIVERY_STATES, type TrustDeliveryState } from '@certlab/contracts';

/** One CA certificate of the target chain going into one trust store (trust-first phase). */
@Entity('campaign_trust_deliveries')
@Index('campaign_trust_deliveries_campaign', ['campaignId', 'state'])
export class CampaignTrustDeliveryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @Column({ name: 'store_id', type: 'varchar', length: 36 })
  storeId!: string;

  /** The CA whose certificate is delivered. */
  @Column({ name: 'authority_id', type: 'integer' })
  authorityId!: number;

  /** The CA certificate's row in `certificates` (no key), once the phase starts. */
  @Column({ name: 'certificate_id', type: 'integer', nullable: true })
  certificateId!: number | null;

  @Column({ name: 'job_id', type: 'varchar', length: 36, nullable: true })
  jobId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: TrustDeliveryState;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'updated_at', ...dateColumn })
  updatedAt!: Date;
}
