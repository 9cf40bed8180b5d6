import { Activity, CalendarClock } from 'lucide-react';
import { lazy, Suspense } from 'react';
import { errorMessage } from '../../api/client';
import { useDashboard } from '../../api/queries';
import { useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
// Single design files, not the barrel: the first page carries only what it shows.
import { ErrorBanner } from '../../design/Banner';
import { ButtonLink } from '../../design/Button';
import { Card } from '../../design/Card';
import { EmptyState } from '../../design/EmptyState';
import { Skeleton, SkeletonBlock } from '../../design/Spinner';
import { formatUtc } from '../../lib/format';
import { JobsTable } from '../common/JobsTable';
import { CaHierarchy } from './CaHierarchy';
import { MachinesCard } from './MachinesCard';
import { CountsByGroup, StateTiles } from './StateCounts';
import './dashboard.css';

// recharts stays in this chunk, loaded once the dashboard has its numbers.
const ExpiryChart = lazy(async () => ({ default: (await import('./ExpiryChart')).ExpiryChart }));

export function DashboardPage() {
  usePageTitle('Dashboard');
  const dashboard = useDashboard();
  const now = useLabNow(60_000);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          dashboard.data
            ? `The lab at ${formatUtc(now)}${dashboard.data.virtual ? ' (lab clock)' : ''}: states are measured on the lab clock.`
            : 'The lab at a glance.'
        }
      />
      {dashboard.data === undefined && dashboard.isError ? (
        <ErrorBanner
          message={errorMessage(dashboard.error)}
          onRetry={() => void dashboard.refetch()}
        />
      ) : dashboard.isPending ? (
        <div className="stat-grid" aria-label="Loading counts" role="status">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} height={74} />
          ))}
        </div>
      ) : (
        <StateTiles dashboard={dashboard.data} />
      )}
      <div className="grid-2">
        <CaHierarchy />
        <Card title="Expiry" icon={<CalendarClock size={18} aria-hidden="true" />}>
          {dashboard.isPending ? (
            <SkeletonBlock lines={6} label="Loading the expiry chart…" />
          ) : dashboard.data === undefined ? (
            <span className="subtle">No chart without the counts.</span>
          ) : dashboard.data.expiryByDay.length === 0 ? (
            <EmptyState title="Nothing expires">No certificate that is not revoked.</EmptyState>
          ) : (
            <Suspense fallback={<SkeletonBlock lines={6} label="Loading the expiry chart…" />}>
              <ExpiryChart expiryByDay={dashboard.data.expiryByDay} now={now} />
            </Suspense>
          )}
        </Card>
      </div>
      {dashboard.data && <CountsByGroup dashboard={dashboard.data} />}
      <MachinesCard />
      {/* The whole width: a job row names its store and the agent's words about it. */}
      <Card
        title="Latest jobs"
        icon={<Activity size={18} aria-hidden="true" />}
        flush
        actions={
          <ButtonLink to="/machines" size="sm">
            Machines & stores
          </ButtonLink>
        }
      >
        <JobsTable filter={{}} limit={8} label="Latest jobs" paged={false} />
      </Card>
    </>
  );
}
