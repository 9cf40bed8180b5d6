import { type ValueTransformer } from 'typeorm';

/**
 * Times are stored as ISO-8601 UTC strings with milliseconds: portable between SQLite and
 * PostgreSQL, and they order and compare correctly as plain strings on both.
 */
export const isoDate: ValueTransformer = {
  to: (value: Date | null | undefined) => (value ? value.toISOString() : value),
  from: (value: string | null) => (value ? new Date(value) : value),
};

/** Column options for a timestamp stored by `isoDate`. */
export const dateColumn = { type: 'varchar', length: 24, transformer: isoDate } as const;
