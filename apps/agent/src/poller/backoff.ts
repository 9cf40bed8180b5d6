/**
 * Retry and polling delays. Randomness is a parameter (house rule 3) so the bounds can be tested;
 * callers pass `Math.random` in production.
 */

/** Returns a number in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay ever exceeds this, however many attempts failed. */
  capMs: number;
}

/** Network errors and 5xx: from up to 1 s after the first failure to up to 30 s after the sixth. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 30_000 };

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): a
 * uniform delay in [0, min(cap, base * 2^(attempt-1))). Agents that lost the server together do
 * not come back together, which spreads the load of a restarted server.
 */
export function fullJitterBackoffMs(
  attempt: number,
  policy: BackoffPolicy,
  random: RandomSource,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2^exponent overflows to Infinity long before it matters; min() then picks the cap.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(ceiling * unit(random));
}

/**
 * `ms` spread by ±`fraction` (0.2 gives 80 % to 120 %), so agents started together by a fleet
 * restart drift apart instead of polling in lockstep.
 */
export function jitteredMs(ms: number, fraction: number, random: RandomSource): number {
  const spread = Math.min(Math.max(fraction, 0), 1);
  return Math.round(ms * (1 - spread + 2 * spread * unit(random)));
}

/** A random value clamped to [0, 1): a misbehaving source must not produce negative delays. */
function unit(random: RandomSource): number {
  const value = random();
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 1 - Number.EPSILON : value;
}
