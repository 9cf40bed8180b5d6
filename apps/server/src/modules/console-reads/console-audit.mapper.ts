import { type AuditChainStatus, type AuditEventView } from '@certlab/contracts';
import { type ChainCheck } from '../audit/audit.queries';
import { type AuditEventEntity } from '../audit/audit-event.entity';

export function toAuditEventView(event: AuditEventEntity): AuditEventView {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    details: event.details,
    previousHash: event.previousHash,
    hash: event.hash,
  };
}

export function toAuditChainStatus(check: ChainCheck): AuditChainStatus {
  return {
    intact: check.intact,
    events: check.events,
    firstBrokenEventId: check.firstBrokenEventId,
    checkedAt: check.checkedAt.toISOString(),
  };
}
