import {
  Brackets,
  type ObjectLiteral,
  type SelectQueryBuilder,
  type WhereExpressionBuilder,
} from 'typeorm';
import { type CertificateEntity } from './certificate.entity';
import {
  type BuiltinQueryField,
  CertificateQueryError,
  fieldType,
  OPERATORS_BY_TYPE,
  type QueryFieldType,
  type QueryNode,
  type QueryOperator,
  type QueryValue,
} from './policies/certificate-query';

/*
 * Translates a parsed query (policies/certificate-query.ts) into WHERE conditions. Portable SQL
 * only, so the same conditions run on SQLite and PostgreSQL: LOWER() on both sides for
 * case-insensitive text, LIKE with an explicit ESCAPE, times compared as their ISO strings.
 * Every value is a bound parameter; the SQL text holds only identifiers and fixed fragments.
 */

type Clause = Extract<QueryNode, { kind: 'clause' }>;

/** Where a built-in field lives. */
type Target =
  | { kind: 'column'; column: string }
  | { kind: 'lookup'; foreignKey: string; table: string; column: string }
  | { kind: 'san' }
  | { kind: 'revoked' };

const TARGETS: Readonly<Record<BuiltinQueryField, Target>> = {
  CN: { kind: 'column', column: 'common_name' },
  Subject: { kind: 'column', column: 'subject' },
  IssuerDN: { kind: 'column', column: 'issuer_dn' },
  SerialNumber: { kind: 'column', column: 'serial_number' },
  Thumbprint: { kind: 'column', column: 'thumbprint' },
  NotBefore: { kind: 'column', column: 'not_before' },
  NotAfter: { kind: 'column', column: 'not_after' },
  KeyType: { kind: 'column', column: 'key_algorithm' },
  SignatureAlgorithm: { kind: 'column', column: 'signature_algorithm' },
  CertId: { kind: 'column', column: 'id' },
  TemplateShortName: {
    kind: 'lookup',
    foreignKey: 'template_id',
    table: 'templates',
    column: 'short_name',
  },
  IssuingCA: {
    kind: 'lookup',
    foreignKey: 'authority_id',
    table: 'certificate_authorities',
    column: 'config_name',
  },
  SAN: { kind: 'san' },
  RenewedFromId: { kind: 'column', column: 'renewed_from_id' },
  Revoked: { kind: 'revoked' },
};

/*
 * subject_alt_names is simple-json text: {"dns":[...],"ip":[...],"email":[...],"uri":[...]}.
 * Removing the four `"key":[` openers first means a pattern can only land in a value (a value's
 * own quotes are escaped, so `"dns":[` never occurs inside one), not in a key such as "dns".
 */
const SAN_KEYS = ['dns', 'ip', 'email', 'uri'] as const;

const COMPARISONS: Readonly<Partial<Record<QueryOperator, string>>> = {
  eq: '=',
  ne: '<>',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
};

/**
 * Adds `node` to `qb` as one AND-ed, parenthesised condition and returns `qb`. Throws
 * `CertificateQueryError` for a clause whose operator or value does not fit its field (only
 * possible for nodes not built by `parseCertificateQuery`, which checks them already).
 */
export function applyCertificateQuery(
  qb: SelectQueryBuilder<CertificateEntity>,
  node: QueryNode,
  alias = 'certificate',
): SelectQueryBuilder<CertificateEntity> {
  const translator = new Translator(qb, alias);
  return qb.andWhere(new Brackets((where) => translator.add(where, node, 'and')));
}

class Translator {
  private readonly prefix: string;
  private counter = 0;

  constructor(
    private readonly qb: SelectQueryBuilder<CertificateEntity>,
    private readonly alias: string,
  ) {
    // A prefix no earlier call on this builder used, so applying twice cannot clash.
    const taken = Object.keys(qb.getParameters());
    let round = 0;
    while (taken.some((name) => name.startsWith(`cq${round}_`))) round++;
    this.prefix = `cq${round}_`;
  }

  add(where: WhereExpressionBuilder, node: QueryNode, join: 'and' | 'or'): void {
    if (node.kind === 'clause') {
      const parameters: ObjectLiteral = {};
      const sql = this.clause(node, parameters);
      if (join === 'and') where.andWhere(sql, parameters);
      else where.orWhere(sql, parameters);
      return;
    }
    const group = new Brackets((inner) => {
      for (const child of node.children) this.add(inner, child, node.kind);
    });
    if (join === 'and') where.andWhere(group);
    else where.orWhere(group);
  }

