import {
  CertificateQueryError,
  MAX_QUERY_CLAUSES,
  MAX_QUERY_DEPTH,
  MAX_QUERY_LENGTH,
  parseCertificateQuery,
  type QueryNode,
  toIsoInstant,
} from './certificate-query';

function parseError(text: string, options = {}): CertificateQueryError {
  try {
    parseCertificateQuery(text, options);
  } catch (error) {
    if (error instanceof CertificateQueryError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

const clause = (
  name: string,
  operator: string,
  value: unknown,
  position: number,
  kind = 'builtin',
) => ({
  kind: 'clause',
  field: { kind, name },
  operator,
  value,
  position,
});

describe('parseCertificateQuery', () => {
  describe('grammar', () => {
    it('parses a single clause', () => {
      expect(parseCertificateQuery('CN -eq "web01"')).toEqual(clause('CN', 'eq', 'web01', 0));
    });

    it('binds AND tighter than OR', () => {
      expect(parseCertificateQuery('CN -eq a OR CN -eq b AND KeyType -eq P-256')).toEqual({
        kind: 'or',
        children: [
          clause('CN', 'eq', 'a', 0),
          {
            kind: 'and',
            children: [clause('CN', 'eq', 'b', 12), clause('KeyType', 'eq', 'P-256', 25)],
          },
        ],
      });
    });

    it('groups with parentheses and flattens chains of the same keyword', () => {
      const node = parseCertificateQuery(
        '(CN -startswith "web" or CN -eq "api") and KeyType -eq "P-256" AND Revoked -eq false',
      );
      expect(node).toEqual({
        kind: 'and',
        children: [
          {
            kind: 'or',
            children: [clause('CN', 'startswith', 'web', 1), clause('CN', 'eq', 'api', 25)],
          },
          clause('KeyType', 'eq', 'P-256', 43),
          clause('Revoked', 'eq', false, 67),
        ],
      });
    });

    it('takes keywords, field names, aliases and operators in any case', () => {
      expect(parseCertificateQuery('dn -CONTAINS x')).toEqual(
        clause('Subject', 'contains', 'x', 0),
      );
      expect(parseCertificateQuery('keyalgorithm -Eq RSA-2048')).toEqual(
        clause('KeyType', 'eq', 'RSA-2048', 0),
      );
      expect(parseCertificateQuery('ca -eq "CA1.jdk.com\\\\jdk-CA1"')).toEqual(
        clause('IssuingCA', 'eq', 'CA1.jdk.com\\jdk-CA1', 0),
      );
      expect(parseCertificateQuery('ID -gt 3')).toEqual(clause('CertId', 'gt', 3, 0));
      expect(parseCertificateQuery('DNSName -eq www.example.com')).toEqual(
        clause('SAN', 'eq', 'www.example.com', 0),
      );
    });

    it('reads escapes inside quoted strings', () => {
      expect(parseCertificateQuery('CN -eq "say \\"hi\\" \\\\ (and) AND OR"')).toEqual(
        clause('CN', 'eq', 'say "hi" \\ (and) AND OR', 0),
      );
    });

    it('takes no value for -isnull and -isnotnull', () => {
      expect(parseCertificateQuery('NotAfter -isnull OR CN -isnotnull')).toEqual({
        kind: 'or',
        children: [clause('NotAfter', 'isnull', null, 0), clause('CN', 'isnotnull', null, 20)],
      });
    });
  });

  describe('values', () => {
    it.each<[string, unknown]>([
      ['SerialNumber -eq "0a:1b"', 'A1B'],
      ['SerialNumber -eq "00 00"', '0'],
      ['SerialNumber -ne 00-ff', 'FF'],
      ['SerialNumber -startswith "0a"', '0A'],
      ['SerialNumber -contains 0a', '0A'],
      ['Thumbprint -eq "ab:cd ef"', 'ABCDEF'],
      ['NotAfter -lt "2027-01-01"', '2027-01-01T00:00:00.000Z'],
      ['NotAfter -lt 2027-01-01', '2027-01-01T00:00:00.000Z'],
      ['NotBefore -ge "2026-03-01T10:20:30Z"', '2026-03-01T10:20:30.000Z'],
      ['NotBefore -ge "2026-03-01T10:20:30.5+02:00"', '2026-03-01T08:20:30.500Z'],
      ['NotBefore -ge "2026-03-01T00:30-01:00"', '2026-03-01T01:30:00.000Z'],
      ['CertId -eq "17"', 17],
      ['RenewedFromId -le -1', -1],
      ['Revoked -ne TRUE', true],
      ['CN -eq ""', ''],
      ['CN -eq 42', '42'],
    ])('%s has value %j', (text, value) => {
      expect(parseCertificateQuery(text)).toMatchObject({ kind: 'clause', value });
    });

    it.each<[string, RegExp]>([
      ['NotAfter -lt "not a date"', /NotAfter takes a date/],
      ['NotAfter -lt "2026-02-30"', /NotAfter takes a date/],
      ['NotAfter -lt "2026-01-01T25:00:00Z"', /NotAfter takes a date/],
      ['NotAfter -lt "01/01/2027"', /NotAfter takes a date/],
      ['CertId -eq 1.5', /CertId takes a whole number/],
      ['CertId -eq 99999999999999999999', /CertId takes a whole number/],
      ['Revoked -eq yes', /Revoked takes true or false/],
      ['SerialNumber -eq "xyz"', /SerialNumber takes hexadecimal digits/],
      ['Thumbprint -eq ""', /Thumbprint takes hexadecimal digits/],
    ])('rejects the value of %s', (text, message) => {
      expect(parseError(text).message).toMatch(message);
    });

    it.each<[string, RegExp]>([
      ['CertId -contains "x"', /CertId does not take -contains.*-eq, -ne, -lt/],
      ['CN -lt "m"', /CN does not take -lt/],
      ['NotAfter -startswith "2027"', /NotAfter does not take -startswith/],
      ['Revoked -isnull', /Revoked does not take -isnull/],
      ['SAN -isnotnull', /SAN does not take -isnotnull/],
      ['Metadata.Owner -gt "a"', /Metadata.Owner does not take -gt/],
    ])('rejects an operator its field does not take: %s', (text, message) => {
      expect(parseError(text).message).toMatch(message);
    });

    it('converts dates to the instant the database stores', () => {
      expect(toIsoInstant('0001-01-01')).toBe('0001-01-01T00:00:00.000Z');
      expect(toIsoInstant('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
      expect(toIsoInstant('2023-02-29')).toBeNull();
      expect(toIsoInstant('9999-12-31T23:59:59.999-01:00')).toBeNull();
      expect(toIsoInstant('2026-01-01T00:00:00.123456789Z')).toBe('2026-01-01T00:00:00.123Z');
    });
  });

  describe('metadata fields', () => {
    it('reaches any field as Metadata.<Name> when no field list is given', () => {
      expect(parseCertificateQuery('Metadata.Email-Contact -eq "a.b@example.com"')).toEqual(
        clause('Email-Contact', 'eq', 'a.b@example.com', 0, 'metadata'),
      );
    });

    it('with a field list, resolves bare and prefixed names case-insensitively to the canonical name', () => {
      const options = { metadataFields: ['Email-Contact', 'AppCode'] };
      expect(parseCertificateQuery('email-contact -contains "@"', options)).toEqual(
        clause('Email-Contact', 'contains', '@', 0, 'metadata'),
      );
      expect(parseCertificateQuery('METADATA.appcode -isnull', options)).toEqual(
        clause('AppCode', 'isnull', null, 0, 'metadata'),
      );
      expect(parseError('Metadata.Nope -eq 1', options).message).toMatch(
        /^Position 0: unknown field 'Metadata.Nope'.*metadata fields: Email-Contact, AppCode/,
      );
    });

    it('prefers a built-in field over a metadata field of the same name', () => {
      expect(parseCertificateQuery('CN -eq x', { metadataFields: ['CN'] })).toEqual(
        clause('CN', 'eq', 'x', 0),
      );
    });

    it('rejects a malformed metadata reference', () => {
      expect(parseError('Metadata. -eq x').message).toMatch(/not a valid metadata field reference/);
      expect(parseError('Metadata.a.b -eq x').message).toMatch(
        /not a valid metadata field reference/,
      );
    });
  });

  describe('errors', () => {
    it.each<[string, number, RegExp]>([
      ['', 0, /empty/],
      ['   ', 0, /empty/],
      [
        'Colour -eq red',
        0,
        /^Position 0: unknown field 'Colour'; known fields: CN, CommonName, Subject, DN, .*Metadata\.<FieldName>\.$/,
      ],
      ['CN-eq "x"', 0, /^Position 0: unknown field 'CN-eq' \(put a space before the operator\)/],
      [
        'CN "x"',
        3,
        /^Position 3: expected an operator such as -eq after 'CN', found string "x"\.$/,
      ],
      [
        'CN -equals "x"',
        3,
        /^Position 3: unknown operator '-equals'; expected one of -eq, -ne, -contains/,
      ],
      ['CN -eq', 6, /^Position 6: expected a value after -eq, found the end of the query/],
      [
        'CN -eq AND',
        7,
        /^Position 7: expected a value after -eq, found 'AND' \(quote a value that is AND or OR\)/,
      ],
      ['CN -eq "x', 7, /^Position 7: this string has no closing quote/],
      ['CN -eq x CN -eq y', 9, /^Position 9: expected AND, OR or the end of the query, found 'CN'/],
      [
        'CN -eq x AND',
        12,
        /^Position 12: expected a field name or '\(', found the end of the query/,
      ],
      ['AND CN -eq x', 0, /^Position 0: expected a field name or '\(', found 'AND'/],
      ['(CN -eq x', 9, /^Position 9: expected '\)' to close the '\(' at position 0, found the end/],
      ['CN -eq x)', 8, /^Position 8: this '\)' closes no '\('/],
      ['()', 1, /^Position 1: expected a field name or '\(', found '\)'/],
      [
        'NotAfter -isnull "x"',
        17,
        /^Position 17: expected AND, OR or the end of the query, found string "x"/,
      ],
    ])('rejects %j at %i', (text, position, message) => {
      const error = parseError(text);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('CertificateQueryError');
      expect(error.position).toBe(position);
      expect(error.message).toMatch(message);
    });
  });

  describe('limits on hostile input', () => {
    it(`rejects text longer than ${MAX_QUERY_LENGTH} characters`, () => {
      expect(parseError(`CN -eq "${'x'.repeat(MAX_QUERY_LENGTH)}"`).message).toMatch(
        /longer than 4096/,
      );
      expect(parseCertificateQuery(`CN -eq "${'x'.repeat(MAX_QUERY_LENGTH - 9)}"`)).toMatchObject({
        kind: 'clause',
      });
    });

    it(`accepts ${MAX_QUERY_DEPTH} levels of parentheses and rejects one more`, () => {
      const nested = (depth: number) => `${'('.repeat(depth)}CN -eq x${')'.repeat(depth)}`;
      expect(parseCertificateQuery(nested(MAX_QUERY_DEPTH))).toEqual(
        clause('CN', 'eq', 'x', MAX_QUERY_DEPTH),
      );
      expect(parseError(nested(MAX_QUERY_DEPTH + 1)).message).toMatch(/deeper than 32/);
      // Far beyond the limit: a typed error, not a stack overflow.
      expect(parseError('('.repeat(4000)).message).toMatch(/deeper than 32/);
    });

    it(`accepts ${MAX_QUERY_CLAUSES} clauses and rejects one more`, () => {
      const clauses = (count: number) =>
        Array.from({ length: count }, (_, i) => `Id -eq ${i}`).join(' OR ');
      const node = parseCertificateQuery(clauses(MAX_QUERY_CLAUSES));
      expect(node.kind === 'or' && node.children.length).toBe(MAX_QUERY_CLAUSES);
      expect(parseError(clauses(MAX_QUERY_CLAUSES + 1)).message).toMatch(/more than 100 clauses/);
    });

    it('drops redundant parentheses from the tree', () => {
      const node: QueryNode = parseCertificateQuery('((CN -eq a) AND ((CN -eq b)))');
      expect(node).toEqual({
        kind: 'and',
        children: [clause('CN', 'eq', 'a', 2), clause('CN', 'eq', 'b', 18)],
      });
    });
  });
});
