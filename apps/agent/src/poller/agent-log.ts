/**
 * The agent's log: one line per event, `<ISO time> <event> key=value ...` (logfmt-like), short
 * enough to read in `journalctl` and regular enough to grep or parse. Routine events go to stdout,
 * problems to stderr. Callers never pass secrets: the fields are chosen, never whole objects.
 */

export type LogValue = string | number | boolean | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface AgentLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
}

/** Longer values are cut: a log line is a summary, the server keeps the full job message. */
export const MAX_LOG_VALUE_LENGTH = 1_000;

const BARE_VALUE = /^[\w.:/@+,-]+$/;

export function formatLogLine(time: Date, event: string, fields: LogFields = {}): string {
  const parts = [time.toISOString(), event];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  return `${parts.join(' ')}\n`;
}

function formatValue(value: string | number | boolean): string {
  let text = String(value);
  if (text.length > MAX_LOG_VALUE_LENGTH) text = `${text.slice(0, MAX_LOG_VALUE_LENGTH)}…`;
  // JSON quoting escapes quotes and newlines, so one event stays one line.
  return BARE_VALUE.test(text) ? text : JSON.stringify(text);
}

export function createAgentLog(
  io: { out: (text: string) => void; err: (text: string) => void },
  now: () => Date = () => new Date(),
): AgentLog {
  return {
    info: (event, fields) => io.out(formatLogLine(now(), event, fields)),
    warn: (event, fields) => io.err(formatLogLine(now(), event, fields)),
  };
}
