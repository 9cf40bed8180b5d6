import {
  CERTIFICATE_SORT_KEYS,
  CERTIFICATE_STATES,
  type CertificateSortKey,
  type CertificateState,
} from '@certlab/contracts';

/*
 * The certificate list's state lives in the URL (`/certificates?query=…&state=expiring&sort=…`),
 * so back and forward, reloads and shared links show the same page. Defaults are left out of
 * the URL, and anything unreadable falls back to its default rather than failing the page.
 */

export interface CertificateListParams {
  query: string;
  state: CertificateState | null;
  sort: CertificateSortKey;
  order: 'asc' | 'desc';
  page: number;
  limit: number;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_LIST_PARAMS: CertificateListParams = {
  query: '',
  state: null,
  sort: 'id',
  order: 'desc',
  page: 1,
  limit: 50,
};

function oneOf<T extends string>(values: readonly T[], text: string | null): T | null {
  return values.find((value) => value === text) ?? null;
}

export function readListParams(search: URLSearchParams): CertificateListParams {
  const page = Number(search.get('page'));
  const limit = Number(search.get('limit'));
  return {
    query: search.get('query') ?? '',
    state: oneOf(CERTIFICATE_STATES, search.get('state')),
    sort: oneOf(CERTIFICATE_SORT_KEYS, search.get('sort')) ?? DEFAULT_LIST_PARAMS.sort,
    order: oneOf(['asc', 'desc'] as const, search.get('order')) ?? DEFAULT_LIST_PARAMS.order,
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    limit:
      Number.isSafeInteger(limit) && limit >= 1 && limit <= 500 ? limit : DEFAULT_LIST_PARAMS.limit,
  };
}

export function writeListParams(params: CertificateListParams): URLSearchParams {
  const search = new URLSearchParams();
  if (params.query.trim() !== '') search.set('query', params.query);
  if (params.state) search.set('state', params.state);
  if (params.sort !== DEFAULT_LIST_PARAMS.sort) search.set('sort', params.sort);
  if (params.order !== DEFAULT_LIST_PARAMS.order) search.set('order', params.order);
  if (params.page !== 1) search.set('page', String(params.page));
  if (params.limit !== DEFAULT_LIST_PARAMS.limit) search.set('limit', String(params.limit));
  return search;
}

/** A link into the list: `/certificates?query=…&state=…`. */
export function certificateListHref(
  changes: Partial<Pick<CertificateListParams, 'query' | 'state'>>,
): string {
  const search = writeListParams({ ...DEFAULT_LIST_PARAMS, ...changes });
  const text = search.toString();
  return text === '' ? '/certificates' : `/certificates?${text}`;
}

/** Clicking a header: a new column sorts ascending, the same column flips. */
export function toggleSort(
  params: CertificateListParams,
  column: CertificateSortKey,
): CertificateListParams {
  const order = params.sort === column ? (params.order === 'asc' ? 'desc' : 'asc') : 'asc';
  return { ...params, sort: column, order, page: 1 };
}
