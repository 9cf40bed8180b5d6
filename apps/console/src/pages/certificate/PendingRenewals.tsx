import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { listRequests } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useLabNow } from '../../app/lab-time';
import { Banner } from '../../design';
import { formatRelative } from '../../lib/format';

/** As many pending requests as the approval queue is read for (a lab has a handful). */
const PENDING_READ = 200;

/**
 * Renewals of this certificate that wait for a manager's approval. Nothing is issued yet, so
 * neither the lineage nor the timeline shows them; without this the page would not say that a
 * renewal was asked for. Request events keep it current.
 */
export function PendingRenewals({ certificateId }: { certificateId: number }) {
  const now = useLabNow();
  const pending = useQuery({
    queryKey: queryKeys.pendingRenewalsOf(certificateId),
    queryFn: () => listRequests('PENDING', 1, PENDING_READ),
    select: (page) => page.items.filter((request) => request.renewalOf?.id === certificateId),
  });
  if (!pending.data || pending.data.length === 0) return null;
  return (
    <Banner
      tone="warning"
      title={
        pending.data.length === 1
          ? 'A renewal waits for approval'
          : `${pending.data.length} renewals wait for approval`
      }
    >
      <span className="stack-sm" style={{ gap: 2 }}>
        {pending.data.map((request) => (
          <span key={request.id}>
            Request {request.id}: {request.template?.shortName ?? 'its template'} on{' '}
            {request.authority?.configName ?? 'its CA'}, asked by {request.requester}{' '}
            {formatRelative(request.submittedAt, now)}.
          </span>
        ))}
        <span>
          Nothing is issued until a manager approves. <Link to="/approvals">Open Approvals</Link>
        </span>
      </span>
    </Banner>
  );
}
