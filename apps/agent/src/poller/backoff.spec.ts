import { fullJitterBackoffMs, jitteredMs } from './backoff';

const POLICY = { baseMs: 1_000, capMs: 30_000 };
const fixed = (value: number) => () => value;

/** mulberry32: a small seeded generator, so the "many samples" tests are deterministic. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('fullJitterBackoffMs', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [5, 16_000],
    [6, 30_000],
    [50, 30_000],
    [10_000, 30_000],
  ])('after failure %i stays below %i ms and reaches up to it', (attempt, ceiling) => {
    expect(fullJitterBackoffMs(attempt, POLICY, fixed(0))).toBe(0);
    const highest = fullJitterBackoffMs(attempt, POLICY, fixed(0.999_999));
    expect(highest).toBeLessThan(ceiling);
    expect(highest).toBeGreaterThanOrEqual(ceiling * 0.999);
  });

  it('is uniform over the whole range (full jitter), never above the cap', () => {
    const random = seeded(42);
    const samples = Array.from({ length: 2_000 }, () => fullJitterBackoffMs(8, POLICY, random));

    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(POLICY.capMs);
    // Roughly half the samples below the midpoint: the delay is spread, not clustered at the cap.
    const low = samples.filter((ms) => ms < POLICY.capMs / 2).length;
    expect(low).toBeGreaterThan(800);
    expect(low).toBeLessThan(1_200);
  });

  it.each([
    ['negative', -1, 0],
    ['NaN', Number.NaN, 0],
    ['exactly 1', 1, 15_999],
    ['above 1', 7, 15_999],
  ])('clamps a %s random value into the range', (_label, value, expected) => {
    expect(fullJitterBackoffMs(5, POLICY, fixed(value))).toBe(expected);
  });

  it('treats attempts below 1 as the first', () => {
    expect(fullJitterBackoffMs(0, POLICY, fixed(0.5))).toBe(500);
  });
});

describe('jitteredMs', () => {
  it.each([
    [0, 8_000],
    [0.5, 10_000],
    [0.999_999, 12_000],
  ])('spreads 10 s by ±20 %% (random %d gives %i ms)', (random, expected) => {
    expect(jitteredMs(10_000, 0.2, fixed(random))).toBe(expected);
  });

  it('stays within ±20 % for any random source', () => {
    const random = seeded(7);
    for (let i = 0; i < 1_000; i++) {
      const ms = jitteredMs(60_000, 0.2, random);
      expect(ms).toBeGreaterThanOrEqual(48_000);
      expect(ms).toBeLessThanOrEqual(72_000);
    }
  });

  it('never goes negative, even for a fraction above 1', () => {
    expect(jitteredMs(1_000, 5, fixed(0))).toBe(0);
  });
});
