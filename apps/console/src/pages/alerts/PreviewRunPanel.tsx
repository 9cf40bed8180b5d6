import { type AlertPreviewView, type AlertView, type PreviewAction } from '@certlab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Eye, Play } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { previewAlerts, runAlerts } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import {
  Badge,
  Banner,
  Button,
  Card,
  Checkbox,
  ConfirmDialog,
  EmptyState,
  SelectField,
  type Tone,
  useToast,
} from '../../design';
import { formatUtc, formatUtcDate } from '../../lib/format';
import { RunResults } from './RunResults';

const ACTION_WORDS: Record<PreviewAction, { label: string; tone: Tone }> = {
  renew: { label: 'would renew', tone: 'success' },
  approval: { label: 'would wait for approval', tone: 'warning' },
  skip: { label: 'would skip', tone: 'neutral' },
  report: { label: 'would report only', tone: 'info' },
};

function PreviewResult({ preview }: { preview: AlertPreviewView }) {
  const total = preview.alerts.reduce((sum, alert) => sum + alert.certificates.length, 0);
  return (
    <div className="stack">
      <Banner
        tone="info"
        title={`Preview at ${formatUtc(preview.evaluationDate)}: nothing was changed`}
      >
        {total === 0
          ? 'Nothing is due: no alert would fire.'
          : `${total} certificate${total === 1 ? '' : 's'} would be reported.`}
      </Banner>
      {preview.alerts.map((alert) => (
        <section
          key={alert.alertId}
          className="stack-sm"
          aria-label={`Preview of ${alert.displayName}`}
        >
          <h3>{alert.displayName}</h3>
          {alert.certificates.length === 0 ? (
            <p className="subtle">Nothing due.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label={`What ${alert.displayName} would do`}>
                <thead>
                  <tr>
                    <th scope="col">Certificate</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Would</th>
                    <th scope="col">With</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {alert.certificates.map((certificate) => (
                    <tr key={certificate.certificateId}>
                      <td>
                        <Link to={`/certificates/${certificate.certificateId}`}>
                          #{certificate.certificateId} {certificate.commonName ?? ''}
                        </Link>
                      </td>
                      <td className="nowrap">{formatUtcDate(certificate.notAfter)}</td>
                      <td>
                        <Badge tone={ACTION_WORDS[certificate.action].tone}>
                          {ACTION_WORDS[certificate.action].label}
                        </Badge>
                      </td>
                      <td className="subtle">
                        {certificate.action === 'renew' || certificate.action === 'approval'
                          ? `${certificate.template ?? '—'} on ${certificate.caConfiguration ?? '—'}, into ${certificate.stores} store${certificate.stores === 1 ? '' : 's'}`
                          : ''}
                      </td>
                      <td className="subtle break">{certificate.note ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}

/** Preview (changes nothing) and Run now (runs the handler: it renews). */
export function PreviewRunPanel({
  alerts,
  isAdmin,
}: {
  alerts: readonly AlertView[];
  isAdmin: boolean;
}) {
  const [alertId, setAlertId] = useState('');
  const [sendAlerts, setSendAlerts] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  const selection = alertId === '' ? {} : { alertIds: [Number(alertId)] };
  const preview = useMutation({
    mutationFn: () => previewAlerts(selection),
    // A new preview is read against the last run's results no more.
    onSuccess: () => run.reset(),
  });
  const run = useMutation({
    mutationFn: () => runAlerts({ ...selection, sendAlerts }),
    onSuccess: (runs) => {
      // What the preview said would happen has now happened (or not): the run's results replace it.
      preview.reset();
      const renewed = runs.reduce((sum, item) => sum + item.counts.renewed, 0);
      toast(
        'success',
        `${runs.length} alert run${runs.length === 1 ? '' : 's'} finished`,
        `${renewed} certificate${renewed === 1 ? '' : 's'} renewed.`,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.alertsArea });
      void queryClient.invalidateQueries({ queryKey: queryKeys.notifications });
    },
  });
  if (alerts.length === 0)
    return <EmptyState title="No alert to preview or run">Create an alert first.</EmptyState>;
  return (
    <Card title="Preview and run">
      <div className="stack">
        <div className="form-grid">
          <SelectField
            label="Alerts"
            value={alertId}
            onChange={(event) => setAlertId(event.target.value)}
          >
            <option value="">Every alert</option>
            {alerts.map((alert) => (
              <option key={alert.id} value={alert.id}>
                {alert.displayName}
              </option>
            ))}
          </SelectField>
        </div>
        <p className="subtle">
          <strong>Preview</strong> says what a run would report and renew at the lab clock’s now,
          and changes nothing. <strong>Run now</strong> runs the alerts for real: the renewal
          handler renews what they report, and each certificate is reported once.
        </p>
        <div className="row">
          <Button
            icon={<Eye size={16} aria-hidden="true" />}
            busy={preview.isPending}
            onClick={() => preview.mutate()}
          >
            Preview
          </Button>
          {isAdmin && (
            <>
              <ConfirmDialog
                title="Run the alerts now?"
                confirmLabel="Run now"
                tone="primary"
                onConfirm={() => run.mutate()}
                trigger={
                  <Button
                    variant="primary"
                    icon={<Play size={16} aria-hidden="true" />}
                    busy={run.isPending}
                  >
                    Run now
                  </Button>
                }
              >
                The renewal handler renews every certificate the alerts report, into the stores it
                sits in. Reported certificates are not reported again.
              </ConfirmDialog>
              <Checkbox
                label="Send the messages to the outbox"
                checked={sendAlerts}
                onChange={(event) => setSendAlerts(event.target.checked)}
              />
            </>
          )}
        </div>
        {preview.isError && (
          <Banner tone="danger" title="No preview">
            {errorMessage(preview.error)}
          </Banner>
        )}
        {preview.data && <PreviewResult preview={preview.data} />}
        {run.isError && (
          <Banner tone="danger" title="The run failed">
            {errorMessage(run.error)}
          </Banner>
        )}
        {run.data && (
          <section className="stack" aria-label="Run results">
            <h3>Run results</h3>
            {run.data.length === 0 ? (
              <p className="subtle">No alert ran.</p>
            ) : (
              run.data.map((item) => <RunResults key={item.id} run={item} />)
            )}
          </section>
        )}
      </div>
    </Card>
  );
}