  /** One clause as a self-contained, parenthesised condition. */
  private clause(node: Clause, parameters: ObjectLiteral): string {
    const type = fieldType(node.field);
    if (!OPERATORS_BY_TYPE[type].includes(node.operator)) {
      throw new CertificateQueryError(
        `Position ${node.position}: this field does not take -${node.operator}.`,
        node.position,
      );
    }
    const bind = (value: QueryValue): string => {
      const name = `${this.prefix}${this.counter++}`;
      parameters[name] = value;
      return `:${name}`;
    };

    if (node.field.kind === 'metadata') {
      const exists = (predicate: string | null) =>
        `EXISTS (SELECT 1 FROM ${this.id('certificate_metadata')} ${this.id('cq_m')}` +
        ` INNER JOIN ${this.id('metadata_fields')} ${this.id('cq_f')} ON ${this.col('cq_f', 'id')} = ${this.col('cq_m', 'field_id')}` +
        ` WHERE ${this.col('cq_m', 'certificate_id')} = ${this.col(this.alias, 'id')}` +
        ` AND LOWER(${this.col('cq_f', 'name')}) = LOWER(${bind(node.field.name)})` +
        (predicate ? ` AND ${predicate}` : '') +
        ')';
      if (node.operator === 'isnull') return `(NOT ${exists(null)})`;
      if (node.operator === 'isnotnull') return `(${exists(null)})`;
      // A certificate without the field counts as "not equal" / "not containing".
      const positive = this.textMatch(this.col('cq_m', 'value'), node, bind, true);
      return isNegative(node.operator) ? `(NOT ${exists(positive)})` : `(${exists(positive)})`;
    }

    const target = TARGETS[node.field.name];
    switch (target.kind) {
      case 'revoked': {
        const revoked = expectValue(node, 'boolean') === (node.operator === 'eq');
        return `(${this.col(this.alias, 'revoked_at')} IS ${revoked ? 'NOT NULL' : 'NULL'})`;
      }
      case 'san':
        return this.san(node, bind);
      case 'lookup': {
        const foreignKey = this.col(this.alias, target.foreignKey);
        if (node.operator === 'isnull') return `(${foreignKey} IS NULL)`;
        if (node.operator === 'isnotnull') return `(${foreignKey} IS NOT NULL)`;
        const positive = this.textMatch(this.col('cq_l', target.column), node, bind, true);
        const ids = `SELECT ${this.col('cq_l', 'id')} FROM ${this.id(target.table)} ${this.id('cq_l')} WHERE ${positive}`;
        return isNegative(node.operator)
          ? `(${foreignKey} IS NULL OR ${foreignKey} NOT IN (${ids}))`
          : `(${foreignKey} IN (${ids}))`;
      }
      case 'column':
        return this.column(this.col(this.alias, target.column), type, node, bind);
    }
  }

  private column(
    column: string,
    type: QueryFieldType,
    node: Clause,
    bind: (value: QueryValue) => string,
  ): string {
    if (node.operator === 'isnull') return `(${column} IS NULL)`;
    if (node.operator === 'isnotnull') return `(${column} IS NOT NULL)`;
    if (type === 'date' || type === 'integer') {
      const value = type === 'date' ? expectValue(node, 'string') : expectValue(node, 'number');
      const comparison = COMPARISONS[node.operator] ?? '=';
      // NULL is "not equal" to every value, as a reader of `-ne` expects.
      if (node.operator === 'ne') return `(${column} IS NULL OR ${column} <> ${bind(value)})`;
      return `(${column} ${comparison} ${bind(value)})`;
    }
    // Serials and thumbprints are stored and normalised upper-case: plain comparison, index-friendly.
    const positive = this.textMatch(column, node, bind, type === 'text');
    return isNegative(node.operator) ? `(${column} IS NULL OR NOT (${positive}))` : `(${positive})`;
  }

  private san(node: Clause, bind: (value: QueryValue) => string): string {
    let text = this.col(this.alias, 'subject_alt_names');
    for (const key of SAN_KEYS) text = `REPLACE(${text}, ${bind(`"${key}":[`)}, '')`;
    // JSON-escape the value the way simple-json wrote it, then match it between its quotes.
    const inner = escapeLike(JSON.stringify(expectValue(node, 'string')).slice(1, -1));
    const { operator } = node;
    const open = operator === 'eq' || operator === 'ne' || operator === 'startswith' ? '"' : '';
    const close = operator === 'eq' || operator === 'ne' || operator === 'endswith' ? '"' : '';
    const pattern = `%${open}${inner}${close}%`;
    const like = `LOWER(${text}) LIKE LOWER(${bind(pattern)}) ESCAPE '\\'`;
    return isNegative(node.operator) ? `(NOT (${like}))` : `(${like})`;
  }

  /** The positive form of an eq/ne/contains/notcontains/startswith/endswith match on `expr`. */
  private textMatch(
    expr: string,
    node: Clause,
    bind: (value: QueryValue) => string,
    caseInsensitive: boolean,
  ): string {
    const value = expectValue(node, 'string');
    const fold = (sql: string) => (caseInsensitive ? `LOWER(${sql})` : sql);
    if (node.operator === 'eq' || node.operator === 'ne')
      return `${fold(expr)} = ${fold(bind(value))}`;
    const escaped = escapeLike(value);
    const pattern =
      node.operator === 'startswith'
        ? `${escaped}%`
        : node.operator === 'endswith'
          ? `%${escaped}`
          : `%${escaped}%`;
    return `${fold(expr)} LIKE ${fold(bind(pattern))} ESCAPE '\\'`;
  }

  private id(name: string): string {
    return this.qb.escape(name);
  }

  private col(table: string, column: string): string {
    return `${this.qb.escape(table)}.${this.qb.escape(column)}`;
  }
}

function isNegative(operator: QueryOperator): boolean {
  return operator === 'ne' || operator === 'notcontains';
}

/** Makes `%`, `_` and `\` literal in a LIKE pattern used with ESCAPE '\'. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function expectValue(node: Clause, type: 'string'): string;
function expectValue(node: Clause, type: 'number'): number;
function expectValue(node: Clause, type: 'boolean'): boolean;
function expectValue(node: Clause, type: 'string' | 'number' | 'boolean'): QueryValue {
  if (typeof node.value !== type || node.value === null) {
    throw new CertificateQueryError(
      `Position ${node.position}: this clause needs a ${type} value.`,
      node.position,
    );
  }
  return node.value;
}
