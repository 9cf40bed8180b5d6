import { type CertificateDetail, type RenewResult } from '@certlab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { type FormEvent, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, failureTitle } from '../../api/client';
import { renewCertificate } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useAuthorities, useMetadataFields, useTemplates } from '../../api/queries';
import {
  Banner,
  Button,
  Checkbox,
  CopyButton,
  Dialog,
  SelectField,
  SkeletonBlock,
  Spinner,
} from '../../design';
import { problemsByField } from '../../lib/metadata-inputs';
import {
  authoritiesForTemplate,
  certificateStores,
  classicRenewEquivalent,
  initialRenewForm,
  type RenewChoices,
  type RenewForm,
  renewableTemplates,
  toRenewRequest,
  validateRenewForm,
  withMetadata,
  withStore,
  withTemplate,
} from '../../lib/renew-form';
import { DeliveryProgress } from '../common/DeliveryProgress';
import { MetadataFields } from './MetadataFields';

/** The form, once the reference data it offers has arrived. */
export function RenewFormView({
  certificate,
  choices,
  onSubmit,
  busy,
  error,
}: {
  certificate: CertificateDetail;
  choices: RenewChoices;
  onSubmit: (form: RenewForm) => void;
  busy: boolean;
  /** The failed renewal's words and banner title, or null. */
  error: { title: string; message: string } | null;
}) {
  const [form, setForm] = useState<RenewForm>(() => initialRenewForm(certificate, choices));
  const validation = validateRenewForm(form, certificate, choices);
  const problems = problemsByField(validation.metadata);
  const templates = renewableTemplates(choices);
  const offered = authoritiesForTemplate(choices, form.template);
  const stores = certificateStores(certificate);
  const request = toRenewRequest(form, certificate, choices.fields);
  const classic = classicRenewEquivalent(certificate.id, request);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (validation.valid && !busy) onSubmit(form);
  };

  return (
    <form id="renew-form" className="stack" onSubmit={submit} noValidate aria-label="Renewal">
      {certificate.renewedBy.length > 0 && (
        <Banner tone="warning" title="Renewed already" role="none">
          This certificate was renewed by{' '}
          {certificate.renewedBy.map((renewal, index) => (
            <span key={renewal.id}>
              {index > 0 && ', '}
              <Link to={`/certificates/${renewal.id}`}>#{renewal.id}</Link>
            </span>
          ))}
          . Renewing it again issues one more certificate from this one; to renew the one in use,
          open the newest.
        </Banner>
      )}
      <div className="form-grid">
        <SelectField
          label="Template"
          value={form.template}
          error={validation.template}
          onChange={(event) =>
            setForm((current) => withTemplate(current, choices, event.target.value))
          }
          hint="Only templates a lab CA offers."
        >
          {templates.map((template) => (
            <option key={template.id} value={template.shortName}>
              {template.shortName} — {template.keyAlgorithm}, {template.validityDays} days
              {template.requiresApproval ? ', needs approval' : ''}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Certificate authority"
          value={form.caConfiguration}
          error={validation.caConfiguration}
          onChange={(event) =>
            setForm((current) => ({ ...current, caConfiguration: event.target.value }))
          }
          hint="Only CAs that offer the template."
        >
          {offered.map((authority) => (
            <option key={authority.id} value={authority.configName}>
              {authority.configName} ({authority.keyAlgorithm})
            </option>
          ))}
        </SelectField>
      </div>

      <fieldset className="stack-sm" style={{ border: 0, margin: 0, padding: 0 }}>
        <legend className="field-label">Deliver to stores</legend>
        {stores.length === 0 ? (
          <p className="subtle">
            The certificate is in no store: the renewal issues it without delivering it anywhere.
          </p>
        ) : (
          stores.map((store) => (
            <Checkbox
              key={store.storeId}
              label={store.label}
              description={store.isTrustStore ? 'trust store' : undefined}
              checked={form.storeIds.includes(store.storeId)}
              onChange={(event) =>
                setForm((current) => withStore(current, store.storeId, event.target.checked))
              }
            />
          ))
        )}
      </fieldset>

      <fieldset className="stack-sm" style={{ border: 0, margin: 0, padding: 0 }}>
        <legend className="field-label">Metadata</legend>
        <p className="subtle">
          Prefilled with the certificate’s values and checked as the server will check them.
        </p>
        <MetadataFields
          fields={choices.fields}
          values={form.metadata}
          problems={problems}
          onChange={(field, value) => setForm((current) => withMetadata(current, field, value))}
        />
      </fieldset>

      <details className="disclosure">
        <summary>API equivalent</summary>
        <p className="subtle">The same renewal through the classic API (Basic credentials):</p>
        <div className="row" style={{ alignItems: 'flex-start', flexWrap: 'nowrap' }}>
          <pre className="codeblock" style={{ flex: 1 }} aria-label="Classic API request">
            {classic}
          </pre>
          <CopyButton value={classic} label="Copy the API request" />
        </div>
      </details>

      {error && (
        <Banner tone="danger" title={error.title}>
          {error.message}
        </Banner>
      )}
      {!validation.valid && (
        <p className="field-error" role="status">
          Fix the fields marked above to renew.
        </p>
      )}
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <Button
          type="submit"
          variant="primary"
          busy={busy}
          disabled={!validation.valid}
          icon={<RefreshCw size={16} aria-hidden="true" />}
        >
          {busy ? 'Renewing…' : 'Renew certificate'}
        </Button>
      </div>
    </form>
  );
}

export function RenewResultView({ result }: { result: RenewResult }) {
  const pending = result.disposition === 'PENDING';
  return (
    <div className="stack" aria-live="polite">
      {/* The form is gone: its result takes the focus its button had. */}
      <Banner
        tone={pending ? 'warning' : 'success'}
        title={`Disposition: ${result.disposition}`}
        takeFocus
      >
        {result.message}
      </Banner>
      {pending ? (
        <p>
          Nothing is issued until then; once approved, the certificate goes to the stores chosen
          here. <Link to="/approvals">Open Approvals</Link>
        </p>
      ) : (
        result.certificate && (
          <div className="stack-sm">
            <div className="row">
              <span>New certificate:</span>
              <Link to={`/certificates/${result.certificate.id}`}>
                #{result.certificate.id} {result.certificate.commonName ?? ''}
              </Link>
            </div>
            <div className="row" style={{ flexWrap: 'nowrap' }}>
              <span className="nowrap">Thumbprint:</span>
              <code className="break" aria-label="New thumbprint">
                {result.certificate.thumbprint}
              </code>
              <CopyButton value={result.certificate.thumbprint} label="Copy the new thumbprint" />
            </div>
          </div>
        )
      )}
      {!pending && (
        <section className="stack-sm" aria-label="Deliveries">
          <h3>Deliveries</h3>
          <DeliveryProgress requestId={result.requestId} deliveries={result.deliveries} />
        </section>
      )}
    </div>
  );
}

/** The Renew button and its dialog: form, progress, then the result with live deliveries. */
export function RenewDialog({ certificate }: { certificate: CertificateDetail }) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const authorities = useAuthorities();
  const fields = useMetadataFields();
  const renew = useMutation({
    mutationFn: (form: RenewForm) =>
      renewCertificate(certificate.id, toRenewRequest(form, certificate, fields.data ?? [])),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.certificates });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
    },
  });
  const choices = useMemo<RenewChoices | null>(
    () =>
      templates.data && authorities.data && fields.data
        ? { templates: templates.data, authorities: authorities.data, fields: fields.data }
        : null,
    [templates.data, authorities.data, fields.data],
  );
  const loadError = templates.error ?? authorities.error ?? fields.error;
  // A revoked certificate is not renewed; an open dialog stays to show its result.
  if (certificate.state === 'revoked' && !open) return null;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) renew.reset();
      }}
      wide
      trigger={
        <Button variant="primary" icon={<RefreshCw size={16} aria-hidden="true" />}>
          Renew
        </Button>
      }
      title={`Renew ${certificate.commonName ?? `certificate #${certificate.id}`}`}
      description="A new key and certificate from the chosen CA, delivered by the agents to the chosen stores."
    >
      {renew.data ? (
        <RenewResultView result={renew.data} />
      ) : loadError ? (
        <Banner tone="danger" title="The renewal form could not load">
          {errorMessage(loadError)}
        </Banner>
      ) : !choices ? (
        <SkeletonBlock lines={8} label="Loading templates, CAs and metadata fields…" />
      ) : (
        <>
          {renew.isPending && (
            <Spinner label="Generating a key, issuing and scheduling the deliveries…" />
          )}
          <RenewFormView
            certificate={certificate}
            choices={choices}
            busy={renew.isPending}
            error={
              renew.isError
                ? {
                    title: failureTitle(renew.error, 'The server refused the renewal'),
                    message: errorMessage(renew.error),
                  }
                : null
            }
            onSubmit={(form) => renew.mutate(form)}
          />
        </>
      )}
    </Dialog>
  );
}
