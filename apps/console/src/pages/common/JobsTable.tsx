import { type JobView } from '@certlab/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { type JobListQuery, listJobs } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useLabNow } from '../../app/lab-time';
// Single files, not the barrel: the dashboard shows this table and must stay small.
import { JobStatusBadge } from '../../design/Badge';
import { ErrorBanner } from '../../design/Banner';
import { EmptyState } from '../../design/EmptyState';
import { Pager } from '../../design/Pager';
import { type SimpleColumn, SimpleTable } from '../../design/SimpleTable';
import { SkeletonBlock } from '../../design/Spinner';
import { formatUtc, formatUtcSeconds } from '../../lib/format';
import { jobWhen } from '../../lib/job-times';

function jobColumns(now: Date, showStore: boolean): SimpleColumn<JobView>[] {
  const columns: SimpleColumn<JobView>[] = [
    {
      id: 'status',
      header: 'Status',
      cell: (job) => <JobStatusBadge status={job.status} />,
    },
    {
      id: 'operation',
      header: 'Job',
      cell: (job) => (
        <span className="nowrap">
          {job.operation}
          {job.attempts > 1 && <span className="subtle"> · attempt {job.attempts}</span>}
        </span>
      ),
    },
  ];
  if (showStore)
    columns.push({
      id: 'store',
      header: 'Store',
      cell: (job) => (
        <Link to={`/stores/${job.storeId}`} className="break">
          {job.storeName}
        </Link>
      ),
    });
  columns.push(
    {
      id: 'certificate',
      header: 'Certificate',
      cell: (job) =>
        job.certificateId === null ? (
          <span className="subtle">—</span>
        ) : (
          <Link to={`/certificates/${job.certificateId}`}>#{job.certificateId}</Link>
        ),
    },
    {
      id: 'when',
      header: 'When',
      cell: (job) => {
        const when = jobWhen(job, now);
        return (
          <time dateTime={when.at} title={formatUtcSeconds(when.at)} className="nowrap">
            {when.words}
          </time>
        );
      },
    },
    {
      id: 'message',
      header: 'Agent says',
      cell: (job) => (
        <span className="subtle break long-text">
          {job.resultMessage ??
            (job.status !== 'Pending'
              ? ''
              : Date.parse(job.scheduledFor) > now.getTime()
                ? `scheduled for ${formatUtc(job.scheduledFor)}`
                : 'waiting for the agent')}
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
      <SimpleTable
        label={label}
        columns={jobColumns(now, showStore)}
        rows={jobs.data.items}
        rowKey={(job) => job.id}
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
