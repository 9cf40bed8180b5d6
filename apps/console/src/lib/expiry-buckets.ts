/*
 * The dashboard's expiry chart: the server counts certificates by the UTC day of their NotAfter
 * (`expiryByDay`); the console groups those days into weeks (Monday to Sunday, UTC) or months,
 * whichever keeps the chart readable for the span it covers, with empty buckets in between.
 */

export type ExpiryGranularity = 'week' | 'month';

export interface ExpiryBucket {
  /** First day of the bucket, `YYYY-MM-DD` (UTC). */
  start: string;
  /** First day after the bucket. */
  end: string;
  /** `Mar 2027` for a month, `Mar 1, 2027` (its Monday) for a week. */
  label: string;
  count: number;
  /** Of `count`, those whose NotAfter day is before today (lab clock): expired already. */
  expired: number;
  /** `count - expired`: those still to expire. */
  upcoming: number;
  /** The bucket holds the lab clock's now. */
  containsNow: boolean;
  /** The whole bucket lies before now (what it counts has expired). */
  past: boolean;
  /** Collects everything before (`earlier`) or after (`later`) the months drawn one by one. */
  overflow?: 'earlier' | 'later';
}

const DAY_MS = 86_400_000;
/** Up to this many weeks are drawn week by week; longer spans by month. */
export const MAX_WEEKLY_SPAN_WEEKS = 26;
/**
 * Months drawn one by one: from at most a year before now to two years ahead. A CA certificate
 * that expires in 20 years would otherwise squeeze the next months into slivers; what falls
 * outside is one "Before …" or "After …" bar.
 */
export const MONTHS_BEFORE_NOW = 12;
export const MONTHS_DRAWN = 36;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayStart(value: string | Date): number {
  const date = new Date(value);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function weekStart(time: number): number {
  const weekday = (new Date(time).getUTCDay() + 6) % 7; // Monday = 0
  return time - weekday * DAY_MS;
}

function monthStart(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextBucket(start: number, granularity: ExpiryGranularity): number {
  if (granularity === 'week') return start + 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** Weeks for spans up to half a year, months beyond. */
export function chooseGranularity(firstDay: string, lastDay: string): ExpiryGranularity {
  const span = dayStart(lastDay) - dayStart(firstDay);
  return span <= MAX_WEEKLY_SPAN_WEEKS * 7 * DAY_MS ? 'week' : 'month';
}

/**
 * Buckets from the earliest of (first expiry, now) to the last expiry, so the "now" marker always
 * has a bucket. By month, at most a year back and three years in all are drawn month by month;
 * the rest collect in one "Before …" and one "After …" bucket, so every certificate is counted.
 */
export function bucketExpiries(
  expiryByDay: readonly { day: string; count: number }[],
  now: Date,
  granularity?: ExpiryGranularity,
): { granularity: ExpiryGranularity; buckets: ExpiryBucket[] } {
  const days = [...expiryByDay].sort((a, b) => a.day.localeCompare(b.day));
  const firstDay = days[0];
  const lastDay = days[days.length - 1];
  if (!firstDay || !lastDay) return { granularity: granularity ?? 'week', buckets: [] };

  const today = dayStart(now);
  const from = Math.min(dayStart(firstDay.day), today);
  const to = Math.max(dayStart(lastDay.day), today);
  const chosen = granularity ?? chooseGranularity(isoDay(from), isoDay(to));
  const align = chosen === 'week' ? weekStart : monthStart;

  let drawnFrom = align(from);
  let drawnTo = to;
  if (chosen === 'month') {
    drawnFrom = Math.max(drawnFrom, addMonths(monthStart(today), -MONTHS_BEFORE_NOW));
    drawnTo = Math.min(drawnTo, addMonths(drawnFrom, MONTHS_DRAWN) - DAY_MS);
  }

  const buckets: ExpiryBucket[] = [];
  for (let start = drawnFrom; start <= drawnTo; start = nextBucket(start, chosen)) {
    const end = nextBucket(start, chosen);
    buckets.push({
      start: isoDay(start),
      end: isoDay(end),
      label: bucketLabel(start, chosen),
      count: 0,
      expired: 0,
      upcoming: 0,
      containsNow: now.getTime() >= start && now.getTime() < end,
      past: end <= now.getTime(),
    });
  }
  const drawnEnd = nextBucket(align(drawnTo), chosen);
  const earlier: ExpiryBucket = {
    start: firstDay.day,
    end: isoDay(drawnFrom),
    label: `Before ${bucketLabel(drawnFrom, 'month')}`,
    count: 0,
    expired: 0,
    upcoming: 0,
    containsNow: false,
    past: true,
    overflow: 'earlier',
  };
  const later: ExpiryBucket = {
    start: isoDay(drawnEnd),
    end: isoDay(dayStart(lastDay.day) + DAY_MS),
    label: `After ${bucketLabel(drawnEnd - DAY_MS, 'month')}`,
    count: 0,
    expired: 0,
    upcoming: 0,
    containsNow: false,
    past: false,
    overflow: 'later',
  };
  for (const { day, count } of days) {
    const time = dayStart(day);
    const bucket =
      time < drawnFrom
        ? earlier
        : time >= drawnEnd
          ? later
          : buckets.find((candidate) => time < dayStart(candidate.end));
    if (!bucket) continue;
    bucket.count += count;
    // The bucket that holds now is part expired, part not: split by day, not by bucket.
    if (time < today) bucket.expired += count;
    else bucket.upcoming += count;
  }
  return {
    granularity: chosen,
    buckets: [
      ...(earlier.count > 0 ? [earlier] : []),
      ...buckets,
      ...(later.count > 0 ? [later] : []),
    ],
  };
}

function addMonths(time: number, months: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

function bucketLabel(start: number, granularity: ExpiryGranularity): string {
  const date = new Date(start);
  if (granularity === 'month')
    return `${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()}`;
  return `${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}
