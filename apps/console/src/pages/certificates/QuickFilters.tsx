import { CERTIFICATE_STATES, type CertificateState, KEY_ALGORITHMS } from '@certlab/contracts';
import { useEffect, useState } from 'react';
import { useAuthorities } from '../../api/queries';
import { SelectField, TextField } from '../../design';
import {
  applyQuickFilter,
  type QuickFilters as Filters,
  readQuickFilters,
} from '../../lib/certificate-query';
import './quick-filters.css';

const STATE_LABELS: Record<CertificateState, string> = {
  valid: 'Valid',
  expiring: 'Expiring within 30 days',
  expired: 'Expired',
  revoked: 'Revoked',
};

/**
 * Filters that write query text (issuing CA, key algorithm, CN contains) and the state, which
 * the server filters on separately. A query the filters could have written shows in them; any
 * other query keeps its text and gets the chosen clause added with AND.
 */
export function QuickFilters({
  query,
  state,
  onQuery,
  onState,
}: {
  query: string;
  state: CertificateState | null;
  onQuery: (query: string) => void;
  /** Without it the state filter is not shown (a saved query has no state). */
  onState?: (state: CertificateState | null) => void;
}) {
  const authorities = useAuthorities();
  const shown: Filters | null = readQuickFilters(query);
  const [cn, setCn] = useState(shown?.cnContains ?? '');
  useEffect(() => setCn(readQuickFilters(query)?.cnContains ?? ''), [query]);

  // Typing in "CN contains" applies after a pause, not on every key.
  useEffect(() => {
    if (cn === (readQuickFilters(query)?.cnContains ?? '')) return;
    const timer = setTimeout(() => onQuery(applyQuickFilter(query, 'cnContains', cn.trim())), 450);
    return () => clearTimeout(timer);
  }, [cn, query, onQuery]);

  const issuing = (authorities.data ?? []).filter((authority) => !authority.isRoot);
  return (
    <div className="quick-filters">
      <SelectField
        label="Issuing CA"
        value={shown?.issuingCA ?? ''}
        onChange={(event) => onQuery(applyQuickFilter(query, 'issuingCA', event.target.value))}
      >
        <option value="">{shown ? 'Any CA' : 'Add a CA…'}</option>
        {issuing.map((authority) => (
          <option key={authority.id} value={authority.configName}>
            {authority.configName}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Key algorithm"
        value={shown?.keyType ?? ''}
        onChange={(event) => onQuery(applyQuickFilter(query, 'keyType', event.target.value))}
      >
        <option value="">{shown ? 'Any key' : 'Add a key algorithm…'}</option>
        {KEY_ALGORITHMS.map((algorithm) => (
          <option key={algorithm} value={algorithm}>
            {algorithm}
          </option>
        ))}
      </SelectField>
      {onState && (
        <SelectField
          label="State"
          value={state ?? ''}
          onChange={(event) =>
            onState(
              CERTIFICATE_STATES.find((candidate) => candidate === event.target.value) ?? null,
            )
          }
        >
          <option value="">Any state</option>
          {CERTIFICATE_STATES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {STATE_LABELS[candidate]}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label="CN contains"
        value={cn}
        onChange={(event) => setCn(event.target.value)}
        placeholder="jdk.cms"
        onKeyDown={(event) => {
          if (event.key === 'Enter') onQuery(applyQuickFilter(query, 'cnContains', cn.trim()));
        }}
      />
    </div>
  );
}
