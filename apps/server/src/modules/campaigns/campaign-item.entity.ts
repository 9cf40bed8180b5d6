import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { type BlockedCode, type CampaignItemState } from '@certlab/contracts';
import { dateColumn } from '../../database/columns';

// One list of item states, the console's (packages/contracts/src/console/campaigns.ts).
export { CAMPAIGN_ITEM_STATES, type CampaignItemState } from '@certlab/contracts';

/** A store the certificate sat in when the campaign was planned: where its successor goes. */
export interface PlannedStore {
  id: string;
  machine: string;
  path: string;
  alias: string;
}

/** One certificate of a campaign, from plan to result. */
@Entity('campaign_items')
@Index('campaign_items_campaign_state', ['campaignId', 'state'])
@Index('campaign_items_campaign_position', ['campaignId', 'position'])
export class CampaignItemEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @Column({ name: 'certificate_id', type: 'integer' })
  certificateId!: number;

  /** Order in the plan (certificate id order). */
  @Column({ type: 'integer' })
  position!: number;

  /** 1-based batch; null for blocked items. */
  @Column({ type: 'integer', nullable: true })
  batch!: number | null;

  @Column({ type: 'varchar', length: 16 })
  state!: CampaignItemState;

  /** Why the item cannot migrate (policies/blocked-reason.ts), when blocked. */
  @Column({ name: 'blocked_code', type: 'varchar', length: 32, nullable: true })
  blockedCode!: BlockedCode | null;

  /** The blocked reason, or a failure, or a note (e.g. a store answered Warning). */
  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'old_authority_id', type: 'integer', nullable: true })
  oldAuthorityId!: number | null;

  @Column({ name: 'old_template_id', type: 'integer', nullable: true })
  oldTemplateId!: number | null;

  @Column({ name: 'old_key_algorithm', type: 'varchar', length: 32 })
  oldKeyAlgorithm!: string;

  @Column({ name: 'new_template_id', type: 'integer', nullable: true })
  newTemplateId!: number | null;

  @Column({ type: 'simple-json' })
  stores!: PlannedStore[];

  @Index('campaign_items_new_certificate')
  @Column({ name: 'new_certificate_id', type: 'integer', nullable: true })
  newCertificateId!: number | null;

  @Column({ name: 'updated_at', ...dateColumn })
  updatedAt!: Date;
}
