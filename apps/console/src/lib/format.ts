/*
 * Dates, durations and counts as the console writes them. Every time is UTC, as the server and
 * the lab clock speak it, so a class in several time zones reads the same screen.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `2027-02-02` */
export function formatUtcDate(value: string | Date): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toISOString().slice(0, 10);
}

/** `2027-02-02 14:03 UTC` */
export function formatUtc(value: string | Date): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  return `${formatUtcDate(date)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** `2027-02-02 14:03:07 UTC`, for logs and timelines where seconds matter. */
export function formatUtcSeconds(value: string | Date): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  return `${formatUtcDate(date)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`;
}

function plural(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** The largest whole unit of a positive span: `12 days`, `3 hours`, `1 minute`. */
export function spanInWords(milliseconds: number): string {
  const abs = Math.abs(milliseconds);
  if (abs >= 365 * DAY) {
    const years = Math.floor(abs / (365 * DAY));
    const days = Math.floor((abs - years * 365 * DAY) / DAY);
    return days > 0 && years < 5
      ? `${plural(years, 'year')} ${plural(days, 'day')}`
      : plural(years, 'year');
  }
  if (abs >= DAY) return plural(Math.floor(abs / DAY), 'day');
  if (abs >= HOUR) return plural(Math.floor(abs / HOUR), 'hour');
  if (abs >= MINUTE) return plural(Math.floor(abs / MINUTE), 'minute');
  return plural(Math.floor(abs / 1000), 'second');
}

/** `in 12 days`, `3 hours ago`, `just now`, measured from `now` (the lab clock's). */
export function formatRelative(value: string | Date, now: Date): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  const delta = date.getTime() - now.getTime();
  if (Math.abs(delta) < 45_000) return 'just now';
  return delta > 0 ? `in ${spanInWords(delta)}` : `${spanInWords(delta)} ago`;
}

/**
 * A lab clock offset in words: `+60 days`, `+2 hours 30 minutes`, `-1 day`, `+0 seconds`.
 * Two units at most, because the banner must stay one line.
 */
export function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const total = Math.round(Math.abs(seconds));
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const first = units.findIndex(([size]) => total >= size);
  if (first === -1) return `${sign}0 seconds`;
  const [size, unit] = units[first] as [number, string];
  const amount = Math.floor(total / size);
  const parts = [plural(amount, unit)];
  const next = units[first + 1];
  if (next) {
    const nextAmount = Math.floor((total - amount * size) / next[0]);
    if (nextAmount > 0) parts.push(plural(nextAmount, next[1]));
  }
  return `${sign}${parts.join(' ')}`;
}

/** How far a certificate is through its lifetime at `now`, from 0 to 1. */
export function lifetimeElapsed(notBefore: string, notAfter: string, now: Date): number {
  const start = new Date(notBefore).getTime();
  const end = new Date(notAfter).getTime();
  if (!(end > start)) return now.getTime() >= end ? 1 : 0;
  return Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
}

/** Whole days between two instants, rounded down (a certificate's validity period). */
export function daysBetween(from: string | Date, to: string | Date): number {
  return Math.floor((toDate(to).getTime() - toDate(from).getTime()) / DAY);
}

const NUMBER = new Intl.NumberFormat('en-US');

/** `10,000` */
export function formatCount(value: number): string {
  return NUMBER.format(value);
}

/** `1 certificate`, `3 certificates` */
export function countOf(amount: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(amount)} ${amount === 1 ? singular : pluralForm}`;
}

/** A thumbprint in groups of four, easier to compare by eye; the copy button copies it plain. */
export function groupHex(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}
