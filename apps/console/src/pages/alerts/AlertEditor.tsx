import { type AlertView, type CollectionView } from '@certlab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { errorMessage, failureTitle } from '../../api/client';
import { createAlert, updateAlert } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useAuthorities, useTemplates } from '../../api/queries';
import {
  Banner,
  Button,
  Checkbox,
  Dialog,
  focusFirstInvalid,
  SelectField,
  TextAreaField,
  TextField,
  useToast,
} from '../../design';
import {
  ALERT_TOKENS,
  type AlertForm,
  alertFormFromView,
  emptyAlertForm,
  toAlertInput,
  validateAlertForm,
} from '../../lib/alert-form';

/** Create or edit an expiration alert, checked with the server's schema before it is sent. */
export function AlertEditor({
  alert,
  collections,
  trigger,
}: {
  alert?: AlertView;
  collections: readonly CollectionView[];
  trigger: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<AlertForm>(() =>
    alert ? alertFormFromView(alert) : emptyAlertForm(),
  );
  const [submitted, setSubmitted] = useState(false);
  const templates = useTemplates();
  const authorities = useAuthorities();
  const queryClient = useQueryClient();
  const toast = useToast();
  const save = useMutation({
    mutationFn: () =>
      alert ? updateAlert(alert.id, toAlertInput(form)) : createAlert(toAlertInput(form)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.alertsArea });
      toast('success', `Alert “${saved.displayName}” ${alert ? 'saved' : 'created'}`);
      setOpen(false);
    },
  });
  const problems = validateAlertForm(form, templates.data ?? [], authorities.data ?? []);
  const shown = submitted ? problems : {};
  const set = (change: Partial<AlertForm>) => setForm((current) => ({ ...current, ...change }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length === 0) save.mutate();
    else focusFirstInvalid(event.currentTarget);
  };
  const issuing = (authorities.data ?? []).filter((authority) => !authority.isRoot);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setForm(alert ? alertFormFromView(alert) : emptyAlertForm());
          setSubmitted(false);
          save.reset();
        }
      }}
      trigger={trigger}
      wide
      title={alert ? `Edit “${alert.displayName}”` : 'New expiration alert'}
      description="Reports each certificate of the collection that expires within the warning days, once; the renewal handler also renews it into its stores."
    >
      <form className="stack" onSubmit={submit} noValidate>
        <div className="form-grid">
          <TextField
            label="Name"
            value={form.displayName}
            onChange={(event) => set({ displayName: event.target.value })}
            error={shown.displayName}
            required
          />
          <SelectField
            label="Collection"
            value={form.collectionId}
            onChange={(event) => set({ collectionId: event.target.value })}
            error={shown.collectionId}
            required
            hint={
              collections.length === 0 ? 'Create a collection first (Collections tab).' : undefined
            }
          >
            <option value="">Choose…</option>
            {collections.map((collection) => (
              <option key={collection.id} value={collection.id}>
                {collection.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Warning days"
            type="number"
            min={1}
            value={form.warningDays}
            onChange={(event) => set({ warningDays: event.target.value })}
            error={shown.warningDays}
            required
            hint="Report certificates expiring within this many days."
          />
        </div>
        <TextField
          label="Subject"
          value={form.subject}
          onChange={(event) => set({ subject: event.target.value })}
          error={shown.subject}
          mono
        />
        <TextAreaField
          label="Message"
          value={form.message}
          onChange={(event) => set({ message: event.target.value })}
          error={shown.message}
          rows={3}
          mono
        />
        <TextAreaField
          label="Recipients"
          value={form.recipients}
          onChange={(event) => set({ recipients: event.target.value })}
          error={shown.recipients}
          rows={2}
          mono
          hint="One per line or separated by commas; {certemail} is each certificate's Email-Contact."
        />
        <p className="subtle">
          Tokens:{' '}
          {ALERT_TOKENS.map((token, index) => (
            <span key={token.token}>
              {index > 0 && ', '}
              <code>{token.token}</code> {token.means}
            </span>
          ))}
          .
        </p>
        <fieldset className="stack-sm" style={{ border: 0, margin: 0, padding: 0 }}>
          <legend className="field-label">Renewal handler</legend>
          <Checkbox
            label="Renew what the alert reports"
            description="Each reported certificate is renewed into every store it sits in."
            checked={form.renewalEnabled}
            onChange={(event) => set({ renewalEnabled: event.target.checked })}
          />
          {form.renewalEnabled && (
            <div className="form-grid">
              <SelectField
                label="Handler template"
                value={form.template}
                onChange={(event) => set({ template: event.target.value })}
                error={shown.template}
              >
                <option value="">Each certificate’s own</option>
                {(templates.data ?? []).map((template) => (
                  <option key={template.id} value={template.shortName}>
                    {template.shortName}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label="Handler CA"
                value={form.caConfiguration}
                onChange={(event) => set({ caConfiguration: event.target.value })}
                error={shown.caConfiguration}
              >
                <option value="">Each certificate’s own</option>
                {issuing.map((authority) => (
                  <option key={authority.id} value={authority.configName}>
                    {authority.configName}
                  </option>
                ))}
              </SelectField>
            </div>
          )}
        </fieldset>
        {save.isError && (
          <Banner tone="danger" title={failureTitle(save.error, 'The server refused the alert')}>
            {errorMessage(save.error)}
          </Banner>
        )}
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            {alert ? 'Save alert' : 'Create alert'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
