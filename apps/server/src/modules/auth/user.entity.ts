import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/** `agent` is for orchestrators: it may use the agent API and nothing else. */
export const ROLES = ['admin', 'enroller', 'auditor', 'agent'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Lower-case, without domain: `DOMAIN\Alice` and `alice@domain` both sign in as `alice`. */
  @Column({ type: 'varchar', length: 128, unique: true })
  username!: string;

  /** `scrypt$N$r$p$salt$hash`, base64 parts. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;
}
