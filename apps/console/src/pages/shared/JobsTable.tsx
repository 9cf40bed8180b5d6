import { type JobView } from '@certlab/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { type JobListQuery, listJobs } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useLabNow } from '../../app/lab-time';
import {
  DataTable,
  EmptyState,
  ErrorBanner,
  JobStatusBadge,
  Pager,
  SkeletonBlock,
} from '../../design';
import { formatRelative, formatUtcSeconds } from '../../lib/format';

function jobColumns(now: Date, showStore: boolean): ColumnDef<JobView>[] {
  const columns: ColumnDef<JobView>[] = [
    {
      id: 'status',
      header: 'Status',
      cell: ({ row }) => <JobStatusBadge status={row.original.status} />,
    },
    {
      id: 'operation',
      header: 'Job',
      cell: ({ row }) => (
        <span className="nowrap">
          {row.original.operation}
          {row.original.attempts > 1 && (
            <span className="subtle"> · attempt {row.original.attempts}</span>
          )}
        </span>
      ),
    },
  ];
  if (showStore)
    columns.push({
      id: 'store',
      header: 'Store',
      cell: ({ row }) => (
        <Link to={`/stores/${row.original.storeId}`} className="break">
          {row.original.storeName}
        </Link>
      ),
    });
  columns.push(
    {
      id: 'certificate',
      header: 'Certificate',
      cell: ({ row }) =>
        row.original.certificateId === null ? (
          <span className="subtle">—</span>
        ) : (
          <Link to={`/certificates/${row.original.certificateId}`}>
            #{row.original.certificateId}
          </Link>
        ),
    },
    {
      id: 'when',
      header: 'When',
      cell: ({ row }) => {
        const at = row.original.completedAt ?? row.original.claimedAt ?? row.original.createdAt;
        return (
          <time dateTime={at} title={formatUtcSeconds(at)} className="nowrap">
            {formatRelative(at, now)}
          </time>
        );
      },
    },
    {
      id: 'message',
      header: 'Agent says',
      cell: ({ row }) => (
        <span className="subtle break">
          {row.original.resultMessage ??
            (row.original.status === 'Pending' ? 'waiting for the agent' : '')}
        </span>
      ),
    },
  );
  return columns;
}

/** Jobs newest first, paged on the server, refreshed by live events. */
export function JobsTable({
  filter,
  limit = 10,
  showStore = true,
  label,
  paged = true,
}: {
  filter: JobListQuery;
  limit?: number;
  showStore?: boolean;
  label: string;
  paged?: boolean;
}) {
  const [page, setPage] = useState(1);
  const now = useLabNow();
  const query = { ...filter, page, limit };
  const jobs = useQuery({
    queryKey: queryKeys.jobList(query),
    queryFn: () => listJobs(query),
    placeholderData: keepPreviousData,
  });
  if (jobs.isPending)
    return (
      <div className="card-body">
        <SkeletonBlock lines={4} />
      </div>
    );
  if (jobs.data === undefined)
    return (
      <div className="card-body">
        <ErrorBanner message={errorMessage(jobs.error)} onRetry={() => void jobs.refetch()} />
      </div>
    );
  return (
    <>
      <DataTable
        label={label}
        columns={jobColumns(now, showStore)}
        data={jobs.data.items}
        getRowId={(job) => job.id}
        empty={
          <EmptyState title="No jobs yet">
            Renewals and inventories schedule jobs for the agents.
          </EmptyState>
        }
      />
      {paged && jobs.data.total > limit && (
        <div className="table-footer">
          <span className="subtle">Newest first</span>
          <Pager
            page={page}
            limit={limit}
            total={jobs.data.total}
            onPage={setPage}
            label={`${label} pages`}
          />
        </div>
      )}
    </>
  );
}
