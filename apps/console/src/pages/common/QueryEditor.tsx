import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { listCertificates } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { TextAreaField } from '../../design';
import { QueryExamples } from './QueryExamples';
import { formatCount } from '../../lib/format';
import { QuickFilters } from '../certificates/QuickFilters';

/** Waits until typing pauses before the value is used for a request. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A certificate query as part of a form (campaigns, collections): the text, the quick filters
 * that write it, examples, and how many certificates it matches now (one cheap page of one row),
 * with the server's parser message when it is wrong.
 */
export function QueryEditor({
  value,
  onChange,
  error,
  label = 'Query',
  allowEmpty = false,
}: {
  value: string;
  onChange: (query: string) => void;
  error?: string | null;
  label?: string;
  /** '' means every certificate (collections); otherwise it is required. */
  allowEmpty?: boolean;
}) {
  const settled = useSettled(value.trim(), 500);
  const request = { ...(settled ? { query: settled } : {}), page: 1, limit: 1 };
  const count = useQuery({
    queryKey: queryKeys.certificateList(request),
    queryFn: ({ signal }) => listCertificates(request, signal),
    enabled: settled !== '' || allowEmpty,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const parseError =
    count.error instanceof ApiError && count.error.status === 400 ? count.error.message : null;
  const matches =
    settled === '' && !allowEmpty
      ? null
      : count.data && !parseError
        ? `Matches ${formatCount(count.data.total)} certificate${count.data.total === 1 ? '' : 's'} now.`
        : null;

  return (
    <div className="stack-sm">
      <TextAreaField
        label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        rows={2}
        mono
        spellCheck={false}
        error={error ?? parseError}
        hint={
          matches ??
          (allowEmpty
            ? 'Empty selects every certificate.'
            : 'The certificate query language, as on the Certificates page.')
        }
      />
      <QuickFilters query={value} state={null} onQuery={onChange} />
      <details className="disclosure">
        <summary>Examples</summary>
        <QueryExamples onUse={onChange} />
      </details>
    </div>
  );
}
