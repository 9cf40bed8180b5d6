import { type DomainError } from '../../common/errors/domain-error';
import { KeyfactorApiErrors } from './keyfactor-api.errors';
import {
  KeyfactorQuery,
  MAX_RETURN_LIMIT,
  pageOf,
  readListQuery,
  requireNoCollection,
} from './keyfactor-query';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('KeyfactorQuery and the paging block', () => {
  it('reads parameters case-insensitively with the documented defaults', () => {
    const list = readListQuery(
      new KeyfactorQuery({
        'PQ.PAGERETURNED': '2',
        'pq.ReturnLimit': '10',
        'pq.sortfield': 'Name',
      }),
      'pq',
    );

    expect(list).toEqual({
      prefix: 'pq',
      queryString: undefined,
      page: 2,
      limit: 10,
      sortField: 'Name',
      ascending: true,
    });
    expect(readListQuery(new KeyfactorQuery({}), 'sq')).toMatchObject({ page: 1, limit: 50 });
  });

  it('cuts a large page to the maximum and refuses values that do not convert', () => {
    expect(readListQuery(new KeyfactorQuery({ 'pq.returnLimit': '100000' }), 'pq').limit).toBe(
      MAX_RETURN_LIMIT,
    );
    expect(
      codeOf(() => readListQuery(new KeyfactorQuery({ 'pq.pageReturned': 'two' }), 'pq')),
    ).toBe(KeyfactorApiErrors.codes.invalidQueryParameter);
    expect(codeOf(() => readListQuery(new KeyfactorQuery({ 'pq.pageReturned': '0' }), 'pq'))).toBe(
      KeyfactorApiErrors.codes.invalidQueryParameter,
    );
    expect(
      codeOf(() => new KeyfactorQuery({ includeMetadata: 'yes' }).boolean('includeMetadata')),
    ).toBe(KeyfactorApiErrors.codes.invalidQueryParameter);
    expect(codeOf(() => new KeyfactorQuery({ a: ['1', '2'] }).string('a'))).toBe(
      KeyfactorApiErrors.codes.invalidQueryParameter,
    );
    expect(
      codeOf(() =>
        new KeyfactorQuery({ includeMetadata: 'true', INCLUDEMETADATA: 'false' }).boolean(
          'includeMetadata',
        ),
      ),
    ).toBe(KeyfactorApiErrors.codes.invalidQueryParameter);
    // Parameters nobody reads are ignored, as ASP.NET ignores them.
    expect(codeOf(() => new KeyfactorQuery({ unused: ['1', '2'] }).string('used'))).toBeUndefined();
  });

  it('reads sortAscending as the document does (0 ascending, 1 descending) and true/false by name', () => {
    const ascending = (value: string) =>
      readListQuery(new KeyfactorQuery({ 'pq.sortAscending': value }), 'pq').ascending;

    expect([ascending('0'), ascending('1'), ascending('true'), ascending('false')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(codeOf(() => ascending('2'))).toBe(KeyfactorApiErrors.codes.invalidQueryParameter);
  });

  it('accepts collectionId 0 or none and refuses any collection', () => {
    expect(
      codeOf(() => requireNoCollection(new KeyfactorQuery({ collectionId: '0' }))),
    ).toBeUndefined();
    expect(codeOf(() => requireNoCollection(new KeyfactorQuery({ CollectionId: '4' })))).toBe(
      KeyfactorApiErrors.codes.unknownCollection,
    );
  });
});

describe('pageOf', () => {
  const items = [{ n: 3 }, { n: 1 }, { n: 2 }, { n: 5 }, { n: 4 }];
  const sortable = { N: (item: { n: number }) => item.n };
  const list = (query: Record<string, string>) => readListQuery(new KeyfactorQuery(query), 'pq');

  it('sorts by a sortable field in either direction, then pages', () => {
    expect(
      pageOf(
        items,
        list({ 'pq.sortField': 'n', 'pq.returnLimit': '2', 'pq.pageReturned': '2' }),
        sortable,
      ),
    ).toEqual({ total: 5, items: [{ n: 3 }, { n: 4 }] });
    expect(
      pageOf(items, list({ 'pq.sortField': 'N', 'pq.sortAscending': '1' }), sortable).items.map(
        (item) => item.n,
      ),
    ).toEqual([5, 4, 3, 2, 1]);
  });

  it("refuses an unknown sort field with the vendor's code, and a query string it cannot apply", () => {
    expect(codeOf(() => pageOf(items, list({ 'pq.sortField': 'Colour' }), sortable))).toBe(
      '0xA011004A',
    );
    expect(codeOf(() => pageOf(items, list({ 'pq.queryString': 'N -eq 1' }), sortable))).toBe(
      KeyfactorApiErrors.codes.invalidQueryParameter,
    );
  });
});
