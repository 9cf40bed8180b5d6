import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn } from '../../database/columns';

/**
 * A console sign-in. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * the database opens no session. Times are real time, not the lab clock's.
 */
@Entity('console_sessions')
@Index('console_sessions_username', ['username'])
export class ConsoleSessionEntity {
  /** SHA-256 of the cookie's token, hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  username!: string;

  @Column({ name: 'created_at', ...dateColumn })
  createdAt!: Date;

  @Column({ name: 'expires_at', ...dateColumn })
  expiresAt!: Date;

  /** Signed out (or ended by an admin); the token opens nothing any more. */
  @Column({ name: 'ended_at', ...dateColumn, nullable: true })
  endedAt!: Date | null;
}
