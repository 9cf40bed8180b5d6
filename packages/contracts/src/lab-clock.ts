/**
 * The lab clock (`/api/lab/clock`): the server's "now" can run on real time, run ahead or behind
 * real time by an offset, or stand still. Every server response says what time the server reads,
 * so agents judge certificate validity by the server's clock, not their own.
 */

/** On every server response: the server's now, ISO-8601 UTC. */
export const LAB_TIME_HEADER = 'X-Certlab-Time';
/** Also on every response while the clock is not real time, with the value `virtual`. */
export const LAB_CLOCK_HEADER = 'X-Certlab-Clock';

export const LAB_CLOCK_MODES = ['system', 'offset', 'frozen'] as const;
export type LabClockMode = (typeof LAB_CLOCK_MODES)[number];

/** `GET /api/lab/clock`, and the answer of every `POST`. */
export interface LabClockView {
  /** What the server reads as now, ISO-8601. */
  now: string;
  /** The real time of the server's host, for comparison. */
  realNow: string;
  /** True unless the mode is `system`. */
  virtual: boolean;
  mode: LabClockMode;
  /** `offset` mode: seconds the clock runs ahead of real time (negative: behind). */
  offsetSeconds?: number;
  /** `frozen` mode: the instant the clock stands at. */
  frozenAt?: string;
}

/** What a `POST /api/lab/clock` asks for; the body names exactly one of them. */
export type LabClockCommand =
  | { kind: 'advance'; milliseconds: number }
  | { kind: 'set'; at: Date }
  | { kind: 'freeze' }
  | { kind: 'resume' }
  | { kind: 'reset' };

const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
/** `+60d`, `-2h`, `90m`, `1d12h`, `30s`, `2w`. */
const SHORT_DURATION = /^([+-])?((?:\d+(?:\.\d+)?[wdhms])+)$/;
const SHORT_PART = /(\d+(?:\.\d+)?)([wdhms])/g;
/** ISO-8601 without years and months (they have no fixed length): `P60D`, `PT36H`, `-P1W`. */
const ISO_DURATION =
  /^([+-])?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
/** A century either way is more than any lab needs, and keeps dates far from JavaScript's limits. */
export const MAX_LAB_CLOCK_STEP_MS = 100 * 365 * UNIT_MS.d;

/**
 * Milliseconds of a duration: a number of seconds, `+60d`/`-2h`/`90m`/`1d12h` (units w, d, h, m,
 * s) or an ISO-8601 duration (`P60D`, `PT1H30M`, `-P2W`; no years or months). Undefined when the
 * text is none of these.
 */
export function parseLabDuration(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  const text = value.trim();
  const short = SHORT_DURATION.exec(text);
  if (short) {
    let total = 0;
    for (const [, amount, unit] of (short[2] as string).matchAll(SHORT_PART))
      total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    return short[1] === '-' ? -total : total;
  }
  const iso = ISO_DURATION.exec(text);
  if (iso && /\d/.test(text) && !/T$/i.test(text)) {
    const [, sign, weeks, days, hours, minutes, seconds] = iso;
    const total =
      Number(weeks ?? 0) * UNIT_MS.w +
      Number(days ?? 0) * UNIT_MS.d +
      Number(hours ?? 0) * UNIT_MS.h +
      Number(minutes ?? 0) * UNIT_MS.m +
      Number(seconds ?? 0) * UNIT_MS.s;
    return sign === '-' ? -total : total;
  }
  return undefined;
}
