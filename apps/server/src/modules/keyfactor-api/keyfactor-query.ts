import { KeyfactorApiErrors } from './keyfactor-api.errors';

/*
 * Query-string parameters as ASP.NET binds them for Command: names case-insensitive, unknown
 * names ignored, a value that does not convert is a 400 (never silently the default).
 */

/** What Express hands a handler for `@Query()`. */
export type RawQuery = Record<string, unknown>;

export const DEFAULT_RETURN_LIMIT = 50;
export const MAX_RETURN_LIMIT = 1000;
const INT32_MAX = 2 ** 31 - 1;

export class KeyfactorQuery {
  /** By lower-cased name; more than one value (repeated, or spelled in two cases) is kept as a list. */
  private readonly values = new Map<string, unknown[]>();

  constructor(raw: RawQuery) {
    for (const [name, value] of Object.entries(raw)) {
      const key = name.toLowerCase();
      const given: unknown[] = Array.isArray(value) ? value : [value];
      this.values.set(key, [...(this.values.get(key) ?? []), ...given]);
    }
  }

  /** Only a parameter the handler reads can be wrong: unknown ones are ignored, whatever their shape. */
  string(name: string): string | undefined {
    const values = this.values.get(name.toLowerCase());
    if (values === undefined) return undefined;
    const [value, ...others] = values;
    if (typeof value !== 'string' || others.length > 0) {
      throw KeyfactorApiErrors.invalidQueryParameter(
        `Query parameter ${name} must be given once, as a single value.`,
      );
    }
    return value;
  }

  integer(name: string, range: { min: number; max?: number }): number | undefined {
    const raw = this.string(name);
    if (raw === undefined || raw === '') return undefined;
    const value = /^[+-]?\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    const max = range.max ?? INT32_MAX;
    if (!Number.isInteger(value) || value < range.min || value > max) {
      throw KeyfactorApiErrors.invalidQueryParameter(
        `Query parameter ${name} must be an integer from ${range.min} to ${max}; got '${raw}'.`,
      );
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined || raw === '') return undefined;
    const lower = raw.trim().toLowerCase();
    if (lower !== 'true' && lower !== 'false') {
      throw KeyfactorApiErrors.invalidQueryParameter(
        `Query parameter ${name} must be true or false; got '${raw}'.`,
      );
    }
    return lower === 'true';
  }
}

/**
 * `collectionId` narrows a caller's permissions to a certificate collection. certlab has no
 * collections and grants permissions globally, so only "none" (absent or 0) is meaningful; any
 * other id would silently mean something it does not, so it is refused.
 */
export function requireNoCollection(query: KeyfactorQuery): void {
  const collectionId = query.integer('collectionId', { min: 0 });
  if (collectionId !== undefined && collectionId !== 0) {
    throw KeyfactorApiErrors.unknownCollection(
      `Certificate collection ${collectionId} does not exist; certlab has no certificate collections (use 0 or leave collectionId out).`,
    );
  }
}

/** The paging/sorting block. Its prefix varies by endpoint in the document: pq, sq, pagedQuery, query. */
export interface ListQuery {
  prefix: string;
  queryString: string | undefined;
  /** 1-based. */
  page: number;
  limit: number;
  sortField: string | undefined;
  ascending: boolean;
}

export function readListQuery(query: KeyfactorQuery, prefix: string): ListQuery {
  const limit = query.integer(`${prefix}.returnLimit`, { min: 1 }) ?? DEFAULT_RETURN_LIMIT;
  const queryString = query.string(`${prefix}.queryString`)?.trim();
  const sortField = query.string(`${prefix}.sortField`)?.trim();
  return {
    prefix,
    queryString: queryString === '' ? undefined : queryString,
    page: query.integer(`${prefix}.pageReturned`, { min: 1 }) ?? 1,
    // Larger pages are cut to the maximum rather than refused, as a page size is a wish.
    limit: Math.min(limit, MAX_RETURN_LIMIT),
    sortField: sortField === '' ? undefined : sortField,
    ascending: readSortDirection(query, `${prefix}.sortAscending`),
  };
}

/**
 * The document's enum is "0=ascending, 1=descending" despite the parameter's name; clients that
 * read the name send true/false, which is accepted with its plain meaning.
 */
function readSortDirection(query: KeyfactorQuery, name: string): boolean {
  const raw = query.string(name)?.trim().toLowerCase();
  switch (raw) {
    case undefined:
    case '':
    case '0':
    case 'true':
      return true;
    case '1':
    case 'false':
      return false;
    default:
      throw KeyfactorApiErrors.invalidQueryParameter(
        `Query parameter ${name} must be 0 (ascending) or 1 (descending); got '${raw}'.`,
      );
  }
}

/** Resolves a sort field case-insensitively among the sortable ones; anything else is the vendor's 0xA011004A. */
export function resolveSortField<T extends string>(field: string, sortable: readonly T[]): T {
  const found = sortable.find((name) => name.toLowerCase() === field.toLowerCase());
  if (found === undefined) {
    throw KeyfactorApiErrors.invalidSortField(
      `Invalid sort field: ${field}. Sortable fields: ${sortable.join(', ')}.`,
    );
  }
  return found;
}

export interface Page<T> {
  total: number;
  items: T[];
}

/**
 * Sorts and pages an in-memory list (the reference lists are small). A query string is refused
 * here: only /Certificates implements the query language, and ignoring a filter would return
 * everything to a caller that asked for a subset.
 */
export function pageOf<T>(
  items: readonly T[],
  list: ListQuery,
  sortable: Readonly<Record<string, (item: T) => string | number>>,
): Page<T> {
  if (list.queryString !== undefined) {
    throw KeyfactorApiErrors.invalidQueryParameter(
      `${list.prefix}.queryString is not supported on this endpoint in certlab.`,
    );
  }
  let sorted = [...items];
  if (list.sortField !== undefined) {
    const key = sortable[resolveSortField(list.sortField, Object.keys(sortable))];
    if (key) sorted = sorted.sort((a, b) => compare(key(a), key(b)) * (list.ascending ? 1 : -1));
  }
  const offset = (list.page - 1) * list.limit;
  return { total: sorted.length, items: sorted.slice(offset, offset + list.limit) };
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

/** Where the list handlers write the total; Express's response satisfies it. */
export interface HeaderWriter {
  setHeader(name: string, value: string): unknown;
}

/** Total number of matches before paging, as Command's clients read it. */
/**
 * A list endpoint's answer: the `<prefix>.*` paging and sorting parameters applied to the items,
 * the total in `x-total-count`, the page returned.
 */
export function listPage<T>(
  response: HeaderWriter,
  items: readonly T[],
  raw: RawQuery,
  prefix: string,
  sortable: Readonly<Record<string, (item: T) => string | number>>,
): T[] {
  const page = pageOf(items, readListQuery(new KeyfactorQuery(raw), prefix), sortable);
  writeTotalCount(response, page.total);
  return page.items;
}

export function writeTotalCount(response: HeaderWriter, total: number): void {
  response.setHeader('x-total-count', String(total));
}
