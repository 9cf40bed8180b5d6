/** What "now" is for a job: the server's time when it sent one, this machine's otherwise. */
export interface ServerTimeReading {
  at: Date;
  source: 'server' | 'local';
}

/** ISO-8601 UTC as the server writes it (`Date.toISOString`): nothing looser is trusted. */
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z$/;

/**
 * The server's clock as its answers state it (`X-Certlab-Time`, which a lab may run ahead of real
 * time). Kept as an offset from this machine's clock, so between answers it runs on with local
 * time. An answer without the header (a server without a lab clock) means local time again.
 */
export class ServerTime {
  #offsetMs: number | undefined;

  constructor(private readonly localNow: () => number = Date.now) {}

  /** Takes the header of an answer received now; a malformed value is ignored. */
  observe(header: string | null): void {
    if (header === null) {
      this.#offsetMs = undefined;
      return;
    }
    const at = ISO_INSTANT.test(header.trim()) ? Date.parse(header) : Number.NaN;
    if (Number.isFinite(at)) this.#offsetMs = at - this.localNow();
  }

  now(): ServerTimeReading {
    return this.#offsetMs === undefined
      ? { at: new Date(this.localNow()), source: 'local' }
      : { at: new Date(this.localNow() + this.#offsetMs), source: 'server' };
  }
}
