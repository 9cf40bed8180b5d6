import { type AuditEventView } from '@certlab/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  ChevronDown,
  ChevronRight,
  Link2,
  ScrollText,
  ShieldAlert,
  ShieldCheck,
} from 'lucide-react';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { type AuditQuery, getAuditChain, getAuditFacets, listAudit } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  Banner,
  Button,
  Card,
  EmptyState,
  ErrorBanner,
  IconButton,
  Pager,
  SelectField,
  SkeletonBlock,
  TextField,
} from '../../design';
import { auditSubjectHref } from '../../lib/audit-subjects';
import { formatCount, formatRelative, formatUtcSeconds } from '../../lib/format';

const PAGE_SIZE = 50;

function ChainStatus() {
  const chain = useQuery({
    queryKey: queryKeys.auditChain,
    queryFn: getAuditChain,
    staleTime: Infinity,
  });
  return (
    <Card
      title="Hash chain"
      icon={<Link2 size={18} aria-hidden="true" />}
      actions={
        <Button size="sm" busy={chain.isFetching} onClick={() => void chain.refetch()}>
          Verify now
        </Button>
      }
    >
      {chain.isPending ? (
        <SkeletonBlock lines={2} label="Checking the chain…" />
      ) : chain.data === undefined ? (
        <ErrorBanner message={errorMessage(chain.error)} onRetry={() => void chain.refetch()} />
      ) : chain.data.intact ? (
        <Banner
          tone="success"
          // A check at one moment (Verify now checks again): the trail below keeps growing.
          title={`Intact when checked: ${formatCount(chain.data.events)} events`}
          role="status"
        >
          Every event’s hash and link to the one before were recomputed by the server at{' '}
          {formatUtcSeconds(chain.data.checkedAt)}.
        </Banner>
      ) : (
        <Banner tone="danger" title={`Broken at event #${chain.data.firstBrokenEventId ?? '?'}`}>
          The hash or link of that event does not hold: the trail was changed after it was written
          (checked {formatUtcSeconds(chain.data.checkedAt)}).
        </Banner>
      )}
    </Card>
  );
}

function AuditRow({ event, now }: { event: AuditEventView; now: Date }) {
  const [open, setOpen] = useState(false);
  const detailsId = `audit-details-${event.id}`;
  const subjectHref = auditSubjectHref(event.subjectType, event.subjectId);
  return (
    <Fragment>
      <tr>
        <td>
          <IconButton
            size="sm"
            label={open ? `Hide details of event ${event.id}` : `Show details of event ${event.id}`}
            icon={open ? <ChevronDown size={14} /> : <ChevronRight size={14} />}
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((value) => !value)}
          />
        </td>
        <td className="num">{event.id}</td>
        <td>
          <time dateTime={event.at} title={formatUtcSeconds(event.at)} className="nowrap">
            {formatUtcSeconds(event.at)}
          </time>
          <div className="subtle">{formatRelative(event.at, now)}</div>
        </td>
        <td className="mono">{event.action}</td>
        <td>{event.actor}</td>
        <td>
          <span className="subtle">{event.subjectType}</span>{' '}
          {subjectHref ? (
            <Link to={subjectHref} className="mono break">
              {event.subjectId}
            </Link>
          ) : (
            <span className="mono break">{event.subjectId}</span>
          )}
        </td>
      </tr>
      {open && (
        <tr id={detailsId}>
          <td />
          <td colSpan={5}>
            <pre className="codeblock">{JSON.stringify(event.details, null, 2)}</pre>
            <div className="subtle mono break">
              hash {event.hash} · previous {event.previousHash}
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function AuditPage() {
  usePageTitle('Audit');
  const now = useLabNow();
  const [filters, setFilters] = useState({ action: '', actor: '', subjectType: '', subjectId: '' });
  const [page, setPage] = useState(1);
  const facets = useQuery({ queryKey: queryKeys.auditFacets, queryFn: getAuditFacets });
  const query: AuditQuery = {
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.subjectType ? { subjectType: filters.subjectType } : {}),
    ...(filters.subjectId.trim() ? { subjectId: filters.subjectId.trim() } : {}),
    page,
    limit: PAGE_SIZE,
  };
  const events = useQuery({
    queryKey: queryKeys.auditList(query),
    queryFn: () => listAudit(query),
    placeholderData: keepPreviousData,
  });
  const change = (key: keyof typeof filters, value: string) => {
    setFilters((current) => ({ ...current, [key]: value }));
    setPage(1);
  };
  const actions = facets.data?.actions ?? [];
  const families = [...new Set(actions.map((action) => action.split('.')[0]))].map(
    (family) => `${family}.*`,
  );

  return (
    <>
      <PageHeader
        title="Audit"
        description="Every renewal, approval, revocation, delivery, clock change and sign-in, newest first, in a hash-chained trail."
      />
      <ChainStatus />
      <Card title="Filters">
        <div className="form-grid">
          <SelectField
            label="Action"
            value={filters.action}
            onChange={(event) => change('action', event.target.value)}
          >
            <option value="">Any action</option>
            <optgroup label="Families">
              {families.map((family) => (
                <option key={family} value={family}>
                  {family}
                </option>
              ))}
            </optgroup>
            <optgroup label="Actions">
              {actions.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </optgroup>
          </SelectField>
          <SelectField
            label="Actor"
            value={filters.actor}
            onChange={(event) => change('actor', event.target.value)}
          >
            <option value="">Anyone</option>
            {(facets.data?.actors ?? []).map((actor) => (
              <option key={actor} value={actor}>
                {actor}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Subject type"
            value={filters.subjectType}
            onChange={(event) => change('subjectType', event.target.value)}
          >
            <option value="">Any subject</option>
            {(facets.data?.subjectTypes ?? []).map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Subject id"
            value={filters.subjectId}
            onChange={(event) => change('subjectId', event.target.value)}
            placeholder="7, a store GUID…"
          />
        </div>
      </Card>
      <Card
        title={events.data ? `${formatCount(events.data.total)} events` : 'Events'}
        icon={<ScrollText size={18} aria-hidden="true" />}
        flush
      >
        {events.isPending ? (
          <div className="card-body">
            <SkeletonBlock lines={8} />
          </div>
        ) : events.data === undefined ? (
          <div className="card-body">
            <ErrorBanner
              message={errorMessage(events.error)}
              onRetry={() => void events.refetch()}
            />
          </div>
        ) : events.data.items.length === 0 ? (
          <EmptyState title="No events match" icon={<ShieldCheck size={28} aria-hidden="true" />}>
            Change the filters.
          </EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table" aria-label="Audit events">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">Details</span>
                    </th>
                    <th scope="col" className="num">
                      Event
                    </th>
                    <th scope="col">At (lab clock)</th>
                    <th scope="col">Action</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Subject</th>
                  </tr>
                </thead>
                <tbody>
                  {events.data.items.map((event) => (
                    <AuditRow key={event.id} event={event} now={now} />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-footer">
              <span className="subtle">
                <ShieldAlert size={12} aria-hidden="true" /> Newest first
              </span>
              <Pager
                page={page}
                limit={PAGE_SIZE}
                total={events.data.total}
                onPage={setPage}
                label="Audit pages"
              />
            </div>
          </>
        )}
      </Card>
    </>
  );
}
