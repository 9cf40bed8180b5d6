/*
 * Keyfactor's certificate query language (`pq.queryString`), the subset certlab supports:
 *   Field -op value, joined by AND / OR (AND binds tighter), grouped with parentheses.
 * Pure: it parses, resolves field names and checks and normalises values; the SQL is
 * certificate-query.builder.ts's business.
 */

export const MAX_QUERY_LENGTH = 4096;
export const MAX_QUERY_DEPTH = 32;
export const MAX_QUERY_CLAUSES = 100;

/** A malformed or ill-typed query; `position` is the 0-based index in the query text. */
export class CertificateQueryError extends Error {
  override readonly name = 'CertificateQueryError';

  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const MATCH_OPERATORS = ['contains', 'notcontains', 'startswith', 'endswith'] as const;
const RANGE_OPERATORS = ['lt', 'le', 'gt', 'ge'] as const;
const NULL_OPERATORS = ['isnull', 'isnotnull'] as const;
export const QUERY_OPERATORS = [
  ...(['eq', 'ne'] as const),
  ...MATCH_OPERATORS,
  ...RANGE_OPERATORS,
  ...NULL_OPERATORS,
] as const;
export type QueryOperator = (typeof QUERY_OPERATORS)[number];

/** How a field's values are checked, normalised and compared. */
export type QueryFieldType =
  'text' | 'serial' | 'thumbprint' | 'date' | 'integer' | 'boolean' | 'san';

const TEXT_OPERATORS = ['eq', 'ne', ...MATCH_OPERATORS, ...NULL_OPERATORS] as const;
const ORDERED_OPERATORS = ['eq', 'ne', ...RANGE_OPERATORS, ...NULL_OPERATORS] as const;

/** The operators each field type takes. */
export const OPERATORS_BY_TYPE: Readonly<Record<QueryFieldType, readonly QueryOperator[]>> = {
  text: TEXT_OPERATORS,
  serial: TEXT_OPERATORS,
  thumbprint: TEXT_OPERATORS,
  date: ORDERED_OPERATORS,
  integer: ORDERED_OPERATORS,
  boolean: ['eq', 'ne'],
  // The SAN column is never null; -isnull would have to mean something else.
  san: ['eq', 'ne', ...MATCH_OPERATORS],
};

/** Built-in fields: canonical name, the other names it answers to, and its type. */
export const CERTIFICATE_QUERY_FIELDS = {
  CN: { aliases: ['CommonName'], type: 'text' },
  Subject: { aliases: ['DN'], type: 'text' },
  IssuerDN: { aliases: [], type: 'text' },
  SerialNumber: { aliases: [], type: 'serial' },
  Thumbprint: { aliases: [], type: 'thumbprint' },
  NotBefore: { aliases: [], type: 'date' },
  NotAfter: { aliases: [], type: 'date' },
  KeyType: { aliases: ['KeyAlgorithm'], type: 'text' },
  SignatureAlgorithm: { aliases: [], type: 'text' },
  CertId: { aliases: ['Id'], type: 'integer' },
  TemplateShortName: { aliases: [], type: 'text' },
  IssuingCA: { aliases: ['CA'], type: 'text' },
  SAN: { aliases: ['DNSName'], type: 'san' },
  RenewedFromId: { aliases: [], type: 'integer' },
  Revoked: { aliases: [], type: 'boolean' },
} as const satisfies Record<string, { aliases: readonly string[]; type: QueryFieldType }>;
export type BuiltinQueryField = keyof typeof CERTIFICATE_QUERY_FIELDS;

export type QueryField =
  { kind: 'builtin'; name: BuiltinQueryField } | { kind: 'metadata'; name: string };

/** A clause's value after checking: strings for text, ISO strings for dates, numbers, booleans. */
export type QueryValue = string | number | boolean;

export type QueryNode =
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | {
      kind: 'clause';
      field: QueryField;
      operator: QueryOperator;
      /** Null exactly for -isnull and -isnotnull. */
      value: QueryValue | null;
      position: number;
    };

export interface CertificateQueryOptions {
  /**
   * Names of the defined metadata fields. When given, a bare name (`Email-Contact`) may name one
   * and `Metadata.<Name>` must; without it only `Metadata.<Name>` reaches metadata, unchecked.
   */
  metadataFields?: readonly string[];
}

/** The type a field's values have; metadata values are text. */
export function fieldType(field: QueryField): QueryFieldType {
  return field.kind === 'builtin' ? CERTIFICATE_QUERY_FIELDS[field.name].type : 'text';
}

/** Parses and checks a query; throws `CertificateQueryError` on any problem. */
export function parseCertificateQuery(
  text: string,
  options: CertificateQueryOptions = {},
): QueryNode {
  if (text.length > MAX_QUERY_LENGTH) {
    fail(MAX_QUERY_LENGTH, `the query is longer than ${MAX_QUERY_LENGTH} characters.`);
  }
  return new Parser(tokenize(text), text.length, options).parseQuery();
}

/** Every message names the position first, then what was wrong or expected. */
function fail(position: number, detail: string): never {
  throw new CertificateQueryError(`Position ${position}: ${detail}`, position);
}

const OPERATOR_LIST = QUERY_OPERATORS.map((op) => `-${op}`).join(', ');

// ---- tokens ----

type Token =
  | { kind: '(' | ')'; position: number }
  | { kind: 'operator'; operator: QueryOperator; text: string; position: number }
  | { kind: 'string' | 'word'; value: string; position: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    const start = i;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char, position: i++ });
    } else if (char === '"') {
      let value = '';
      for (i++; text.charAt(i) !== '"'; i++) {
        if (i >= text.length) fail(start, 'this string has no closing quote.');
        // A backslash takes the next character literally: \" and \\ are the useful ones.
        if (text.charAt(i) === '\\' && i + 1 < text.length) i++;
        value += text.charAt(i);
      }
      tokens.push({ kind: 'string', value, position: start });
      i++;
    } else if (char === '-' && /[A-Za-z]/.test(text.charAt(i + 1))) {
      while (/[A-Za-z]/.test(text.charAt(++i)));
      const word = text.slice(start, i);
      const operator = QUERY_OPERATORS.find((op) => op === word.slice(1).toLowerCase());
      if (!operator) fail(start, `unknown operator '${word}'; expected one of ${OPERATOR_LIST}.`);
      tokens.push({ kind: 'operator', operator, text: word, position: start });
    } else {
      while (i < text.length && !/[\s()"]/.test(text.charAt(i))) i++;
      tokens.push({ kind: 'word', value: text.slice(start, i), position: start });
    }
  }
  return tokens;
}

