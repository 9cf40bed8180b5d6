import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { type CampaignPhase, type CampaignState } from '@certlab/contracts';
import { dateColumn } from '../../database/columns';

// One list of states and phases, the console's (packages/contracts/src/console/campaigns.ts).
export {
  CAMPAIGN_PHASES,
  CAMPAIGN_STATES,
  type CampaignPhase,
  type CampaignState,
} from '@certlab/contracts';

/** A migration campaign: every certificate matching a query moves to another CA (docs/server.md). */
@Entity('campaigns')
export class CampaignEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** Certificate query language, as given. */
  @Column({ type: 'text' })
  query!: string;

  @Column({ name: 'source_authority_id', type: 'integer', nullable: true })
  sourceAuthorityId!: number | null;

  @Column({ name: 'target_authority_id', type: 'integer' })
  targetAuthorityId!: number;

  /** Null: every certificate keeps its own template. */
  @Column({ name: 'target_template_id', type: 'integer', nullable: true })
  targetTemplateId!: number | null;

  @Column({ name: 'batch_size', type: 'integer' })
  batchSize!: number;

  @Column({ name: 'trust_first', type: 'boolean' })
  trustFirst!: boolean;

  @Column({ name: 'retire_old', type: 'boolean' })
  retireOld!: boolean;

  @Index('campaigns_state')
  @Column({ type: 'varchar', length: 16 })
  state!: CampaignState;

  @Column({ type: 'varchar', length: 16 })
  phase!: CampaignPhase;

  /** What the plan found worth saying beyond the items (e.g. a machine without a trust store). */
  @Column({ type: 'simple-json' })
  warnings!: string[];

  /** Why the campaign failed or stopped, for people. */
  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy!: string;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;

  @Column({ name: 'updated_at', ...dateColumn })
  updatedAt!: Date;

  @Column({ name: 'started_at', ...dateColumn, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', ...dateColumn, nullable: true })
  completedAt!: Date | null;
}
