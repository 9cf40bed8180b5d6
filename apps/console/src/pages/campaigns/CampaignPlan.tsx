import { type BlockedCode, type CampaignPlanItem, type CampaignPlanView } from '@certlab/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { getCampaignPlan } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import {
  Badge,
  Banner,
  Card,
  DataTable,
  EmptyState,
  ErrorBanner,
  KeyValue,
  Pager,
  SkeletonBlock,
} from '../../design';
import { formatCount } from '../../lib/format';

const PLAN_PAGE = 50;

const BLOCKED_WORDS: Record<BlockedCode, string> = {
  REVOKED: 'revoked',
  SUPERSEDED: 'already renewed',
  IN_OTHER_CAMPAIGN: 'in another running campaign',
  NO_TEMPLATE: 'has no template',
  TEMPLATE_NOT_ALLOWED: 'its template is not offered by the target CA',
  TEMPLATE_REQUIRES_APPROVAL: 'the template needs approval',
  ALREADY_ON_TARGET: 'already on the target CA and template',
  NO_KEY_ALGORITHM: 'no key algorithm to issue with',
  NOT_IN_STORE: 'in no store',
  STORE_NOT_APPROVED: 'a store is not approved',
  NO_AGENT: 'no agent for its machine',
  AGENT_NOT_APPROVED: 'the agent is not approved',
};

const CHANGE_WORDS: Record<string, string> = {
  keyAlgorithm: 'Key algorithm',
  extendedKeyUsages: 'Extended key usages',
  validityDays: 'Validity (days)',
  subjectAltNames: 'Subject alternative names',
  chain: 'Chain',
};

const itemColumns: ColumnDef<CampaignPlanItem>[] = [
  {
    id: 'certificate',
    header: 'Certificate',
    cell: ({ row }) => (
      <Link to={`/certificates/${row.original.certificateId}`}>
        #{row.original.certificateId} {row.original.commonName ?? ''}
      </Link>
    ),
  },
  {
    id: 'change',
    header: 'Now → after',
    cell: ({ row }) => (
      <div className="stack-sm" style={{ gap: 2 }}>
        <span className="nowrap">
          {row.original.current.issuer ?? '—'} → {row.original.next.issuer ?? '—'}
        </span>
        <span className="subtle nowrap">
          {row.original.current.keyAlgorithm ?? '—'} → {row.original.next.keyAlgorithm ?? '—'} ·{' '}
          {row.original.current.template ?? '—'} → {row.original.next.template ?? '—'}
        </span>
      </div>
    ),
  },
  {
    id: 'stores',
    header: 'Stores and agents',
    cell: ({ row }) =>
      row.original.stores.length === 0 ? (
        <span className="subtle">none</span>
      ) : (
        <div className="stack-sm" style={{ gap: 2 }}>
          {row.original.stores.map((store) => (
            <span key={store.id} className="break">
              <Link to={`/stores/${store.id}`}>
                {store.machine}-{store.path}
              </Link>{' '}
              <span className="subtle">
                as {store.alias}
                {store.agent
                  ? store.agent.online
                    ? ', agent online'
                    : ', agent offline (jobs wait)'
                  : ', no agent'}
              </span>
            </span>
          ))}
        </div>
      ),
  },
  {
    id: 'batch',
    header: 'Batch',
    meta: { numeric: true },
    cell: ({ row }) => row.original.batch ?? '—',
  },
  {
    id: 'plan',
    header: 'Plan',
    cell: ({ row }) =>
      row.original.blocked ? (
        <span className="stack-sm" style={{ gap: 2 }}>
          <Badge tone="warning">blocked: {BLOCKED_WORDS[row.original.blocked.code]}</Badge>
          {row.original.blocked.message && (
            <span className="subtle break">{row.original.blocked.message}</span>
          )}
        </span>
      ) : (
        <Badge tone="info">moves</Badge>
      ),
  },
];

