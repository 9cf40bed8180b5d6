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

/** A positive 32-bit integer id (CMSID, request id, CA, template, alert...). */
export const POSITIVE_ID_PATTERN = /^[1-9][0-9]{0,9}$/;
export const MAX_INT32 = 2 ** 31 - 1;

export function isPositiveId(text: string): boolean {
  return POSITIVE_ID_PATTERN.test(text) && Number(text) <= MAX_INT32;
}
