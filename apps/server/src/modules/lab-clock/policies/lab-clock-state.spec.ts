import { clockReading, clockView, nextClockState, SYSTEM_TIME } from './lab-clock-state';

const REAL = Date.parse('2026-12-01T00:00:00.000Z');
const DAY = 86_400_000;

describe('lab clock state', () => {
  it('advances a running clock by adding to its offset, and keeps it running', () => {
    const once = nextClockState(SYSTEM_TIME, { kind: 'advance', milliseconds: 60 * DAY }, REAL);
    const twice = nextClockState(once, { kind: 'advance', milliseconds: DAY }, REAL + 1000);

    expect(twice).toEqual({ mode: 'offset', offsetMs: 61 * DAY });
    expect(clockReading(twice, REAL + 5000).toISOString()).toBe('2027-01-31T00:00:05.000Z');
  });

  it('sets a running clock by choosing the offset that reads the given instant now', () => {
    const state = nextClockState(
      SYSTEM_TIME,
      { kind: 'set', at: new Date('2027-03-01T00:00:00Z') },
      REAL,
    );
    expect(clockReading(state, REAL).toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(clockReading(state, REAL + 1000).toISOString()).toBe('2027-03-01T00:00:01.000Z');
  });

  it('freezes at the current reading; advancing or setting a frozen clock leaves it frozen', () => {
    const running = { mode: 'offset' as const, offsetMs: DAY };
    const frozen = nextClockState(running, { kind: 'freeze' }, REAL);
    expect(clockReading(frozen, REAL + 99_000).toISOString()).toBe('2026-12-02T00:00:00.000Z');

    const advanced = nextClockState(frozen, { kind: 'advance', milliseconds: DAY }, REAL + 5000);
    expect(advanced).toEqual({ mode: 'frozen', frozenAt: new Date('2026-12-03T00:00:00Z') });
    const set = nextClockState(frozen, { kind: 'set', at: new Date('2027-01-01T00:00:00Z') }, 0);
    expect(set).toEqual({ mode: 'frozen', frozenAt: new Date('2027-01-01T00:00:00Z') });
    expect(nextClockState(frozen, { kind: 'freeze' }, REAL + 7000)).toBe(frozen);
  });

  it('resumes from the frozen instant without a jump, as an offset', () => {
    const frozen = { mode: 'frozen' as const, frozenAt: new Date('2027-01-01T00:00:00Z') };
    const resumed = nextClockState(frozen, { kind: 'resume' }, REAL);

    expect(resumed.mode).toBe('offset');
    expect(clockReading(resumed, REAL).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(clockReading(resumed, REAL + 2000).toISOString()).toBe('2027-01-01T00:00:02.000Z');
    expect(nextClockState(resumed, { kind: 'resume' }, REAL)).toBe(resumed);
  });

  it('resets to real time from any state', () => {
    const frozen = { mode: 'frozen' as const, frozenAt: new Date('2027-01-01T00:00:00Z') };
    expect(nextClockState(frozen, { kind: 'reset' }, REAL)).toEqual({ mode: 'system' });
  });

  it('shows each mode with its own fields', () => {
    expect(clockView(SYSTEM_TIME, REAL)).toEqual({
      now: '2026-12-01T00:00:00.000Z',
      realNow: '2026-12-01T00:00:00.000Z',
      virtual: false,
      mode: 'system',
    });
    expect(clockView({ mode: 'offset', offsetMs: -90_500 }, REAL)).toMatchObject({
      now: '2026-11-30T23:58:29.500Z',
      virtual: true,
      mode: 'offset',
      offsetSeconds: -90.5,
    });
    const frozenAt = new Date('2027-01-01T00:00:00Z');
    expect(clockView({ mode: 'frozen', frozenAt }, REAL)).toEqual({
      now: '2027-01-01T00:00:00.000Z',
      realNow: '2026-12-01T00:00:00.000Z',
      virtual: true,
      mode: 'frozen',
      frozenAt: '2027-01-01T00:00:00.000Z',
    });
  });
});
