import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Mail } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { listNotifications } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { Badge, Card, EmptyState, ErrorBanner, Pager, SkeletonBlock } from '../../design';
import { formatUtc } from '../../lib/format';

const PAGE_SIZE = 20;

/** Messages alert runs wrote, newest first, with their webhook delivery state. */
export function OutboxPanel() {
  const [page, setPage] = useState(1);
  const outbox = useQuery({
    queryKey: queryKeys.notificationPage(page),
    queryFn: () => listNotifications(page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  if (outbox.isPending) return <SkeletonBlock lines={6} />;
  if (outbox.data === undefined)
    return (
      <ErrorBanner message={errorMessage(outbox.error)} onRetry={() => void outbox.refetch()} />
    );
  if (outbox.data.items.length === 0)
    return (
      <EmptyState title="The outbox is empty" icon={<Mail size={28} aria-hidden="true" />}>
        Runs that send messages (scheduled runs, or Run now with messages) write them here.
      </EmptyState>
    );
  return (
    <Card title="Outbox" icon={<Mail size={18} aria-hidden="true" />} flush>
      <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 'var(--space-4)' }}>
        {outbox.data.items.map((message) => (
          <li
            key={message.id}
            className="stack-sm"
            style={{
              borderBottom: '1px solid var(--color-border)',
              paddingBottom: 'var(--space-3)',
            }}
          >
            <div className="row-between">
              <strong className="break">{message.subject}</strong>
              <Badge
                tone={
                  message.delivery.status === 'delivered'
                    ? 'success'
                    : message.delivery.status === 'failed'
                      ? 'danger'
                      : 'neutral'
                }
              >
                {message.delivery.status === 'none' ? 'outbox only' : message.delivery.status}
              </Badge>
            </div>
            <div className="subtle">
              to {message.recipient} · {formatUtc(message.createdAt)} · run {message.runId} ·{' '}
              {message.certificateIds.map((id, index) => (
                <span key={id}>
                  {index > 0 && ', '}
                  <Link to={`/certificates/${id}`}>#{id}</Link>
                </span>
              ))}
            </div>
            <pre className="codeblock" style={{ whiteSpace: 'pre-wrap' }}>
              {message.message}
            </pre>
            {message.delivery.lastError && (
              <span className="field-error">{message.delivery.lastError}</span>
            )}
          </li>
        ))}
      </ul>
      {outbox.data.total > PAGE_SIZE && (
        <div className="table-footer">
          <span className="subtle">Newest first</span>
          <Pager
            page={page}
            limit={PAGE_SIZE}
            total={outbox.data.total}
            onPage={setPage}
            label="Outbox pages"
          />
        </div>
      )}
    </Card>
  );
}
