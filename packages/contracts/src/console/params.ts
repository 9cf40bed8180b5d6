import { z } from 'zod';

/* Query-string and body pieces the console dialect's schemas share. */

/** Query-string numbers: `?page=2&limit=50`. */
export const pageParam = z.coerce
  .number({ error: 'page must be a whole number from 1' })
  .int('page must be a whole number from 1')
  .min(1, 'page must be a whole number from 1')
  .max(1_000_000, 'page is out of range')
  .default(1);

export const limitParam = (fallback: number, max: number) =>
  z.coerce
    .number({ error: `limit must be a whole number from 1 to ${max}` })
    .int(`limit must be a whole number from 1 to ${max}`)
    .min(1, `limit must be a whole number from 1 to ${max}`)
    .max(max, `limit must be a whole number from 1 to ${max}`)
    .default(fallback);

/** Query-string booleans as people and browsers write them. */
export const booleanParam = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1');

/** An ISO-8601 instant with an offset (`2027-03-01T09:00:00Z`). */
export const isoInstant = (what: string) =>
  z.iso.datetime({ offset: true, error: `${what} must be an ISO-8601 date and time` });
