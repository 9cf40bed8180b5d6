// The server's own parser, so quoting is checked against what the server really reads.
import { parseCertificateQuery } from '../../../server/src/modules/certificates/policies/certificate-query';
import {
  andQueries,
  applyQuickFilter,
  buildQuickFilterQuery,
  EMPTY_QUICK_FILTERS,
  QUERY_EXAMPLES,
  queryClause,
  quoteQueryValue,
  readQuickFilters,
  unquoteQueryValue,
} from './certificate-query';

/** The value of the single clause the server parses out of `query`. */
function serverValue(query: string): unknown {
  const node = parseCertificateQuery(query);
  if (node.kind !== 'clause') throw new Error(`expected one clause, got ${node.kind}`);
  return node.value;
}

describe('quoting values', () => {
  it('doubles the backslash of a CA name, as the README writes it', () => {
    expect(queryClause('IssuingCA', 'eq', 'CA1.jdk.com\\jdk-CA1')).toBe(
      'IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1"',
    );
  });

  it('escapes double quotes', () => {
    expect(quoteQueryValue('say "hi"')).toBe('"say \\"hi\\""');
  });

  it.each([
    'CA1.jdk.com\\jdk-CA1',
    'ends with a backslash\\',
    '"quoted"',
    '\\"both\\"',
    'AND',
    'a OR b',
    '(paren)',
    '',
  ])('the server reads back exactly %j', (value) => {
    expect(serverValue(queryClause('CN', 'eq', value))).toBe(value);
    expect(unquoteQueryValue(quoteQueryValue(value))).toBe(value);
  });

  it('refuses text that is not one quoted value', () => {
    expect(unquoteQueryValue('"a" "b"')).toBeNull();
    expect(unquoteQueryValue('"dangling\\"')).toBeNull();
    expect(unquoteQueryValue('plain')).toBeNull();
  });
});

describe('joining queries', () => {
  it('parenthesises a part with a top-level OR', () => {
    expect(andQueries('CN -eq "a" OR CN -eq "b"', 'Revoked -eq false')).toBe(
      '(CN -eq "a" OR CN -eq "b") AND Revoked -eq false',
    );
  });

  it('leaves an OR inside quotes or parentheses alone', () => {
    expect(andQueries('CN -eq "x OR y"', '(KeyType -eq "P-256" OR KeyType -eq "P-384")')).toBe(
      'CN -eq "x OR y" AND (KeyType -eq "P-256" OR KeyType -eq "P-384")',
    );
  });

  it('drops empty parts', () => {
    expect(andQueries('', '  ', 'CN -eq "a"')).toBe('CN -eq "a"');
    expect(andQueries()).toBe('');
  });
});

describe('quick filters', () => {
  const filters = { issuingCA: 'CA1.jdk.com\\jdk-CA1', keyType: 'RSA-2048', cnContains: 'we"b' };

  it('build a query the server parses', () => {
    const query = buildQuickFilterQuery(filters);
    expect(query).toBe(
      'IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1" AND KeyType -eq "RSA-2048" AND CN -contains "we\\"b"',
    );
    const node = parseCertificateQuery(query);
    expect(node.kind).toBe('and');
  });

  it('build nothing when none is set', () => {
    expect(buildQuickFilterQuery(EMPTY_QUICK_FILTERS)).toBe('');
  });

  it('read back what they built, in any order and case', () => {
    expect(readQuickFilters(buildQuickFilterQuery(filters))).toEqual(filters);
    expect(readQuickFilters('cn -CONTAINS "x" and keytype -eq "P-256"')).toEqual({
      ...EMPTY_QUICK_FILTERS,
      cnContains: 'x',
      keyType: 'P-256',
    });
  });

  it('do not claim a query they could not have written', () => {
    expect(readQuickFilters('CN -eq "x"')).toBeNull();
    expect(readQuickFilters('CN -contains "a" OR CN -contains "b"')).toBeNull();
    expect(readQuickFilters('CN -contains "a" AND CN -contains "b"')).toBeNull();
    expect(readQuickFilters('(CN -contains "a")')).toBeNull();
  });

  it('rebuild a built query when one filter changes, and clear it', () => {
    const query = buildQuickFilterQuery({ ...EMPTY_QUICK_FILTERS, keyType: 'RSA-2048' });
    expect(applyQuickFilter(query, 'cnContains', 'web')).toBe(
      'KeyType -eq "RSA-2048" AND CN -contains "web"',
    );
    expect(applyQuickFilter(query, 'keyType', '')).toBe('');
  });

  it('add their clause to a hand-written query', () => {
    expect(applyQuickFilter('SAN -contains "a" OR SAN -contains "b"', 'keyType', 'P-256')).toBe(
      '(SAN -contains "a" OR SAN -contains "b") AND KeyType -eq "P-256"',
    );
  });
});

describe('examples', () => {
  it.each(QUERY_EXAMPLES.map((example) => example.query))('%s parses on the server', (query) => {
    expect(() => parseCertificateQuery(query, { metadataFields: ['Email-Contact'] })).not.toThrow();
  });
});
