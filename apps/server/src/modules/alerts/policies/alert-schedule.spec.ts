import { type AlertSchedule, isDue, latestOccurrence } from './alert-schedule';

const at = (iso: string) => new Date(iso);
const setAt = at('2026-03-10T10:00:00.000Z');

describe('latestOccurrence', () => {
  it('Immediate: once, at the moment it was set', () => {
    expect(latestOccurrence({ kind: 'immediate' }, setAt, at('2026-03-10T10:00:01Z'))).toEqual(
      setAt,
    );
  });

  it('Interval: the last whole step since it was set', () => {
    const schedule: AlertSchedule = { kind: 'interval', minutes: 30 };
    expect(latestOccurrence(schedule, setAt, at('2026-03-10T10:29:59Z'))).toBeUndefined();
    expect(latestOccurrence(schedule, setAt, at('2026-03-10T11:15:00Z'))).toEqual(
      at('2026-03-10T11:00:00Z'),
    );
  });

  it('Daily: today at the time, or yesterday before it; never before it was set', () => {
    const schedule: AlertSchedule = { kind: 'daily', time: '2000-01-01T02:00:00Z' };
    expect(latestOccurrence(schedule, setAt, at('2026-03-10T23:00:00Z'))).toBeUndefined();
    expect(latestOccurrence(schedule, setAt, at('2026-03-11T01:59:00Z'))).toBeUndefined();
    expect(latestOccurrence(schedule, setAt, at('2026-03-13T05:00:00Z'))).toEqual(
      at('2026-03-13T02:00:00Z'),
    );
  });

  it('Weekly: the latest listed weekday (0 = Sunday)', () => {
    // 2026-03-10 is a Tuesday.
    const schedule: AlertSchedule = { kind: 'weekly', days: [1, 5], time: '2000-01-01T08:30:00Z' };
    expect(latestOccurrence(schedule, setAt, at('2026-03-12T12:00:00Z'))).toBeUndefined();
    expect(latestOccurrence(schedule, setAt, at('2026-03-17T12:00:00Z'))).toEqual(
      at('2026-03-16T08:30:00Z'),
    );
  });

  it('Monthly: the day of the month, the last day when the month is shorter', () => {
    const schedule: AlertSchedule = { kind: 'monthly', day: 31, time: '2000-01-01T00:00:00Z' };
    expect(latestOccurrence(schedule, setAt, at('2026-04-30T12:00:00Z'))).toEqual(
      at('2026-04-30T00:00:00Z'),
    );
    expect(latestOccurrence(schedule, setAt, at('2026-03-30T12:00:00Z'))).toBeUndefined();
  });

  it('ExactlyOnce: at its time; a time already past when set runs at once', () => {
    const future: AlertSchedule = { kind: 'exactlyOnce', time: '2026-03-12T00:00:00Z' };
    expect(latestOccurrence(future, setAt, at('2026-03-11T00:00:00Z'))).toBeUndefined();
    expect(latestOccurrence(future, setAt, at('2026-04-01T00:00:00Z'))).toEqual(
      at('2026-03-12T00:00:00Z'),
    );
    const past: AlertSchedule = { kind: 'exactlyOnce', time: '2026-01-01T00:00:00Z' };
    expect(latestOccurrence(past, setAt, at('2026-03-10T10:00:05Z'))).toEqual(setAt);
  });

  it('a clock before the schedule was set has no occurrence', () => {
    expect(latestOccurrence({ kind: 'immediate' }, setAt, at('2026-03-01T00:00:00Z'))).toBe(
      undefined,
    );
  });
});

describe('isDue', () => {
  const daily: AlertSchedule = { kind: 'daily', time: '2000-01-01T02:00:00Z' };

  it('runs an occurrence once: not again after a run at or after it', () => {
    const now = at('2026-03-12T03:00:00Z');
    expect(isDue(daily, { setAt, lastRunAt: null }, now)).toBe(true);
    expect(isDue(daily, { setAt, lastRunAt: at('2026-03-12T02:00:05Z') }, now)).toBe(false);
    expect(isDue(daily, { setAt, lastRunAt: at('2026-03-11T02:00:05Z') }, now)).toBe(true);
  });

  it('a jump of 60 days is one run, not sixty', () => {
    const lastRunAt = at('2026-03-11T02:00:00Z');
    const later = at('2026-05-10T12:00:00Z');
    expect(isDue(daily, { setAt, lastRunAt }, later)).toBe(true);
    expect(isDue(daily, { setAt, lastRunAt: later }, later)).toBe(false);
  });

  it('Immediate runs once after being set', () => {
    expect(isDue({ kind: 'immediate' }, { setAt, lastRunAt: null }, setAt)).toBe(true);
    expect(
      isDue({ kind: 'immediate' }, { setAt, lastRunAt: setAt }, at('2026-09-01T00:00:00Z')),
    ).toBe(false);
  });
});
