import {
  DenyRequestSchema,
  REQUEST_STATUSES,
  type RequestDecision,
  type RequestStatus,
  type RequestView,
} from '@certlab/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { Check, ClipboardCheck, X } from 'lucide-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, failureTitle } from '../../api/client';
import { approveRequest, denyRequest, listRequests } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useTemplates } from '../../api/queries';
import { useCan } from '../../app/auth';
import { useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  Banner,
  Button,
  Card,
  DataTable,
  Dialog,
  EmptyState,
  ErrorBanner,
  focusFirstInvalid,
  Pager,
  RequestStatusBadge,
  SelectField,
  SkeletonBlock,
  Tabs,
  TextAreaField,
  useToast,
} from '../../design';
import { formatRelative, formatUtc } from '../../lib/format';
import { requestDecisionWords } from '../../lib/request-outcome';
import { DeliveryProgress } from '../common/DeliveryProgress';

const PAGE_SIZE = 25;

function DenyDialog({
  request,
  onDenied,
}: {
  request: RequestView;
  onDenied: (decision: RequestDecision) => void;
}) {
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [touched, setTouched] = useState(false);
  const [denied, setDenied] = useState(false);
  const deny = useMutation({
    mutationFn: () => denyRequest(request.id, comment.trim()),
    onSuccess: (decision) => {
      setDenied(true);
      setOpen(false);
      onDenied(decision);
    },
  });
  const parsed = DenyRequestSchema.safeParse({ comment });
  const problem = parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (parsed.success) deny.mutate();
    else focusFirstInvalid(event.currentTarget);
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setComment('');
          setTouched(false);
          deny.reset();
        }
      }}
      // Denied, the row goes away: focus goes to the decision's banner, not back to Deny.
      returnFocus={!denied}
      trigger={
        <Button size="sm" variant="danger" icon={<X size={14} aria-hidden="true" />}>
          Deny
        </Button>
      }
      title={`Deny request ${request.id}`}
      description={`${request.subject}, asked by ${request.requester}. The requester sees the comment.`}
    >
      <form className="stack" onSubmit={submit} noValidate>
        <TextAreaField
          label="Comment"
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          error={touched ? problem : null}
          required
          rows={3}
          hint="Say why the request is denied."
        />
        {deny.isError && (
          <Banner tone="danger" title={failureTitle(deny.error, 'The server refused')}>
            {errorMessage(deny.error)}
          </Banner>
        )}
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" variant="danger" busy={deny.isPending}>
            Deny request
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function requestColumns(
  now: Date,
  actions: ((request: RequestView) => ReactNode) | null,
  approvalTemplateIds: ReadonlySet<number> | null,
): ColumnDef<RequestView>[] {
  const decisionWords = (request: RequestView) =>
    requestDecisionWords(request, approvalTemplateIds);
  const columns: ColumnDef<RequestView>[] = [
    { id: 'id', header: 'Request', meta: { numeric: true }, cell: ({ row }) => row.original.id },
    {
      id: 'status',
      header: 'Status',
      // Every request waiting for a decision is PENDING: a narrow window leaves that out.
      meta: actions ? { wideOnly: true } : undefined,
      cell: ({ row }) => <RequestStatusBadge status={row.original.status} />,
    },
    {
      id: 'subject',
      header: 'Subject',
      cell: ({ row }) => (
        <div>
          <span className="mono break">{row.original.subject}</span>
          {row.original.renewalOf && (
            <div className="subtle">
              renews{' '}
              <Link to={`/certificates/${row.original.renewalOf.id}`}>
                #{row.original.renewalOf.id}
              </Link>
            </div>
          )}
        </div>
      ),
    },
    { id: 'requester', header: 'Requester', cell: ({ row }) => row.original.requester },
    {
      id: 'template',
      header: 'Template and CA',
      cell: ({ row }) => (
        <div>
          <div>{row.original.template?.shortName ?? '—'}</div>
          <div className="subtle break">{row.original.authority?.configName ?? '—'}</div>
        </div>
      ),
    },
    {
      id: 'stores',
      header: 'Stores',
      cell: ({ row }) =>
        row.original.stores.length === 0 ? (
          <span className="subtle">none</span>
        ) : (
          <div className="stack-sm" style={{ gap: 2 }}>
            {row.original.stores.map((store) => (
              <Link key={store.id} to={`/stores/${store.id}`} className="break">
                {store.name}
              </Link>
            ))}
          </div>
        ),
    },
    {
      id: 'submitted',
      header: 'Submitted',
      cell: ({ row }) => (
        <time dateTime={row.original.submittedAt} title={formatUtc(row.original.submittedAt)}>
          {formatRelative(row.original.submittedAt, now)}
        </time>
      ),
    },
  ];
  if (actions)
    columns.push({
      id: 'actions',
      header: 'Decision',
      // On a narrow window Approve and Deny stay in sight while the request scrolls under them.
      meta: { stickyEnd: true },
      cell: ({ row }) => actions(row.original),
    });
  else
    columns.push({
      id: 'outcome',
      header: 'Outcome',
      cell: ({ row }) => (
        <div className="stack-sm" style={{ gap: 2 }}>
          {decisionWords(row.original) && (
            <span className="subtle">
              {decisionWords(row.original)}
              {row.original.resolvedAt ? ` ${formatRelative(row.original.resolvedAt, now)}` : ''}
            </span>
          )}
          {row.original.certificateId !== null && (
            <Link to={`/certificates/${row.original.certificateId}`}>
              certificate #{row.original.certificateId}
            </Link>
          )}
          {row.original.comment && <span className="break">“{row.original.comment}”</span>}
        </div>
      ),
    });
  return columns;
}

