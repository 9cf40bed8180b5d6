import { type z } from 'zod';
import { GUID_PATTERN, isPositiveId } from '@certlab/contracts';
import { parseBody } from '../validation/parse-body';
import { ApiErrors } from './api-errors';

/*
 * The `/api` dialect's parsing, in one place: every malformed id is the same 400, every query
 * string and body is checked against its contract schema with every problem named.
 */

/** A path id that must be a positive 32-bit integer (`/api/certificates/7`). */
export function positiveIdParam(value: unknown, name: string): number {
  if (typeof value !== 'string' || !isPositiveId(value)) {
    throw ApiErrors.malformedId(
      `${name} must be a positive integer, not ${JSON.stringify(value)}.`,
    );
  }
  return Number(value);
}

/** A path id that must be a GUID (stores, agents, jobs); lower-cased as stored. */
export function guidParam(value: unknown, name: string): string {
  if (typeof value !== 'string' || !GUID_PATTERN.test(value)) {
    throw ApiErrors.malformedId(`${name} must be a GUID, not ${JSON.stringify(value)}.`);
  }
  return value.toLowerCase();
}

/** The query string, against its contract schema (unknown parameters are refused). */
export function parseQueryString<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  return parseBody(schema, query, (message) =>
    ApiErrors.invalidQuery(message.replace(/^Invalid request:/, 'Invalid query string:')),
  );
}

/** A JSON body, against its contract schema. */
export function parseApiBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  return parseBody(schema, body, ApiErrors.invalidBody);
}
