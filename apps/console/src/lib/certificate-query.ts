/*
 * Writing certificate queries (the server's language, apps/server/.../certificate-query.ts):
 * `Field -op "value"` clauses joined by AND / OR, grouped with parentheses. Inside a quoted value
 * a backslash takes the next character literally, so `\` and `"` are written `\\` and `\"`: the CA
 * `CA1.jdk.com\jdk-CA1` is `IssuingCA -eq "CA1.jdk.com\\jdk-CA1"`. The language has no NOT: the
 * negative operators (-ne, -notcontains) say it instead.
 */

export const QUERY_FIELDS = [
  'CN',
  'Subject',
  'IssuerDN',
  'SerialNumber',
  'Thumbprint',
  'NotBefore',
  'NotAfter',
  'KeyType',
  'SignatureAlgorithm',
  'CertId',
  'TemplateShortName',
  'IssuingCA',
  'SAN',
  'RenewedFromId',
  'Revoked',
] as const;

export const QUERY_OPERATORS = [
  'eq',
  'ne',
  'contains',
  'notcontains',
  'startswith',
  'endswith',
  'lt',
  'le',
  'gt',
  'ge',
] as const;
export type QueryOperator = (typeof QUERY_OPERATORS)[number];

/** A value in double quotes with `\` and `"` escaped: always safe, whatever the text holds. */
export function quoteQueryValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** The text of a quoted value as the server's tokenizer reads it (the inverse of quoting). */
export function unquoteQueryValue(quoted: string): string | null {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return null;
  let value = '';
  for (let i = 1; i < quoted.length - 1; i++) {
    let char = quoted.charAt(i);
    if (char === '"') return null;
    if (char === '\\') {
      i++;
      if (i >= quoted.length - 1) return null;
      char = quoted.charAt(i);
    }
    value += char;
  }
  return value;
}

/** One clause: `IssuingCA -eq "CA1.jdk.com\\jdk-CA1"`. */
export function queryClause(field: string, operator: QueryOperator, value: string): string {
  return `${field} -${operator} ${quoteQueryValue(value)}`;
}

/**
 * Joins queries with AND. A part that has a top-level OR is parenthesised, because AND binds
 * tighter: `a OR b` AND `c` must stay `(a OR b) AND c`.
 */
export function andQueries(...parts: readonly string[]): string {
  const present = parts.map((part) => part.trim()).filter((part) => part !== '');
  if (present.length <= 1) return present[0] ?? '';
  return present.map((part) => (hasTopLevelOr(part) ? `(${part})` : part)).join(' AND ');
}

/** Splits on a keyword outside quotes and parentheses; null when the text is unbalanced. */
function splitTopLevel(text: string, keyword: 'AND' | 'OR'): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (depth === 0 && /\s/.test(char)) {
      const after = text.slice(i + 1, i + 2 + keyword.length);
      const followed = after.length > keyword.length && /^[\s(]$/.test(after.slice(-1));
      if (followed && after.slice(0, keyword.length).toUpperCase() === keyword) {
        parts.push(text.slice(start, i).trim());
        // Onto the keyword's last letter: the loop's i++ then reads what follows it.
        i += keyword.length;
        start = i + 1;
      }
    }
    if (depth < 0) return null;
  }
  if (inString || depth !== 0) return null;
  parts.push(text.slice(start).trim());
  return parts;
}

function hasTopLevelOr(text: string): boolean {
  const parts = splitTopLevel(text, 'OR');
  // Unbalanced text is left to the server to report; wrapping it keeps the join from changing it.
  return parts === null || parts.length > 1;
}

/** The quick filters above the certificate list; each one is one clause of the query. */
export interface QuickFilters {
  /** `host\logical` of the issuing CA. */
  issuingCA: string;
  /** `RSA-2048`, `P-256`... */
  keyType: string;
  /** Part of the common name. */
  cnContains: string;
}

export const EMPTY_QUICK_FILTERS: QuickFilters = { issuingCA: '', keyType: '', cnContains: '' };

const QUICK_CLAUSES: readonly {
  key: keyof QuickFilters;
  field: string;
  operator: QueryOperator;
}[] = [
  { key: 'issuingCA', field: 'IssuingCA', operator: 'eq' },
  { key: 'keyType', field: 'KeyType', operator: 'eq' },
  { key: 'cnContains', field: 'CN', operator: 'contains' },
];

/** The query the quick filters stand for ('' when none is set). */
export function buildQuickFilterQuery(filters: QuickFilters): string {
  return andQueries(
    ...QUICK_CLAUSES.filter(({ key }) => filters[key] !== '').map(({ key, field, operator }) =>
      queryClause(field, operator, filters[key]),
    ),
  );
}

/**
 * Reads the quick filters back from a query the builder could have written (its clauses in any
 * order, field names in any case). Null for any other query: the controls cannot show it.
 */
export function readQuickFilters(query: string): QuickFilters | null {
  const text = query.trim();
  if (text === '') return { ...EMPTY_QUICK_FILTERS };
  const parts = splitTopLevel(text, 'AND');
  if (parts === null) return null;
  const filters = { ...EMPTY_QUICK_FILTERS };
  const seen = new Set<keyof QuickFilters>();
  for (const part of parts) {
    const match = /^([A-Za-z]+)\s+-([A-Za-z]+)\s+("(?:[^"\\]|\\.)*")$/.exec(part);
    if (!match) return null;
    const [, field = '', operator = '', quoted = ''] = match;
    const clause = QUICK_CLAUSES.find(
      (candidate) =>
        candidate.field.toLowerCase() === field.toLowerCase() &&
        candidate.operator === operator.toLowerCase(),
    );
    const value = unquoteQueryValue(quoted);
    if (!clause || value === null || value === '' || seen.has(clause.key)) return null;
    seen.add(clause.key);
    filters[clause.key] = value;
  }
  return filters;
}

/**
 * Applies one changed quick filter to the current query: a query the builder wrote is rebuilt
 * from the filters; any other query keeps its text and gets the new clause ANDed to it.
 */
export function applyQuickFilter(query: string, key: keyof QuickFilters, value: string): string {
  const current = readQuickFilters(query);
  if (current) return buildQuickFilterQuery({ ...current, [key]: value });
  if (value === '') return query;
  const clause = QUICK_CLAUSES.find((candidate) => candidate.key === key);
  return clause ? andQueries(query, queryClause(clause.field, clause.operator, value)) : query;
}

/** Examples for the query box, each explained; clicking one puts it in the box. */
export const QUERY_EXAMPLES: readonly { query: string; says: string }[] = [
  { query: 'CN -contains "jdk"', says: 'common name contains "jdk"' },
  {
    query: queryClause('IssuingCA', 'eq', 'CA1.jdk.com\\jdk-CA1'),
    says: 'issued by the legacy RSA CA (the backslash is doubled)',
  },
  { query: 'KeyType -eq "P-256"', says: 'ECDSA P-256 keys' },
  { query: 'NotAfter -lt "2027-01-01"', says: 'expire before 2027 (UTC midnight)' },
  { query: 'SAN -contains "cherry"', says: 'a subject alternative name contains "cherry"' },
  { query: 'Revoked -eq true', says: 'revoked certificates' },
  {
    query: 'TemplateShortName -eq "UserServer" AND Email-Contact -endswith "@jdk.cms"',
    says: 'a template and a metadata field',
  },
  {
    query: '(KeyType -eq "RSA-2048" OR KeyType -eq "RSA-3072") AND Revoked -eq false',
    says: 'RSA keys that are not revoked',
  },
];
