/*
 * The global alert schedule (Command's KeyfactorSchedule) and when it is due. Pure: "now" is an
 * argument, so the lab clock (virtual time) and the tests decide it. Times of day are UTC.
 */

export type AlertSchedule =
  | { kind: 'immediate' }
  | { kind: 'interval'; minutes: number }
  | { kind: 'daily'; time: string }
  | { kind: 'weekly'; days: number[]; time: string }
  | { kind: 'monthly'; day: number; time: string }
  | { kind: 'exactlyOnce'; time: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The most recent moment at or before `now` the schedule asks for a run, if it asks for one
 * after it was set. A clock that jumps 60 days ahead yields one occurrence, not sixty: a run
 * covers everything due by then anyway.
 */
export function latestOccurrence(
  schedule: AlertSchedule,
  setAt: Date,
  now: Date,
): Date | undefined {
  if (now.getTime() < setAt.getTime()) return undefined;
  switch (schedule.kind) {
    case 'immediate':
      return setAt;
    case 'exactlyOnce': {
      // A time already past when it was set runs at once, as "exactly once" still asks for one run.
      const at = new Date(schedule.time);
      return at.getTime() <= now.getTime()
        ? new Date(Math.max(at.getTime(), setAt.getTime()))
        : undefined;
    }
    case 'interval': {
      const step = schedule.minutes * 60_000;
      const steps = Math.floor((now.getTime() - setAt.getTime()) / step);
      return steps >= 1 ? new Date(setAt.getTime() + steps * step) : undefined;
    }
    case 'daily':
      return latestMatchingDay(schedule.time, setAt, now, () => true);
    case 'weekly':
      return latestMatchingDay(schedule.time, setAt, now, (day) =>
        schedule.days.includes(day.getUTCDay()),
      );
    case 'monthly':
      return latestMatchingDay(
        schedule.time,
        setAt,
        now,
        // Day 31 in a 30-day month means its last day.
        (day) => day.getUTCDate() === Math.min(schedule.day, daysInMonth(day)),
      );
  }
}

/** Due when the latest occurrence is later than both the last run and the moment it was set. */
export function isDue(
  schedule: AlertSchedule,
  state: { setAt: Date; lastRunAt: Date | null },
  now: Date,
): boolean {
  const occurrence = latestOccurrence(schedule, state.setAt, now);
  if (occurrence === undefined) return false;
  if (state.lastRunAt === null) return true;
  return occurrence.getTime() > state.lastRunAt.getTime();
}

/** Walks back day by day (at most 62) to the latest day that matches, at the time of day. */
function latestMatchingDay(
  time: string,
  setAt: Date,
  now: Date,
  matches: (day: Date) => boolean,
): Date | undefined {
  const at = new Date(time);
  const offset = ((at.getUTCHours() * 60 + at.getUTCMinutes()) * 60 + at.getUTCSeconds()) * 1000;
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let back = 0; back <= 62; back++) {
    const candidate = new Date(midnight - back * DAY_MS + offset);
    if (candidate.getTime() > now.getTime() || !matches(candidate)) continue;
    return candidate.getTime() >= setAt.getTime() ? candidate : undefined;
  }
  return undefined;
}

function daysInMonth(day: Date): number {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
}
