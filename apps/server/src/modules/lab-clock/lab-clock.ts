import { Logger } from '@nestjs/common';
import { Clock, type ClockListener } from '../../common/clock';
import { clockReading, type LabClockState, SYSTEM_TIME } from './policies/lab-clock-state';

/**
 * The server's `Clock`: real time, real time plus an offset, or a frozen instant. The state lives
 * in memory so `now()` stays synchronous; `LabClockService` loads it at boot (before anything
 * reads the clock) and writes every change through to the `lab_clock` table before adopting it.
 */
export class LabClock extends Clock {
  private readonly logger = new Logger('LabClock');
  private current: LabClockState = SYSTEM_TIME;
  private readonly listeners = new Set<ClockListener>();

  /** `realNow` is the host's time; a test may pass its own. */
  constructor(readonly realNow: () => number = Date.now) {
    super();
  }

  now(): Date {
    return clockReading(this.current, this.realNow());
  }

  override isVirtual(): boolean {
    return this.current.mode !== 'system';
  }

  override onChange(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get state(): LabClockState {
    return this.current;
  }

  /**
   * Takes a state that is already stored. `notify` tells the listeners, each on its own: one that
   * throws or rejects is logged and does not keep the others (or the caller) from going on.
   */
  adopt(state: LabClockState, { notify }: { notify: boolean }): void {
    this.current = state;
    if (!notify) return;
    const now = this.now();
    for (const listener of [...this.listeners]) {
      try {
        Promise.resolve(listener(now)).catch((error: unknown) => this.listenerFailed(error));
      } catch (error) {
        this.listenerFailed(error);
      }
    }
  }

  private listenerFailed(error: unknown): void {
    this.logger.error(
      'a clock listener failed',
      error instanceof Error ? error.stack : String(error),
    );
  }
}