function Summary({ plan }: { plan: CampaignPlanView }) {
  const { summary, target } = plan;
  const blocked = Object.entries(summary.blockedByReason) as [BlockedCode, number][];
  return (
    <div className="grid-2" style={{ alignItems: 'start' }}>
      <Card title="Plan">
        <div className="stat-grid" role="list" aria-label="Plan counts">
          {(
            [
              ['items', summary.certificates],
              ['migrate', summary.migrate],
              ['blocked', summary.blocked],
              ['batches', summary.batches],
              ['machines', summary.machines],
              ['stores', summary.stores],
            ] as const
          ).map(([label, value]) => (
            <div key={label} className="stat" role="listitem">
              <span className="stat-value">{formatCount(value)}</span>
              <span className="stat-label">{label}</span>
            </div>
          ))}
        </div>
        {blocked.length > 0 && (
          <div className="stack-sm" style={{ marginTop: 'var(--space-4)' }}>
            <h3>Blocked, by reason</h3>
            <ul className="stack-sm" style={{ margin: 0, paddingLeft: 'var(--space-5)' }}>
              {blocked.map(([code, count]) => (
                <li key={code}>
                  <strong>{formatCount(count)}</strong> {BLOCKED_WORDS[code]}{' '}
                  <span className="subtle mono">({code})</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card>
      <Card title="Target">
        <KeyValue
          label="Target"
          items={[
            { label: 'CA', value: target.ca ?? '—' },
            { label: 'Template', value: target.template ?? 'each certificate’s own' },
            { label: 'Key algorithm', value: target.keyAlgorithm ?? 'as the template says' },
            {
              label: 'Chain',
              value: target.chain.length ? (
                <span className="break">{target.chain.join(' → ')}</span>
              ) : (
                '—'
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

function Changes({ plan }: { plan: CampaignPlanView }) {
  return (
    <Card title="What changes besides the issuer">
      {plan.changes.every((change) => change.items === 0) ? (
        <p className="subtle">Nothing but the issuer, the serial and the key.</p>
      ) : (
        <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {plan.changes
            .filter((change) => change.items > 0)
            .map((change) => (
              <li key={change.field} className="stack-sm">
                <div>
                  <strong>{CHANGE_WORDS[change.field] ?? change.field}</strong>{' '}
                  <span className="subtle">changes for {countItems(change.items)}</span>
                </div>
                <ul style={{ margin: 0, paddingLeft: 'var(--space-5)' }}>
                  {change.transitions.map((transition) => (
                    <li key={`${transition.from}→${transition.to}`} className="break">
                      <span className="mono">{transition.from || '—'}</span> →{' '}
                      <span className="mono">{transition.to || '—'}</span>{' '}
                      <span className="subtle">× {formatCount(transition.items)}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
        </ul>
      )}
    </Card>
  );
}

function countItems(count: number): string {
  return `${formatCount(count)} item${count === 1 ? '' : 's'}`;
}

function TrustDeliveries({ plan }: { plan: CampaignPlanView }) {
  if (!plan.trust.enabled) return null;
  return (
    <Card title={`Trust deliveries (${plan.trust.deliveries.length})`} flush>
      {plan.trust.deliveries.length === 0 ? (
        <EmptyState title="No trust store to deliver to">
          The machines involved have no trust store.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Trust deliveries">
            <thead>
              <tr>
                <th scope="col">Trust store</th>
                <th scope="col">CA certificate</th>
                <th scope="col">State</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {plan.trust.deliveries.map((delivery) => (
                <tr
                  key={`${delivery.store.id}-${delivery.certificate.thumbprint ?? delivery.certificate.subject ?? ''}`}
                >
                  <td>
                    <Link to={`/stores/${delivery.store.id}`} className="break">
                      {delivery.store.machine}-{delivery.store.path}
                    </Link>
                  </td>
                  <td className="break">
                    {delivery.certificate.ca ?? delivery.certificate.subject ?? '—'}
                  </td>
                  <td>
                    <Badge
                      tone={
                        delivery.state === 'confirmed' || delivery.state === 'present'
                          ? 'success'
                          : delivery.state === 'failed'
                            ? 'danger'
                            : 'neutral'
                      }
                    >
                      {delivery.state}
                    </Badge>
                  </td>
                  <td className="subtle break">{delivery.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** The dry-run plan: counts, blocked reasons, warnings, changes, trust deliveries, items (paged). */
export function CampaignPlan({ campaignId }: { campaignId: number }) {
  const [page, setPage] = useState(1);
  const plan = useQuery({
    queryKey: queryKeys.campaignPlan(campaignId, page),
    queryFn: () => getCampaignPlan(campaignId, page, PLAN_PAGE),
    placeholderData: keepPreviousData,
  });
  if (plan.isPending) return <SkeletonBlock lines={10} label="Loading the plan…" />;
  if (plan.data === undefined)
    return <ErrorBanner message={errorMessage(plan.error)} onRetry={() => void plan.refetch()} />;
  return (
    <div className="stack">
      <Summary plan={plan.data} />
      {plan.data.warnings.map((warning) => (
        <Banner key={warning} tone="warning" role="none">
          {warning}
        </Banner>
      ))}
      <Changes plan={plan.data} />
      <TrustDeliveries plan={plan.data} />
      <Card title="Certificates in the plan" flush>
        <DataTable
          label="Plan items"
          columns={itemColumns}
          data={plan.data.items}
          getRowId={(item) => String(item.itemId)}
        />
        {plan.data.total > PLAN_PAGE && (
          <div className="table-footer">
            <span className="subtle">In certificate order</span>
            <Pager
              page={page}
              limit={PLAN_PAGE}
              total={plan.data.total}
              onPage={setPage}
              label="Plan pages"
            />
          </div>
        )}
      </Card>
    </div>
  );
}
