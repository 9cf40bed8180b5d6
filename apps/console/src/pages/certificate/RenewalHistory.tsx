import {
  type CertificateDetail,
  type CertificateDiff,
  type RenewalTimelineStep,
} from '@certlab/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { getDiff, getTimeline } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { Badge, EmptyState, ErrorBanner, RequestStatusBadge, SkeletonBlock } from '../../design';
import { formatUtcSeconds } from '../../lib/format';

const STEP_WORDS: Record<RenewalTimelineStep['step'], string> = {
  requested: 'Requested',
  approved: 'Approved',
  denied: 'Denied',
  issued: 'Issued',
  'job-queued': 'Delivery queued',
  'job-claimed': 'Claimed by the agent',
  'job-completed': 'Delivery finished',
  'old-certificate-revoked': 'Old certificate revoked',
};

function stepTone(step: RenewalTimelineStep): string {
  if (step.step === 'denied') return 'danger';
  if (step.step === 'job-completed')
    return step.outcome === 'Failed'
      ? 'danger'
      : step.outcome === 'Warning'
        ? 'warning'
        : 'success';
  if (step.step === 'issued' || step.step === 'approved') return 'success';
  if (step.step === 'old-certificate-revoked') return 'neutral';
  return 'accent';
}

/** The renewal that produced this certificate, step by step (seeded ones have none). */
export function RenewalTimelineView({ certificate }: { certificate: CertificateDetail }) {
  // The server keeps timelines of renewals only; a seeded certificate has no request to show.
  const hasHistory = certificate.requestId !== null;
  const timeline = useQuery({
    queryKey: queryKeys.timeline(certificate.id),
    queryFn: () => getTimeline(certificate.id),
    enabled: hasHistory,
  });
  if (!hasHistory)
    return (
      <EmptyState title="No renewal history">
        This certificate was seeded or imported: no renewal issued it.
      </EmptyState>
    );
  if (timeline.isPending) return <SkeletonBlock lines={5} label="Loading the timeline…" />;
  if (timeline.error instanceof ApiError && timeline.error.status === 404)
    return (
      <EmptyState title="No renewal history">
        The server keeps no renewal for this certificate.
      </EmptyState>
    );
  if (timeline.data === undefined)
    return (
      <ErrorBanner message={errorMessage(timeline.error)} onRetry={() => void timeline.refetch()} />
    );
  const data = timeline.data;
  return (
    <div className="stack">
      <div className="row">
        <span>Request {data.requestId}</span>
        <RequestStatusBadge status={data.status} />
        <span className="subtle">by {data.requester}</span>
        {data.renewalOf && (
          <span className="subtle">
            renewed <Link to={`/certificates/${data.renewalOf.id}`}>#{data.renewalOf.id}</Link>
          </span>
        )}
      </div>
      <ol className="timeline" aria-label="Renewal timeline">
        {data.steps.map((step, index) => (
          <li key={`${step.step}-${step.job?.id ?? ''}-${index}`}>
            <span className="timeline-dot" data-tone={stepTone(step)} aria-hidden="true" />
            <div className="timeline-head">
              <strong>{STEP_WORDS[step.step]}</strong>
              {step.outcome && (
                <Badge
                  tone={
                    step.outcome === 'Succeeded'
                      ? 'success'
                      : step.outcome === 'Warning'
                        ? 'warning'
                        : 'danger'
                  }
                >
                  {step.outcome}
                </Badge>
              )}
              <time dateTime={step.at} className="subtle">
                {formatUtcSeconds(step.at)}
              </time>
              <span className="subtle">· {step.actor}</span>
            </div>
            <div className="break">{step.summary}</div>
            {step.message && <div className="subtle break">{step.message}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}

type DiffField = keyof CertificateDiff['fields'];

const FIELD_LABELS: Record<DiffField, string> = {
  subject: 'Subject',
  issuer: 'Issuer',
  keyAlgorithm: 'Key algorithm',
  keySize: 'Key size (bits)',
  signatureAlgorithm: 'Signature algorithm',
  subjectAltNames: 'Subject alternative names',
  extendedKeyUsages: 'Extended key usages',
  notBefore: 'Not before',
  notAfter: 'Not after',
  validityDays: 'Validity (days)',
  chain: 'Chain',
  crlDistributionPoints: 'CRL distribution points',
};

function show(value: unknown, field: DiffField): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value))
    return value.length === 0 ? '—' : value.map(String).join(field === 'chain' ? ' → ' : ', ');
  if ((field === 'notBefore' || field === 'notAfter') && typeof value === 'string')
    return formatUtcSeconds(value);
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : JSON.stringify(value);
}

/** Old vs new, changed fields highlighted; only for a certificate that renewed another. */
export function CertificateDiffView({ certificate }: { certificate: CertificateDetail }) {
  const comparable = certificate.renewedFrom !== null;
  const diff = useQuery({
    queryKey: queryKeys.diff(certificate.id),
    queryFn: () => getDiff(certificate.id),
    enabled: comparable,
  });
  if (!comparable)
    return (
      <EmptyState title="Nothing to compare">
        This certificate renewed no other certificate.
      </EmptyState>
    );
  if (diff.isPending) return <SkeletonBlock lines={6} label="Loading the comparison…" />;
  if (diff.data === undefined)
    return <ErrorBanner message={errorMessage(diff.error)} onRetry={() => void diff.refetch()} />;
  const fields = Object.keys(FIELD_LABELS) as DiffField[];
  return (
    <div className="stack-sm">
      <p className="subtle">
        #{diff.data.with.id} (old) compared with #{diff.data.certificate.id} (this one):{' '}
        {diff.data.changed.length === 0
          ? 'nothing changed but the serial and the key.'
          : `${diff.data.changed.length} fields changed, highlighted.`}
      </p>
      <div className="table-wrap">
        <table className="table diff-table" aria-label="Old and new certificate compared">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">
                Old (<Link to={`/certificates/${diff.data.with.id}`}>#{diff.data.with.id}</Link>)
              </th>
              <th scope="col">New (#{diff.data.certificate.id})</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => {
              const entry = diff.data.fields[field];
              return (
                <tr key={field} data-changed={entry.changed}>
                  <td>
                    {FIELD_LABELS[field]}
                    {entry.changed && <span className="visually-hidden"> (changed)</span>}
                  </td>
                  <td className="break">{show(entry.old, field)}</td>
                  <td className="break">
                    {show(entry.new, field)}
                    {entry.changed && (
                      <>
                        {' '}
                        <Badge tone="warning">changed</Badge>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
