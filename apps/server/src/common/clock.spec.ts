import { FixedClock, SystemClock } from './clock';

describe('SystemClock', () => {
  it('reads the real time and is never virtual', () => {
    const before = Date.now();
    const clock = new SystemClock();
    const now = clock.now().getTime();

    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    expect(clock.isVirtual()).toBe(false);
  });

  it('accepts listeners and never calls them', () => {
    const listener = jest.fn();
    const unsubscribe = new SystemClock().onChange(listener);
    unsubscribe();
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('FixedClock', () => {
  it('stands still until set, and hands out copies', () => {
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    clock.now().setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.set(new Date('2026-02-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });
});
