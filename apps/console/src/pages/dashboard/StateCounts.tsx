import {
  CERTIFICATE_STATES,
  type CertificateState,
  type DashboardView,
  type StateCounts,
} from '@certlab/contracts';
import { Link } from 'react-router';
import { Card } from '../../design/Card';
import { type SimpleColumn, SimpleTable } from '../../design/SimpleTable';
import { queryClause } from '../../lib/certificate-query';
import { certificateListHref } from '../../lib/certificate-list-params';
import { formatCount } from '../../lib/format';

export const STATE_COLOURS: Record<CertificateState, string> = {
  valid: 'var(--color-success)',
  expiring: 'var(--color-warning)',
  expired: 'var(--color-danger)',
  revoked: 'var(--color-text-subtle)',
};

export const STATE_WORDS: Record<CertificateState, string> = {
  valid: 'valid',
  expiring: 'expiring ≤ 30 days',
  expired: 'expired',
  revoked: 'revoked',
};

/** The overall counts as tiles, each opening the list filtered to that state. */
export function StateTiles({ dashboard }: { dashboard: DashboardView }) {
  return (
    <div className="stat-grid">
      <Link className="stat" to="/certificates">
        <span className="stat-value">{formatCount(dashboard.totals.total)}</span>
        <span className="stat-label">certificates</span>
      </Link>
      {CERTIFICATE_STATES.map((state) => (
        <Link
          key={state}
          className="stat"
          to={certificateListHref({ state })}
          style={{ ['--stat-accent' as string]: STATE_COLOURS[state] }}
        >
          <span className="stat-value">{formatCount(dashboard.totals[state])}</span>
          <span className="stat-label">{STATE_WORDS[state]}</span>
        </Link>
      ))}
      <Link
        className="stat"
        to="/approvals"
        style={{ ['--stat-accent' as string]: 'var(--color-virtual)' }}
      >
        <span className="stat-value">{formatCount(dashboard.pendingApprovals)}</span>
        <span className="stat-label">pending approvals</span>
      </Link>
    </div>
  );
}

/** One chip per state with a count, each a link to the filtered list. */
function CountChips({
  counts,
  query,
  label,
}: {
  counts: StateCounts;
  query: string;
  label: string;
}) {
  return (
    <div className="chips">
      {CERTIFICATE_STATES.filter((state) => counts[state] > 0).map((state) => (
        <Link
          key={state}
          className="chip"
          to={certificateListHref({ query, state })}
          title={`${formatCount(counts[state])} ${STATE_WORDS[state]}, ${label}`}
        >
          <span className="dot" style={{ background: STATE_COLOURS[state] }} aria-hidden="true" />
          {formatCount(counts[state])} {state}
          {/* The visible words first, then which group: the name starts with what is seen. */}
          <span className="visually-hidden">, {label}</span>
        </Link>
      ))}
      {counts.total === 0 && <span className="subtle">none</span>}
    </div>
  );
}

interface CountRow {
  key: string;
  name: string;
  query: string;
  counts: StateCounts;
}

const columns: SimpleColumn<CountRow>[] = [
  {
    id: 'name',
    header: 'Group',
    cell: (row) => (
      <Link to={certificateListHref({ query: row.query })} className="break">
        {row.name}
      </Link>
    ),
  },
  {
    id: 'total',
    header: 'Total',
    numeric: true,
    cell: (row) => formatCount(row.counts.total),
  },
  {
    id: 'states',
    header: 'By state',
    cell: (row) => <CountChips counts={row.counts} query={row.query} label={row.name} />,
  },
];

export function CountsByGroup({ dashboard }: { dashboard: DashboardView }) {
  const byAuthority: CountRow[] = dashboard.byAuthority.map((group) => ({
    key: `ca-${group.authorityId ?? group.name}`,
    name: group.name,
    // Certificates no lab CA issued are grouped by their issuer DN.
    query:
      group.authorityId === null
        ? queryClause('IssuerDN', 'eq', group.name)
        : queryClause('IssuingCA', 'eq', group.name),
    counts: group.counts,
  }));
  const byKey: CountRow[] = dashboard.byKeyAlgorithm.map((group) => ({
    key: `key-${group.keyAlgorithm}`,
    name: group.keyAlgorithm,
    query: queryClause('KeyType', 'eq', group.keyAlgorithm),
    counts: group.counts,
  }));
  return (
    <div className="grid-2">
      <Card title="By issuing CA" flush>
        <SimpleTable
          label="Certificates by issuing CA"
          columns={columns}
          rows={byAuthority}
          rowKey={(row) => row.key}
        />
      </Card>
      <Card title="By key algorithm" flush>
        <SimpleTable
          label="Certificates by key algorithm"
          columns={columns}
          rows={byKey}
          rowKey={(row) => row.key}
        />
      </Card>
    </div>
  );
}
