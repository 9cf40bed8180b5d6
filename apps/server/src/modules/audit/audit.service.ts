import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { LiveEvents } from '../live-events/live-events.service';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditEventInput {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | number;
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

/**
 * Append-only audit trail. Events are written inside the caller's transaction, so an event
 * exists exactly when what it records committed. Each hash covers the event and the previous
 * hash: editing or deleting a row breaks every hash after it (`verifyChain`).
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly clock: Clock,
    private readonly events: LiveEvents,
  ) {}

  async record(manager: EntityManager, input: AuditEventInput): Promise<AuditEventEntity> {
    const repository = manager.getRepository(AuditEventEntity);
    const [last] = await repository.find({
      order: { id: 'DESC' },
      take: 1,
      select: { id: true, hash: true },
    });
    const event = repository.create({
      at: this.clock.now(),
      actor: input.actor,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: String(input.subjectId),
      details: input.details ?? {},
      previousHash: last?.hash ?? GENESIS,
    });
    event.hash = hashEvent(event);
    const saved = await repository.save(event);
    this.events.publishOnCommit(manager, { type: 'audit' });
    return saved;
  }

  /** Id of the first event whose hash does not hold, or undefined when the chain is intact. */
  async verifyChain(manager: EntityManager): Promise<number | undefined> {
    const events = await manager.getRepository(AuditEventEntity).find({ order: { id: 'ASC' } });
    let previous = GENESIS;
    for (const event of events) {
      if (event.previousHash !== previous || hashEvent(event) !== event.hash) return event.id;
      previous = event.hash;
    }
    return undefined;
  }
}

function hashEvent(event: Omit<AuditEventEntity, 'id' | 'hash'>): string {
  const content = JSON.stringify([
    event.at.toISOString(),
    event.actor,
    event.action,
    event.subjectType,
    event.subjectId,
    event.details,
    event.previousHash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}
