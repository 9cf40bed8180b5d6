import { Injectable } from '@nestjs/common';
import { type EntityManager, type Repository } from 'typeorm';
import { type LabClockCommand, type LabClockView, MAX_LAB_CLOCK_STEP_MS } from '@certlab/contracts';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { LiveEvents } from '../live-events/live-events.service';
import { type Actor } from '../auth/permissions';
import { CertificateEntity } from '../certificates/certificate.entity';
import { LabClock } from './lab-clock';
import { LabClockEntity } from './lab-clock.entity';
import { LabClockErrors } from './lab-clock.errors';
import {
  clockReading,
  clockView,
  type LabClockState,
  nextClockState,
  SYSTEM_TIME,
} from './policies/lab-clock-state';

const ROW_ID = 1;

const AUDIT_ACTIONS: Record<LabClockCommand['kind'], string> = {
  advance: 'clock.advanced',
  set: 'clock.set',
  freeze: 'clock.frozen',
  resume: 'clock.resumed',
  reset: 'clock.reset',
};

/** Builds the clock from its stored row; the module runs this before any provider reads time. */
export async function loadLabClock(
  repository: Repository<LabClockEntity>,
  realNow: () => number = Date.now,
): Promise<LabClock> {
  const clock = new LabClock(realNow);
  const row = await repository.findOneBy({ id: ROW_ID });
  clock.adopt(row ? stateOf(row) : SYSTEM_TIME, { notify: false });
  return clock;
}

/**
 * Moves the lab clock. Each change is stored and audited in one transaction, then adopted in
 * memory and announced to the clock's listeners. The clock may never read earlier than the newest
 * certificate the server holds: certificates issued "in the future" of the clock would make the
 * lab's history contradict itself (not yet valid certificates, renewals older than their originals).
 */
@Injectable()
export class LabClockService {
  /** Changes one at a time, so each starts from the state the previous one left. */
  private changes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clock: LabClock,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly events: LiveEvents,
  ) {}

  view(): LabClockView {
    return clockView(this.clock.state, this.clock.realNow());
  }

  change(command: LabClockCommand, actor: Actor): Promise<LabClockView> {
    const result = this.changes.then(() => this.apply(command, actor));
    this.changes = result.catch(() => undefined);
    return result;
  }

  private async apply(command: LabClockCommand, actor: Actor): Promise<LabClockView> {
    const next = await this.unitOfWork.run(async (manager) => {
      const realNow = this.clock.realNow();
      const before = this.clock.now();
      const state = nextClockState(this.clock.state, command, realNow);
      const after = clockReading(state, realNow);
      if (Math.abs(after.getTime() - realNow) > MAX_LAB_CLOCK_STEP_MS)
        throw LabClockErrors.outOfRange(
          `The lab clock cannot read ${after.toISOString()}: it stays within 100 years of the real time (${new Date(realNow).toISOString()}).`,
        );
      if (after < before) await this.refuseBeforeNewestCertificate(manager, after);
      await manager.save(LabClockEntity, rowOf(state, realNow, actor.username));
      await this.audit.record(manager, {
        actor: actor.username,
        action: AUDIT_ACTIONS[command.kind],
        subjectType: 'clock',
        subjectId: 'lab',
        details: {
          command: command.kind,
          ...(command.kind === 'advance' ? { seconds: command.milliseconds / 1000 } : {}),
          ...(command.kind === 'set' ? { at: command.at.toISOString() } : {}),
          from: before.toISOString(),
          to: after.toISOString(),
          mode: state.mode,
        },
      });
      return state;
    });
    this.clock.adopt(next, { notify: true });
    const view = this.view();
    this.events.publish({ type: 'clock', clock: view });
    return view;
  }

  /**
   * "Newest" is the latest of any certificate's issue time (`created_at`, the clock's reading when
   * it was recorded) and start of validity (`not_before`): the clock must not go back before
   * either, or the lab would hold a certificate issued, or valid, only in its future.
   */
  private async refuseBeforeNewestCertificate(manager: EntityManager, target: Date): Promise<void> {
    const repository = manager.getRepository(CertificateEntity);
    const select = { id: true, subject: true, createdAt: true, notBefore: true } as const;
    const [lastIssued] = await repository.find({
      select,
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 1,
    });
    const [lastValid] = await repository.find({
      select,
      order: { notBefore: 'DESC', id: 'DESC' },
      take: 1,
    });
    const candidates = [
      lastIssued && { certificate: lastIssued, at: lastIssued.createdAt, what: 'was issued at' },
      lastValid && { certificate: lastValid, at: lastValid.notBefore, what: 'is valid from' },
    ].filter((candidate) => candidate !== undefined);
    const newest = candidates.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
    if (!newest || target >= newest.at) return;
    throw LabClockErrors.beforeNewestCertificate(
      `The lab clock cannot go back to ${target.toISOString()}: certificate ${newest.certificate.id} (${newest.certificate.subject}) ${newest.what} ${newest.at.toISOString()}, and the clock may not read earlier than the newest certificate. Choose ${newest.at.toISOString()} or later.`,
    );
  }
}

function rowOf(state: LabClockState, realNow: number, changedBy: string): LabClockEntity {
  return {
    id: ROW_ID,
    mode: state.mode,
    virtualAt: state.mode === 'system' ? null : clockReading(state, realNow),
    realAt: state.mode === 'system' ? null : new Date(realNow),
    changedBy,
  };
}

function stateOf(row: LabClockEntity): LabClockState {
  if (row.mode === 'frozen' && row.virtualAt) return { mode: 'frozen', frozenAt: row.virtualAt };
  if (row.mode === 'offset' && row.virtualAt && row.realAt)
    return { mode: 'offset', offsetMs: row.virtualAt.getTime() - row.realAt.getTime() };
  if (row.mode === 'system') return SYSTEM_TIME;
  // Refuse to boot on a damaged row rather than quietly run the lab on another time.
  throw new Error(
    `lab_clock: row ${row.id} (mode ${row.mode}) is not a clock state; expected system, offset with both instants, or frozen with virtual_at`,
  );
}
