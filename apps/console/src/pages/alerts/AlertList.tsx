import { type AlertView, type CollectionView } from '@certlab/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BellRing, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { deleteAlert, listAlertRuns } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  ErrorBanner,
  KeyValue,
  SkeletonBlock,
  useToast,
} from '../../design';
import { AlertEditor } from './AlertEditor';
import { RunResults } from './RunResults';

function AlertRuns({ alert }: { alert: AlertView }) {
  const runs = useQuery({
    queryKey: queryKeys.alertRuns(alert.id),
    queryFn: () => listAlertRuns(alert.id),
  });
  if (runs.isPending) return <SkeletonBlock lines={3} label="Loading runs…" />;
  if (runs.data === undefined)
    return <ErrorBanner message={errorMessage(runs.error)} onRetry={() => void runs.refetch()} />;
  if (runs.data.length === 0)
    return <p className="subtle">Never ran. Preview it, run it now, or let the schedule run it.</p>;
  return (
    <div className="stack">
      {runs.data.slice(0, 10).map((run) => (
        <RunResults key={run.id} run={run} />
      ))}
      {runs.data.length > 10 && (
        <p className="subtle">Showing the 10 newest of {runs.data.length} runs.</p>
      )}
    </div>
  );
}

function AlertCard({
  alert,
  collections,
  isAdmin,
}: {
  alert: AlertView;
  collections: readonly CollectionView[];
  isAdmin: boolean;
}) {
  const [showRuns, setShowRuns] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: () => deleteAlert(alert.id),
    onSuccess: () => {
      toast('success', `Alert “${alert.displayName}” deleted`);
      // Its card, and the Delete button that had focus, go away: the tab's panel takes focus.
      document.querySelector<HTMLElement>('[role="tabpanel"][data-state="active"]')?.focus();
      void queryClient.invalidateQueries({ queryKey: queryKeys.alertsArea });
    },
    onError: (error) => toast('danger', 'The alert was not deleted', errorMessage(error)),
  });
  const handler = alert.renewal.enabled
    ? `renews, with ${alert.renewal.template ?? 'each certificate’s template'} on ${alert.renewal.caConfiguration ?? 'each certificate’s CA'}`
    : 'reports only';
  return (
    <Card
      title={alert.displayName}
      icon={<BellRing size={18} aria-hidden="true" />}
      actions={
        <>
          <Badge tone={alert.renewal.enabled ? 'success' : 'outline'}>
            {alert.renewal.enabled ? 'renewal handler on' : 'handler off'}
          </Badge>
          <Button size="sm" aria-expanded={showRuns} onClick={() => setShowRuns((value) => !value)}>
            {showRuns ? 'Hide runs' : 'Runs'}
          </Button>
          {isAdmin && (
            <>
              <AlertEditor
                alert={alert}
                collections={collections}
                trigger={
                  <Button
                    size="sm"
                    icon={<Pencil size={14} aria-hidden="true" />}
                    aria-label={`Edit ${alert.displayName}`}
                  >
                    Edit
                  </Button>
                }
              />
              <ConfirmDialog
                title={`Delete “${alert.displayName}”?`}
                confirmLabel="Delete alert"
                onConfirm={() => remove.mutate()}
                trigger={
                  <Button
                    size="sm"
                    variant="danger"
                    icon={<Trash2 size={14} aria-hidden="true" />}
                    aria-label={`Delete ${alert.displayName}`}
                    busy={remove.isPending}
                  >
                    Delete
                  </Button>
                }
              >
                Its runs, results and queued messages go with it.
              </ConfirmDialog>
            </>
          )}
        </>
      }
    >
      <div className="stack">
        <KeyValue
          label={`Alert ${alert.displayName}`}
          items={[
            {
              label: 'Collection',
              value: (
                <span>
                  {alert.collection.name}{' '}
                  <code className="subtle">{alert.collection.query || '(every certificate)'}</code>
                </span>
              ),
            },
            { label: 'Warning', value: `${alert.warningDays} days before NotAfter` },
            { label: 'Subject', value: <code className="break">{alert.subject}</code> },
            { label: 'Message', value: <code className="break">{alert.message}</code> },
            {
              label: 'Recipients',
              value: alert.recipients.length ? (
                alert.recipients.join(', ')
              ) : (
                <span className="subtle">none</span>
              ),
            },
            { label: 'Handler', value: handler },
          ]}
        />
        {showRuns && <AlertRuns alert={alert} />}
      </div>
    </Card>
  );
}

export function AlertList({
  alerts,
  collections,
  isAdmin,
}: {
  alerts: readonly AlertView[];
  collections: readonly CollectionView[];
  isAdmin: boolean;
}) {
  return (
    <div className="stack">
      {isAdmin && (
        <div>
          <AlertEditor
            collections={collections}
            trigger={
              <Button variant="primary" icon={<Plus size={16} aria-hidden="true" />}>
                New alert
              </Button>
            }
          />
        </div>
      )}
      {alerts.length === 0 ? (
        <EmptyState title="No expiration alerts" icon={<BellRing size={28} aria-hidden="true" />}>
          {isAdmin
            ? 'Create one over a collection; turn the handler on to renew what it reports.'
            : 'An admin creates alerts.'}
        </EmptyState>
      ) : (
        alerts.map((alert) => (
          <AlertCard key={alert.id} alert={alert} collections={collections} isAdmin={isAdmin} />
        ))
      )}
    </div>
  );
}