function describeToken(token: Token | undefined): string {
  if (!token) return 'the end of the query';
  if (token.kind === 'string') return `string "${token.value}"`;
  return `'${token.kind === 'operator' ? token.text : token.kind === 'word' ? token.value : token.kind}'`;
}

function isKeyword(token: Token): boolean {
  return token.kind === 'word' && /^(and|or)$/i.test(token.value);
}

// ---- grammar: or := and (OR and)*; and := primary (AND primary)*; primary := '(' or ')' | clause ----

class Parser {
  private index = 0;
  private depth = 0;
  private clauses = 0;
  private readonly metadata: Map<string, string> | null;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly end: number,
    private readonly options: CertificateQueryOptions,
  ) {
    const names = options.metadataFields;
    this.metadata = names ? new Map(names.map((name) => [name.toLowerCase(), name])) : null;
  }

  parseQuery(): QueryNode {
    if (this.tokens.length === 0) fail(0, 'the query is empty; expected a clause like CN -eq "x".');
    const node = this.parseOr();
    const extra = this.peek();
    if (extra?.kind === ')') fail(extra.position, "this ')' closes no '('.");
    if (extra)
      fail(
        extra.position,
        `expected AND, OR or the end of the query, found ${describeToken(extra)}.`,
      );
    return node;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.keyword('OR')) children.push(this.parseAnd());
    return children.length === 1 && children[0] ? children[0] : { kind: 'or', children };
  }

  private parseAnd(): QueryNode {
    const children = [this.parsePrimary()];
    while (this.keyword('AND')) children.push(this.parsePrimary());
    return children.length === 1 && children[0] ? children[0] : { kind: 'and', children };
  }

  private parsePrimary(): QueryNode {
    const open = this.peek();
    if (open?.kind !== '(') return this.parseClause();
    // The only recursion; bounding it keeps hostile input from overflowing the stack.
    if (++this.depth > MAX_QUERY_DEPTH)
      fail(open.position, `parentheses nest deeper than ${MAX_QUERY_DEPTH} levels.`);
    this.index++;
    const inner = this.parseOr();
    const close = this.peek();
    if (close?.kind !== ')') {
      this.fail(
        close,
        `expected ')' to close the '(' at position ${open.position}, found ${describeToken(close)}.`,
      );
    }
    this.index++;
    this.depth--;
    return inner;
  }

  private parseClause(): QueryNode {
    const token = this.peek();
    if (token?.kind !== 'word' || isKeyword(token)) {
      return this.fail(token, `expected a field name or '(', found ${describeToken(token)}.`);
    }
    if (++this.clauses > MAX_QUERY_CLAUSES)
      fail(token.position, `the query has more than ${MAX_QUERY_CLAUSES} clauses.`);
    this.index++;
    const field = this.resolveField(token.value, token.position);

    const operatorToken = this.peek();
    if (operatorToken?.kind !== 'operator') {
      return this.fail(
        operatorToken,
        `expected an operator such as -eq after '${token.value}', found ${describeToken(operatorToken)}.`,
      );
    }
    this.index++;
    const { operator } = operatorToken;
    const type = fieldType(field);
    const allowed = OPERATORS_BY_TYPE[type];
    if (!allowed.includes(operator)) {
      const list = allowed.map((op) => `-${op}`).join(', ');
      fail(
        operatorToken.position,
        `${fieldLabel(field)} does not take -${operator}; it takes ${list}.`,
      );
    }
    if (operator === 'isnull' || operator === 'isnotnull') {
      return { kind: 'clause', field, operator, value: null, position: token.position };
    }

    const valueToken = this.peek();
    if ((valueToken?.kind !== 'string' && valueToken?.kind !== 'word') || isKeyword(valueToken)) {
      return this.fail(
        valueToken,
        `expected a value after -${operator}, found ${describeToken(valueToken)} (quote a value that is AND or OR).`,
      );
    }
    this.index++;
    const value = checkValue(field, type, operator, valueToken.value, valueToken.position);
    return { kind: 'clause', field, operator, value, position: token.position };
  }

  private resolveField(name: string, position: number): QueryField {
    const builtin = BUILTIN_NAMES.get(name.toLowerCase());
    if (builtin) return { kind: 'builtin', name: builtin };

    const prefixed = /^metadata\./i.test(name);
    const metadataName = prefixed ? name.slice('metadata.'.length) : name;
    if (prefixed && !/^[A-Za-z0-9_-]+$/.test(metadataName)) {
      fail(
        position,
        `'${name}' is not a valid metadata field reference; expected Metadata.<FieldName>.`,
      );
    }
    const known = this.metadata?.get(metadataName.toLowerCase());
    if (known !== undefined) return { kind: 'metadata', name: known };
    if (prefixed && !this.metadata) return { kind: 'metadata', name: metadataName };

    const glued = QUERY_OPERATORS.some((op) => name.toLowerCase().endsWith(`-${op}`));
    const hint = glued ? ' (put a space before the operator)' : '';
    const defined = this.options.metadataFields?.length
      ? `; metadata fields: ${this.options.metadataFields.join(', ')}`
      : '';
    return fail(
      position,
      `unknown field '${name}'${hint}; known fields: ${KNOWN_FIELDS}, Metadata.<FieldName>${defined}.`,
    );
  }

  private keyword(word: 'AND' | 'OR'): boolean {
    const token = this.peek();
    if (token?.kind !== 'word' || token.value.toUpperCase() !== word) return false;
    this.index++;
    return true;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  /** Fails at `token`, or at the end of the text when the query ran out. */
  private fail(token: Token | undefined, detail: string): never {
    return fail(token ? token.position : this.end, detail);
  }
}

