import { type LabClockView } from '@certlab/contracts';
import { useEffect, useState } from 'react';

/*
 * "Now" on the lab clock, in the browser. The server stamps every response with its now
 * (X-Certlab-Time); the console keeps the difference to the browser's clock, so relative times,
 * lifetime bars and the chart's "now" marker follow a clock that was moved 60 days, without
 * asking the server every second. A frozen clock stands still.
 */

let skewMs = 0;
let frozenAtMs: number | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

/** From a response header: moves the estimate only when it changed by more than a second. */
export function noteServerTime(serverNow: Date): void {
  const next = serverNow.getTime() - Date.now();
  if (frozenAtMs !== null) return;
  if (Math.abs(next - skewMs) > 1000) {
    skewMs = next;
    emit();
  }
}

/** From `GET /api/lab/clock` or a clock event: the mode decides whether time runs. */
export function noteClock(clock: LabClockView): void {
  const now = Date.parse(clock.now);
  if (Number.isNaN(now)) return;
  skewMs = now - Date.now();
  frozenAtMs = clock.mode === 'frozen' ? Date.parse(clock.frozenAt ?? clock.now) : null;
  emit();
}

export function labNow(): Date {
  return new Date(frozenAtMs ?? Date.now() + skewMs);
}

/** The lab clock's now, re-read every `tickMs` and whenever the clock moves. */
export function useLabNow(tickMs = 30_000): Date {
  const [now, setNow] = useState(() => labNow());
  useEffect(() => {
    const update = () => setNow(labNow());
    listeners.add(update);
    const timer = setInterval(update, tickMs);
    return () => {
      listeners.delete(update);
      clearInterval(timer);
    };
  }, [tickMs]);
  return now;
}