function RequestList({ status, decide }: { status: RequestStatus | null; decide: boolean }) {
  const [page, setPage] = useState(1);
  const now = useLabNow();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [decision, setDecision] = useState<RequestDecision | null>(null);
  const templates = useTemplates();
  const approvalTemplateIds = templates.data
    ? new Set(templates.data.filter((template) => template.requiresApproval).map(({ id }) => id))
    : null;
  const requests = useQuery({
    queryKey: queryKeys.requestList(status, page),
    queryFn: () => listRequests(status, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const decided = (result: RequestDecision) => {
    setDecision(result);
    void queryClient.invalidateQueries({ queryKey: queryKeys.requests });
    void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
    toast(
      result.request.status === 'DENIED' ? 'info' : 'success',
      `Request ${result.request.id} ${result.request.status === 'DENIED' ? 'denied' : 'approved'}`,
      result.certificate ? `Certificate #${result.certificate.id} issued.` : undefined,
    );
  };
  const approve = useMutation({
    mutationFn: (request: RequestView) => approveRequest(request.id),
    onSuccess: decided,
    onError: (error, request) =>
      toast('danger', `Request ${request.id} was not approved`, errorMessage(error)),
  });
  const actions = decide
    ? (request: RequestView) => (
        <div className="row" style={{ flexWrap: 'nowrap' }}>
          <Button
            size="sm"
            variant="primary"
            icon={<Check size={14} aria-hidden="true" />}
            busy={approve.isPending && approve.variables.id === request.id}
            onClick={() => {
              if (!approve.isPending) approve.mutate(request);
            }}
            aria-label={`Approve request ${request.id}`}
          >
            Approve
          </Button>
          <DenyDialog request={request} onDenied={decided} />
        </div>
      )
    : null;

  return (
    <div className="stack">
      {decision && (
        <Banner
          // A new decision is a new banner, and it takes the focus the decided row had.
          key={decision.request.id}
          tone={decision.request.status === 'DENIED' ? 'info' : 'success'}
          title={`Request ${decision.request.id}: ${decision.request.status}`}
          role="status"
          takeFocus
        >
          {decision.certificate ? (
            <div className="stack-sm">
              <span>
                Issued{' '}
                <Link to={`/certificates/${decision.certificate.id}`}>
                  certificate #{decision.certificate.id}
                </Link>{' '}
                ({decision.certificate.commonName ?? decision.request.subject}).
              </span>
              <DeliveryProgress requestId={decision.request.id} deliveries={decision.deliveries} />
            </div>
          ) : (
            decision.request.comment && <span>Comment: “{decision.request.comment}”</span>
          )}
        </Banner>
      )}
      <Card flush>
        {requests.isPending ? (
          <div className="card-body">
            <SkeletonBlock lines={5} />
          </div>
        ) : requests.data === undefined ? (
          <div className="card-body">
            <ErrorBanner
              message={errorMessage(requests.error)}
              onRetry={() => void requests.refetch()}
            />
          </div>
        ) : (
          <>
            <DataTable
              label={status === 'PENDING' ? 'Pending requests' : 'Requests'}
              columns={requestColumns(now, actions, approvalTemplateIds)}
              data={requests.data.items}
              getRowId={(request) => String(request.id)}
              empty={
                <EmptyState
                  title={status === 'PENDING' ? 'Nothing waits for approval' : 'No requests'}
                  icon={<ClipboardCheck size={28} aria-hidden="true" />}
                >
                  {status === 'PENDING'
                    ? 'Renewals with a template that needs approval (UserServerApproval in the default lab) wait here.'
                    : 'Decided requests appear here.'}
                </EmptyState>
              }
            />
            {requests.data.total > PAGE_SIZE && (
              <div className="table-footer">
                <span className="subtle">Newest first</span>
                <Pager page={page} limit={PAGE_SIZE} total={requests.data.total} onPage={setPage} />
              </div>
            )}
          </>
        )}
      </Card>
    </div>
  );
}

function History() {
  const [status, setStatus] = useState<RequestStatus | null>(null);
  return (
    <div className="stack">
      <div style={{ maxWidth: 260 }}>
        <SelectField
          label="Status"
          value={status ?? ''}
          onChange={(event) =>
            setStatus(
              REQUEST_STATUSES.find((candidate) => candidate === event.target.value) ?? null,
            )
          }
        >
          <option value="">Every request</option>
          {REQUEST_STATUSES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </SelectField>
      </div>
      <RequestList key={status ?? 'all'} status={status} decide={false} />
    </div>
  );
}

export function ApprovalsPage() {
  usePageTitle('Approvals');
  const canApprove = useCan('approve');
  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          canApprove
            ? 'Renewals whose template needs a manager’s approval. Approving issues the certificate and delivers it to the stores the requester chose.'
            : 'Renewals whose template needs a manager’s approval. Only an admin may approve or deny them.'
        }
      />
      <Tabs
        label="Requests"
        items={[
          {
            value: 'pending',
            label: 'Pending',
            content: <RequestList status="PENDING" decide={canApprove} />,
          },
          { value: 'history', label: 'History', content: <History /> },
        ]}
      />
    </>
  );
}
