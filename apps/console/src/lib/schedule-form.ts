import {
  type AlertScheduleSpec,
  AlertScheduleInputSchema,
  type AlertScheduleView,
} from '@certlab/contracts';
import { z } from 'zod';
import { issuesByField, parseWholeNumber } from './form-errors';

/*
 * The one global schedule of the expiration alerts as a form: off, immediately, every N minutes,
 * daily / weekly / monthly at a UTC time of day, or exactly once at a date and time. The server
 * reads a time of day from an ISO instant and ignores its date, so the console writes
 * `2000-01-01THH:MM:00Z` for those.
 */

export const SCHEDULE_KINDS = [
  'off',
  'immediate',
  'interval',
  'daily',
  'weekly',
  'monthly',
  'exactlyOnce',
] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export const SCHEDULE_KIND_LABELS: Readonly<Record<ScheduleKind, string>> = {
  off: 'Off',
  immediate: 'Immediately (once, as soon as it is saved)',
  interval: 'Every N minutes',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  exactlyOnce: 'Exactly once',
};

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

export interface ScheduleForm {
  kind: ScheduleKind;
  minutes: string;
  /** `HH:MM`, UTC. */
  time: string;
  /** 0 = Sunday. */
  days: number[];
  /** Day of the month, 1-31 (31 is the last day in shorter months). */
  day: string;
  /** Exactly once: `YYYY-MM-DD`, UTC. */
  date: string;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

function timeOf(iso: string): string {
  return iso.length >= 16 ? new Date(iso).toISOString().slice(11, 16) : '00:00';
}

/** `today` (the lab clock's) is where the exactly-once date starts. */
export function scheduleFormFromView(
  view: Pick<AlertScheduleView, 'schedule'> | null,
  today: Date,
): ScheduleForm {
  const form: ScheduleForm = {
    kind: 'off',
    minutes: '60',
    time: '09:00',
    days: [1],
    day: '1',
    date: today.toISOString().slice(0, 10),
  };
  const spec = view?.schedule ?? null;
  if (!spec) return form;
  switch (spec.kind) {
    case 'immediate':
      return { ...form, kind: 'immediate' };
    case 'interval':
      return { ...form, kind: 'interval', minutes: String(spec.minutes) };
    case 'daily':
      return { ...form, kind: 'daily', time: timeOf(spec.time) };
    case 'weekly':
      return { ...form, kind: 'weekly', time: timeOf(spec.time), days: [...spec.days] };
    case 'monthly':
      return { ...form, kind: 'monthly', time: timeOf(spec.time), day: String(spec.day) };
    case 'exactlyOnce':
      return {
        ...form,
        kind: 'exactlyOnce',
        time: timeOf(spec.time),
        date: new Date(spec.time).toISOString().slice(0, 10),
      };
  }
}

/** The schedule the form describes, or problems by field. */
export function toScheduleInput(
  form: ScheduleForm,
):
  | { ok: true; input: { schedule: AlertScheduleSpec | null } }
  | { ok: false; problems: Record<string, string> } {
  if (
    form.kind !== 'off' &&
    form.kind !== 'immediate' &&
    form.kind !== 'interval' &&
    !TIME_OF_DAY.test(form.time)
  )
    return { ok: false, problems: { time: 'Write the time of day as HH:MM (UTC).' } };
  const timeOfDay = `2000-01-01T${form.time}:00Z`;
  let schedule: unknown;
  switch (form.kind) {
    case 'off':
      schedule = null;
      break;
    case 'immediate':
      schedule = { kind: 'immediate' };
      break;
    case 'interval':
      schedule = { kind: 'interval', minutes: parseWholeNumber(form.minutes) };
      break;
    case 'daily':
      schedule = { kind: 'daily', time: timeOfDay };
      break;
    case 'weekly':
      schedule = { kind: 'weekly', days: [...form.days].sort((a, b) => a - b), time: timeOfDay };
      break;
    case 'monthly':
      schedule = { kind: 'monthly', day: parseWholeNumber(form.day), time: timeOfDay };
      break;
    case 'exactlyOnce':
      if (!z.iso.date().safeParse(form.date).success)
        return { ok: false, problems: { date: 'Choose the date (YYYY-MM-DD, UTC).' } };
      schedule = { kind: 'exactlyOnce', time: `${form.date}T${form.time}:00Z` };
      break;
  }
  const parsed = AlertScheduleInputSchema.safeParse({ schedule });
  if (parsed.success) return { ok: true, input: parsed.data };
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[1] ?? '');
    problems[key] ??= issue.message;
  }
  if (problems.minutes) problems.minutes = 'Minutes must be a whole number from 1 to 527040.';
  if (problems.day) problems.day = 'Day of the month must be from 1 to 31.';
  if (problems.days) problems.days = 'Choose at least one weekday.';
  return {
    ok: false,
    problems: Object.keys(problems).length > 0 ? problems : issuesByField(parsed.error),
  };
}

/** `Weekly on Monday, Friday at 08:30 UTC` */
export function describeSchedule(spec: AlertScheduleSpec | null): string {
  if (!spec) return 'Off (alerts run only when someone runs them).';
  switch (spec.kind) {
    case 'immediate':
      return 'Immediately, once.';
    case 'interval':
      return `Every ${spec.minutes} minute${spec.minutes === 1 ? '' : 's'}.`;
    case 'daily':
      return `Daily at ${timeOf(spec.time)} UTC.`;
    case 'weekly':
      return `Weekly on ${spec.days.map((day) => WEEKDAYS[day] ?? String(day)).join(', ')} at ${timeOf(spec.time)} UTC.`;
    case 'monthly':
      return `Monthly on day ${spec.day}${spec.day === 31 ? ' (the last day in shorter months)' : ''} at ${timeOf(spec.time)} UTC.`;
    case 'exactlyOnce':
      return `Exactly once, at ${new Date(spec.time).toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
  }
}
