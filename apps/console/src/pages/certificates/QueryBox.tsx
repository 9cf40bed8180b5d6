import { Search, X } from 'lucide-react';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../design';
import { QueryExamples } from '../common/QueryExamples';

/**
 * The certificate query language box: Enter (or Search) applies, examples can be clicked into
 * it, and the server's parser message shows under it when the query is wrong.
 */
export function QueryBox({
  value,
  onApply,
  error,
  label = 'Certificate query',
}: {
  value: string;
  onApply: (query: string) => void;
  /** The server's Message for a query it could not parse. */
  error: string | null;
  label?: string;
}) {
  const [draft, setDraft] = useState(value);
  const id = useId();
  // Back and forward change the applied query: the box follows.
  useEffect(() => setDraft(value), [value]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft.trim());
  };

  return (
    <form className="stack-sm" onSubmit={submit} role="search" aria-label="Certificates">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="row" style={{ flexWrap: 'nowrap' }}>
        <input
          id={id}
          className="input mono"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder='CN -contains "jdk" AND KeyType -eq "RSA-2048"'
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-help`}
        />
        <Button type="submit" variant="primary" icon={<Search size={16} aria-hidden="true" />}>
          Search
        </Button>
        {value !== '' && (
          <Button
            icon={<X size={16} aria-hidden="true" />}
            onClick={() => {
              setDraft('');
              onApply('');
            }}
          >
            Clear
          </Button>
        )}
      </div>
      {error && (
        <div
          id={`${id}-error`}
          role="alert"
          className="banner banner-danger"
          style={{ padding: '8px 12px' }}
        >
          <span className="mono break">{error}</span>
        </div>
      )}
      <details className="disclosure" id={`${id}-help`}>
        <summary>Query examples and syntax</summary>
        <div className="stack-sm">
          <p className="subtle">
            <code>Field -op "value"</code> joined by <code>AND</code> / <code>OR</code> with
            parentheses. Operators: -eq -ne -contains -notcontains -startswith -endswith -lt -le -gt
            -ge -isnull -isnotnull. Inside quotes a backslash escapes the next character, so a CA
            name takes two: <code>"CA1.jdk.com\\jdk-CA1"</code>. Fields: CN, Subject, IssuerDN,
            SerialNumber, Thumbprint, NotBefore, NotAfter, KeyType, SignatureAlgorithm, CertId,
            TemplateShortName, IssuingCA, SAN, RenewedFromId, Revoked, and metadata field names.
          </p>
          <QueryExamples
            onUse={(query) => {
              setDraft(query);
              onApply(query);
            }}
          />
        </div>
      </details>
    </form>
  );
}