/** Every built-in name and alias, lower-cased, to its field. */
const BUILTIN_NAMES = new Map(
  (Object.keys(CERTIFICATE_QUERY_FIELDS) as BuiltinQueryField[]).flatMap((field) =>
    [field, ...CERTIFICATE_QUERY_FIELDS[field].aliases].map(
      (name) => [name.toLowerCase(), field] as const,
    ),
  ),
);
const KNOWN_FIELDS = Object.entries(CERTIFICATE_QUERY_FIELDS)
  .flatMap(([name, spec]) => [name, ...spec.aliases])
  .join(', ');

function fieldLabel(field: QueryField): string {
  return field.kind === 'builtin' ? field.name : `Metadata.${field.name}`;
}

// ---- values ----

function checkValue(
  field: QueryField,
  type: QueryFieldType,
  operator: QueryOperator,
  raw: string,
  position: number,
): QueryValue {
  const bad = (expected: string) =>
    fail(position, `${fieldLabel(field)} takes ${expected}; got '${raw}'.`);
  switch (type) {
    case 'text':
    case 'san':
      return raw;
    case 'serial':
    case 'thumbprint': {
      // Serials and thumbprints are stored as upper-case hex without separators.
      const hex = raw.replace(/[:\s-]/g, '').toUpperCase();
      if (!/^[0-9A-F]+$/.test(hex)) bad('hexadecimal digits (":", "-" and spaces are ignored)');
      // Serials are stored without leading zeros, so an exact match must drop them too.
      const exact = type === 'serial' && (operator === 'eq' || operator === 'ne');
      return exact ? hex.replace(/^0+(?=.)/, '') : hex;
    }
    case 'integer': {
      const parsed = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
      return Number.isSafeInteger(parsed) ? parsed : bad('a whole number');
    }
    case 'boolean': {
      const lower = raw.toLowerCase();
      return lower === 'true' || lower === 'false' ? lower === 'true' : bad('true or false');
    }
    case 'date':
      return (
        toIsoInstant(raw) ?? bad('a date: "YYYY-MM-DD" (midnight UTC) or a full ISO date-time')
      );
  }
}

// A date, optionally with a time (seconds, fraction and offset optional); fields in range.
const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:T((?:[01]\d|2[0-3]):[0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/i;

/**
 * The stored form (`YYYY-MM-DDTHH:mm:ss.sssZ`) of the instant a date names, or null when it is
 * not a real ISO date. A date alone is midnight UTC; a date-time without an offset is UTC too.
 */
export function toIsoInstant(text: string): string | null {
  const match = ISO_DATE.exec(text);
  if (!match?.[1]) return null;
  const [, date, time = '00:00', seconds = '00', fraction = '', zone = 'Z'] = match;
  // Date rolls 2026-02-30 over to March (or rejects it); either way the day differs.
  const midnight = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== date) return null;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const instant = new Date(`${date}T${time}:${seconds}.${millis}${zone.toUpperCase()}`);
  if (Number.isNaN(instant.getTime())) return null;
  // An offset can push the instant outside years 0000-9999, where toISOString grows a sign.
  const iso = instant.toISOString();
  return iso.length === 24 ? iso : null;
}
