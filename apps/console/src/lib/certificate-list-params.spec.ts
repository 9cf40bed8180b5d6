import {
  certificateListHref,
  DEFAULT_LIST_PARAMS,
  readListParams,
  toggleSort,
  writeListParams,
} from './certificate-list-params';

describe('certificate list state in the URL', () => {
  it('reads what it writes', () => {
    const params = {
      query: 'IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1"',
      state: 'expiring' as const,
      sort: 'notAfter' as const,
      order: 'asc' as const,
      page: 3,
      limit: 100,
    };
    expect(readListParams(writeListParams(params))).toEqual(params);
  });

  it('leaves defaults out of the URL', () => {
    expect(writeListParams(DEFAULT_LIST_PARAMS).toString()).toBe('');
  });

  it('falls back to defaults for anything unreadable', () => {
    expect(
      readListParams(new URLSearchParams('state=bogus&sort=x&order=up&page=-2&limit=9999')),
    ).toEqual(DEFAULT_LIST_PARAMS);
  });

  it('links into the list with a query and a state', () => {
    expect(certificateListHref({ state: 'revoked' })).toBe('/certificates?state=revoked');
    expect(certificateListHref({ query: 'KeyType -eq "P-256"' })).toBe(
      '/certificates?query=KeyType+-eq+%22P-256%22',
    );
    expect(certificateListHref({})).toBe('/certificates');
  });

  it('sorts a new column ascending and flips the same one, back to page 1', () => {
    const onPage = { ...DEFAULT_LIST_PARAMS, page: 4 };
    expect(toggleSort(onPage, 'notAfter')).toMatchObject({
      sort: 'notAfter',
      order: 'asc',
      page: 1,
    });
    expect(toggleSort({ ...onPage, sort: 'notAfter', order: 'asc' }, 'notAfter').order).toBe(
      'desc',
    );
  });
});
