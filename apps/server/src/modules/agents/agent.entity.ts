import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** Orchestrator status: New agents run nothing until an admin approves them. */
export const AgentStatus = { New: 1, Approved: 2, Disapproved: 3 } as const;
export type AgentStatus = (typeof AgentStatus)[keyof typeof AgentStatus];

@Entity('agents')
export class AgentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'client_machine', type: 'varchar', length: 255, unique: true })
  clientMachine!: string;

  @Column({ type: 'integer' })
  status!: AgentStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  version!: string | null;

  @Column({ type: 'simple-json' })
  capabilities!: string[];

  @Column({ name: 'last_seen', ...dateColumn, nullable: true })
  lastSeen!: Date | null;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;
}
