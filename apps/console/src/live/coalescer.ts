import { type QueryKey } from '../api/keys';
import { withoutCovered } from './invalidation-map';

/*
 * Live events can arrive many times a second (a 10,000-item campaign); refetching on each would
 * flood the browser and the server. The coalescer gathers the keys events make stale and hands
 * them over together once per window, so each key is invalidated at most once per window, and a
 * key a broader one covers is not invalidated on its own.
 */

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const COALESCE_WINDOW_MS = 200;

export class InvalidationCoalescer {
  private readonly pending = new Map<string, QueryKey>();
  private timer: unknown = null;

  constructor(
    private readonly flush: (keys: QueryKey[]) => void,
    private readonly windowMs = COALESCE_WINDOW_MS,
    private readonly timers: Timers = browserTimers,
  ) {}

  add(keys: readonly QueryKey[]): void {
    for (const key of keys) this.pending.set(JSON.stringify(key), key);
    if (this.timer === null && this.pending.size > 0) {
      this.timer = this.timers.setTimeout(() => this.fire(), this.windowMs);
    }
  }

  /** Hands over what is pending now (used when the page is closing or in tests). */
  fire(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const keys = withoutCovered([...this.pending.values()]);
    this.pending.clear();
    if (keys.length > 0) this.flush(keys);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
