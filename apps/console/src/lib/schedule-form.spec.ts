import { type AlertScheduleSpec } from '@certlab/contracts';
import {
  describeSchedule,
  scheduleFormFromView,
  type ScheduleForm,
  toScheduleInput,
} from './schedule-form';

const TODAY = new Date('2027-02-02T10:00:00Z');
const base = scheduleFormFromView(null, TODAY);

function spec(form: Partial<ScheduleForm>): AlertScheduleSpec | null {
  const result = toScheduleInput({ ...base, ...form });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.input.schedule;
}

describe('schedule form', () => {
  it('starts off, with today as the exactly-once date', () => {
    expect(base.kind).toBe('off');
    expect(base.date).toBe('2027-02-02');
    expect(spec({})).toBeNull();
  });

  it.each<[Partial<ScheduleForm>, AlertScheduleSpec]>([
    [{ kind: 'immediate' }, { kind: 'immediate' }],
    [
      { kind: 'interval', minutes: '15' },
      { kind: 'interval', minutes: 15 },
    ],
    [
      { kind: 'daily', time: '02:00' },
      { kind: 'daily', time: '2000-01-01T02:00:00Z' },
    ],
    [
      { kind: 'weekly', days: [5, 1], time: '08:30' },
      { kind: 'weekly', days: [1, 5], time: '2000-01-01T08:30:00Z' },
    ],
    [
      { kind: 'monthly', day: '31', time: '00:00' },
      { kind: 'monthly', day: 31, time: '2000-01-01T00:00:00Z' },
    ],
    [
      { kind: 'exactlyOnce', date: '2027-03-12', time: '09:15' },
      { kind: 'exactlyOnce', time: '2027-03-12T09:15:00Z' },
    ],
  ])('%j is %j, and reads back', (form, expected) => {
    expect(spec(form)).toEqual(expected);
    const back = scheduleFormFromView({ schedule: expected }, TODAY);
    expect(spec(back)).toEqual(expected);
  });

  it('names what is wrong', () => {
    const check = (form: Partial<ScheduleForm>) => {
      const result = toScheduleInput({ ...base, ...form });
      return result.ok ? {} : result.problems;
    };
    expect(check({ kind: 'daily', time: '25:00' })).toEqual({
      time: 'Write the time of day as HH:MM (UTC).',
    });
    expect(check({ kind: 'interval', minutes: '0' })).toEqual({
      minutes: 'Minutes must be a whole number from 1 to 527040.',
    });
    expect(check({ kind: 'weekly', days: [] })).toEqual({ days: 'Choose at least one weekday.' });
    expect(check({ kind: 'monthly', day: '32' })).toEqual({
      day: 'Day of the month must be from 1 to 31.',
    });
    expect(check({ kind: 'exactlyOnce', date: '2027-02-30' })).toEqual({
      date: 'Choose the date (YYYY-MM-DD, UTC).',
    });
  });

  it('describes schedules in words', () => {
    expect(describeSchedule(null)).toBe('Off (alerts run only when someone runs them).');
    expect(describeSchedule({ kind: 'weekly', days: [1, 5], time: '2000-01-01T08:30:00Z' })).toBe(
      'Weekly on Monday, Friday at 08:30 UTC.',
    );
    expect(describeSchedule({ kind: 'monthly', day: 31, time: '2000-01-01T00:00:00Z' })).toBe(
      'Monthly on day 31 (the last day in shorter months) at 00:00 UTC.',
    );
  });
});
