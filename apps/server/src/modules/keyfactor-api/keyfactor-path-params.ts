import { GUID_PATTERN } from '@certlab/contracts';
import { KeyfactorApiErrors } from './keyfactor-api.errors';

const INT32_MAX = 2 ** 31 - 1;

/** An `{id}` path segment the document types as int32: anything else is a 400, not a 404. */
export function integerId(raw: string, what: string): number {
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > INT32_MAX) {
    throw KeyfactorApiErrors.malformedId(`${what} id must be a positive integer; got '${raw}'.`);
  }
  return value;
}

/** A store GUID from the path, lower-cased as stored; a malformed one is a 400, an unknown one a 404. */
export function guidId(raw: string, what: string): string {
  if (!GUID_PATTERN.test(raw))
    throw KeyfactorApiErrors.malformedId(`${what} id must be a GUID; got '${raw}'.`);
  return raw.toLowerCase();
}
