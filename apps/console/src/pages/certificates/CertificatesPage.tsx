import {
  CERTIFICATE_SORT_KEYS,
  type CertificateSortKey,
  type CertificateSummary,
} from '@certlab/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { listCertificates } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  Card,
  DataTable,
  EmptyState,
  ErrorBanner,
  Pager,
  SkeletonBlock,
  Spinner,
  StateBadge,
} from '../../design';
import {
  type CertificateListParams,
  PAGE_SIZES,
  readListParams,
  toggleSort,
  writeListParams,
} from '../../lib/certificate-list-params';
import { formatCount, formatRelative, formatUtc, formatUtcDate } from '../../lib/format';
import { QueryBox } from './QueryBox';
import { QuickFilters } from './QuickFilters';
import './certificates.css';

const SORTABLE = new Set<string>(CERTIFICATE_SORT_KEYS);

function columns(now: Date): ColumnDef<CertificateSummary>[] {
  return [
    {
      id: 'id',
      header: 'ID',
      enableSorting: true,
      // Narrow, the common name is the link and says which certificate it is.
      meta: { numeric: true, wideOnly: true },
      cell: ({ row }) => <Link to={`/certificates/${row.original.id}`}>{row.original.id}</Link>,
    },
    {
      id: 'commonName',
      header: 'Common name',
      enableSorting: true,
      cell: ({ row }) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/certificates/${row.original.id}`} className="cert-cn break">
            {row.original.commonName ?? '(no CN)'}
          </Link>
          <span className="cert-subject" title={row.original.subject}>
            {row.original.subject}
          </span>
        </div>
      ),
    },
    {
      id: 'issuer',
      header: 'Issuing CA',
      meta: { wideOnly: true },
      enableSorting: true,
      // A lab CA's short name stays on one line; an issuer DN (a CA certificate's) wraps.
      cell: ({ row }) =>
        row.original.authority ? (
          <span className="nowrap">{row.original.authority.configName}</span>
        ) : (
          <span className="break">{row.original.issuerDn}</span>
        ),
    },
    {
      id: 'keyAlgorithm',
      header: 'Key',
      meta: { wideOnly: true },
      enableSorting: true,
      cell: ({ row }) => <span className="nowrap">{row.original.keyAlgorithm}</span>,
    },
    {
      id: 'template',
      header: 'Template',
      meta: { wideOnly: true },
      cell: ({ row }) => row.original.template?.shortName ?? <span className="subtle">—</span>,
    },
    {
      id: 'notAfter',
      header: 'Expires',
      enableSorting: true,
      cell: ({ row }) => (
        <time dateTime={row.original.notAfter} title={formatUtc(row.original.notAfter)}>
          <span className="nowrap">{formatUtcDate(row.original.notAfter)}</span>
          <span className="cert-subject">{formatRelative(row.original.notAfter, now)}</span>
        </time>
      ),
    },
    {
      id: 'state',
      header: 'State',
      cell: ({ row }) => (
        <span className="row" style={{ gap: 4, flexWrap: 'nowrap' }}>
          <StateBadge state={row.original.state} />
          {row.original.renewedById !== null && (
            <Link
              to={`/certificates/${row.original.renewedById}`}
              className="subtle nowrap"
              title="Renewed by"
            >
              → #{row.original.renewedById}
            </Link>
          )}
        </span>
      ),
    },
    {
      id: 'locations',
      header: 'Stores',
      meta: { numeric: true, wideOnly: true },
      cell: ({ row }) => row.original.locationCount,
    },
  ];
}

export function CertificatesPage() {
  usePageTitle('Certificates');
  const [search, setSearch] = useSearchParams();
  const params = readListParams(search);
  const now = useLabNow();

  const update = useCallback(
    (change: (current: CertificateListParams) => CertificateListParams) =>
      setSearch((current) => writeListParams(change(readListParams(current)))),
    [setSearch],
  );
  const setQuery = useCallback(
    (query: string) => update((current) => ({ ...current, query, page: 1 })),
    [update],
  );

  const request = {
    ...(params.query ? { query: params.query } : {}),
    ...(params.state ? { state: params.state } : {}),
    sort: params.sort,
    order: params.order,
    page: params.page,
    limit: params.limit,
  };
  const list = useQuery({
    queryKey: queryKeys.certificateList(request),
    queryFn: ({ signal }) => listCertificates(request, signal),
    placeholderData: keepPreviousData,
    retry: (failures, error) =>
      !(error instanceof ApiError && error.status === 400) && failures < 2,
  });
  const queryError =
    list.error instanceof ApiError && list.error.status === 400 ? list.error.message : null;

  return (
    <>
      <PageHeader
        title="Certificates"
        description="Search with the certificate query language; the server filters, sorts and pages."
      />
      <Card>
        <div className="stack">
          <QueryBox value={params.query} onApply={setQuery} error={queryError} />
          <QuickFilters
            query={params.query}
            state={params.state}
            onQuery={setQuery}
            onState={(state) => update((current) => ({ ...current, state, page: 1 }))}
          />
        </div>
      </Card>
      <Card
        flush
        title={
          list.data && !queryError ? (
            <span>
              {formatCount(list.data.total)} certificate{list.data.total === 1 ? '' : 's'}
              {list.isFetching && <Spinner size={14} />}
            </span>
          ) : (
            'Results'
          )
        }
      >
        {list.isPending ? (
          <div className="card-body">
            <SkeletonBlock lines={8} label="Loading certificates…" />
          </div>
        ) : queryError ? (
          <EmptyState title="The query could not be read">
            Fix it above (the message says where) to see certificates.
          </EmptyState>
        ) : list.data === undefined ? (
          <div className="card-body">
            <ErrorBanner message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
          </div>
        ) : (
          <>
            <DataTable
              label="Certificates"
              columns={columns(now)}
              data={list.data.items}
              getRowId={(certificate) => String(certificate.id)}
              sort={{ id: params.sort, desc: params.order === 'desc' }}
              onSort={(column) => {
                if (SORTABLE.has(column))
                  update((current) => toggleSort(current, column as CertificateSortKey));
              }}
              empty={
                <EmptyState title="No certificate matches">
                  Change the query or the filters.
                </EmptyState>
              }
            />
            <div className="table-footer">
              <label className="row">
                <span className="subtle">Rows per page</span>
                <select
                  className="select"
                  style={{ width: 90 }}
                  value={params.limit}
                  onChange={(event) =>
                    update((current) => ({
                      ...current,
                      limit: Number(event.target.value),
                      page: 1,
                    }))
                  }
                >
                  {PAGE_SIZES.map((size) => (
                    <option key={size} value={size}>
                      {size}
                    </option>
                  ))}
                </select>
              </label>
              <Pager
                page={params.page}
                limit={params.limit}
                total={list.data.total}
                onPage={(page) => update((current) => ({ ...current, page }))}
                label="Certificate pages"
              />
            </div>
          </>
        )}
      </Card>
    </>
  );
}
