import { z } from 'zod';

/*
 * Shared pieces of the console dialect (`/api`, camelCase JSON): paging, ids in paths, the error
 * body, the headers the console sends. docs/console.md describes the dialect.
 */

/** Every list answer: one page of items and the total before paging. */
export interface Page<T> {
  items: T[];
  total: number;
  /** 1-based. */
  page: number;
  limit: number;
}

/** The error body of every API of the server (Keyfactor's format, kept for the console too). */
export interface ApiErrorBody {
  ErrorCode: string;
  Message: string;
}

/** The console names itself on every call, so a 401 never makes the browser prompt for Basic. */
export const CONSOLE_CLIENT_HEADER = 'X-Requested-With';
export const CONSOLE_CLIENT_VALUE = 'certlab-console';

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

/** A positive 32-bit integer id (CMSID, request id, CA, template, alert...). */
export const POSITIVE_ID_PATTERN = /^[1-9][0-9]{0,9}$/;
export const MAX_INT32 = 2 ** 31 - 1;

export function isPositiveId(text: string): boolean {
  return POSITIVE_ID_PATTERN.test(text) && Number(text) <= MAX_INT32;
}

/** Query-string booleans as people and browsers write them. */
export const booleanParam = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1');

/** An ISO-8601 instant with an offset (`2027-03-01T09:00:00Z`). */
export const isoInstant = (what: string) =>
  z.iso.datetime({ offset: true, error: `${what} must be an ISO-8601 date and time` });
