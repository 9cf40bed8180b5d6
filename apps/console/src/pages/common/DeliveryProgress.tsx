import { type JobStatusName, type JobView, type RenewalDelivery } from '@certlab/contracts';
import { useQuery } from '@tanstack/react-query';
import { Check, Circle, X } from 'lucide-react';
import { listJobs } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { Badge, JOB_STATUS_WORDS, JobStatusBadge, Spinner } from '../../design';
import { useLiveStatus } from '../../live/LiveUpdates';
import './delivery.css';

const FINAL: readonly JobStatusName[] = ['Succeeded', 'Warning', 'Failed'];

const STEPS: readonly { label: string; reached: (status: JobStatusName) => boolean }[] = [
  { label: 'Queued', reached: () => true },
  { label: 'Claimed', reached: (status) => status !== 'Pending' },
  {
    label: 'Written and verified',
    reached: (status) => status === 'Succeeded' || status === 'Warning',
  },
];

function DeliveryRow({ delivery, job }: { delivery: RenewalDelivery; job: JobView | undefined }) {
  const status: JobStatusName = job?.status ?? 'Pending';
  const failed = status === 'Failed';
  return (
    <li className="delivery">
      <div className="row-between">
        <strong className="break">{delivery.storeName}</strong>
        <span className="row" style={{ gap: 6 }}>
          {!FINAL.includes(status) && <Spinner size={14} />}
          <JobStatusBadge status={status} />
        </span>
      </div>
      <ol
        className="delivery-steps"
        aria-label={`Delivery to ${delivery.storeName}: ${JOB_STATUS_WORDS[status]}`}
      >
        {STEPS.map((step) => {
          const reached = step.reached(status);
          const failedHere = failed && !reached;
          return (
            <li key={step.label} data-reached={reached} data-failed={failedHere}>
              {failedHere ? (
                <X size={14} aria-hidden="true" />
              ) : reached ? (
                <Check size={14} aria-hidden="true" />
              ) : (
                <Circle size={14} aria-hidden="true" />
              )}
              {step.label}
            </li>
          );
        })}
      </ol>
      {job?.resultMessage && (
        <div className={`subtle break${failed ? ' field-error' : ''}`}>
          {status === 'Warning' && <Badge tone="warning">warning</Badge>} {job.resultMessage}
        </div>
      )}
    </li>
  );
}

/**
 * Each delivery job of a renewal moving from queued to claimed to written and verified. Live job
 * events refresh it; while it is on screen and something is unfinished it also polls, slowly when
 * the event stream is up and quickly when it is not.
 */
export function DeliveryProgress({
  requestId,
  deliveries,
}: {
  requestId: number;
  deliveries: readonly RenewalDelivery[];
}) {
  const live = useLiveStatus();
  const query = { requestId, page: 1, limit: 200 };
  const jobs = useQuery({
    queryKey: queryKeys.jobList(query),
    queryFn: () => listJobs(query),
    enabled: deliveries.length > 0,
    refetchInterval: (current) => {
      const items = current.state.data?.items ?? [];
      const done = deliveries.every((delivery) => {
        const job = items.find((candidate) => candidate.id === delivery.jobId);
        return job !== undefined && FINAL.includes(job.status);
      });
      if (done) return false;
      return live === 'live' ? 5000 : 1500;
    },
  });
  if (deliveries.length === 0)
    return <p className="subtle">No store was chosen: nothing to deliver.</p>;
  const byId = new Map((jobs.data?.items ?? []).map((job) => [job.id, job]));
  const finished = deliveries.filter((delivery) =>
    FINAL.includes(byId.get(delivery.jobId)?.status ?? 'Pending'),
  ).length;
  return (
    <div className="stack-sm">
      <div className="subtle" role="status">
        {finished === deliveries.length
          ? deliveries.length === 1
            ? 'The delivery finished.'
            : `All ${deliveries.length} deliveries finished.`
          : `${finished} of ${deliveries.length} ${deliveries.length === 1 ? 'delivery' : 'deliveries'} finished; the agents are working.`}
      </div>
      <ul className="delivery-list">
        {deliveries.map((delivery) => (
          <DeliveryRow key={delivery.jobId} delivery={delivery} job={byId.get(delivery.jobId)} />
        ))}
      </ul>
    </div>
  );
}
