import { Injectable } from '@nestjs/common';

/** Told the new "now" right after the clock moved (advanced, set, frozen, resumed or reset). */
export type ClockListener = (now: Date) => void | Promise<void>;

/**
 * Every reading of "now" in the server goes through a Clock, so certificate validity, job leases
 * and alerts can be tested with fixed dates and driven by the lab's virtual clock (`LabClock`).
 * The abstract class is also the injection token: inject `Clock`, never call `new Date()`.
 * `now()` is synchronous on purpose: it is read in hot paths and inside transactions.
 */
export abstract class Clock {
  abstract now(): Date;

  /** True while `now()` is not the real time (the lab clock was moved or frozen). */
  isVirtual(): boolean {
    return false;
  }

  /**
   * Calls `listener` after every move of the clock, so schedulers can re-evaluate at once rather
   * than at their next tick. Returns the unsubscribe function. A clock that never moves never calls.
   */
  onChange(_listener: ClockListener): () => void {
    return () => undefined;
  }
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands where a test puts it. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  now(): Date {
    return new Date(this.instant);
  }

  set(instant: Date): void {
    this.instant = new Date(instant);
  }
}
