import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import { getAlertSchedule, listAlerts, listCollections } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useCan } from '../../app/auth';
import { PageHeader, usePageTitle } from '../../app/page';
import { ErrorBanner, SkeletonBlock, Tabs } from '../../design';
import { describeSchedule } from '../../lib/schedule-form';
import { AlertList } from './AlertList';
import { CollectionsPanel } from './CollectionsPanel';
import { OutboxPanel } from './OutboxPanel';
import { PreviewRunPanel } from './PreviewRunPanel';
import { SchedulePanel } from './SchedulePanel';

export function AlertsPage() {
  usePageTitle('Alerts');
  const isAdmin = useCan('admin');
  const alerts = useQuery({ queryKey: queryKeys.alerts, queryFn: listAlerts });
  const collections = useQuery({ queryKey: queryKeys.collections, queryFn: listCollections });
  const schedule = useQuery({ queryKey: queryKeys.alertSchedule, queryFn: getAlertSchedule });
  const error = alerts.error ?? collections.error ?? schedule.error;
  return (
    <>
      <PageHeader
        title="Expiration alerts"
        description={
          schedule.data
            ? `Alerts watch saved collections and report what expires soon; the renewal handler renews it. Schedule: ${describeSchedule(schedule.data.schedule)}`
            : 'Alerts watch saved collections and report what expires soon; the renewal handler renews it.'
        }
      />
      {error ? (
        <ErrorBanner
          message={errorMessage(error)}
          onRetry={() => {
            void alerts.refetch();
            void collections.refetch();
            void schedule.refetch();
          }}
        />
      ) : !alerts.data || !collections.data || !schedule.data ? (
        <SkeletonBlock lines={10} />
      ) : (
        <Tabs
          label="Alerts"
          items={[
            {
              value: 'alerts',
              label: `Alerts (${alerts.data.length})`,
              content: (
                <AlertList alerts={alerts.data} collections={collections.data} isAdmin={isAdmin} />
              ),
            },
            {
              value: 'run',
              label: 'Preview and run',
              content: <PreviewRunPanel alerts={alerts.data} isAdmin={isAdmin} />,
            },
            {
              value: 'collections',
              label: `Collections (${collections.data.length})`,
              content: <CollectionsPanel collections={collections.data} isAdmin={isAdmin} />,
            },
            {
              value: 'schedule',
              label: 'Schedule',
              content: <SchedulePanel schedule={schedule.data} isAdmin={isAdmin} />,
            },
            { value: 'outbox', label: 'Outbox', content: <OutboxPanel /> },
          ]}
        />
      )}
    </>
  );
}
