import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, or less if `signal` aborts first. Resolves `true` when the full time passed. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<boolean>;

export const abortableSleep: Sleep = async (ms, signal) => {
  if (signal?.aborted) return false;
  try {
    await delay(Math.max(0, ms), undefined, { signal });
    return true;
  } catch (error) {
    if (signal?.aborted) return false;
    throw error;
  }
};
