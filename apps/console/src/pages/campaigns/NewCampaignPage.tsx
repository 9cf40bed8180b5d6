import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Workflow } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { errorMessage, failureTitle } from '../../api/client';
import { createCampaign } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useAuthorities, useTemplates } from '../../api/queries';
import { useCan } from '../../app/auth';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  Banner,
  Button,
  Card,
  Checkbox,
  ErrorBanner,
  focusFirstInvalid,
  SelectField,
  SkeletonBlock,
  TextField,
} from '../../design';
import {
  type CampaignForm,
  emptyCampaignForm,
  issuingAuthorities,
  templatesForTarget,
  toCreateCampaignRequest,
  validateCampaignForm,
  withTargetCA,
} from '../../lib/campaign-form';
import { QueryEditor } from '../common/QueryEditor';

export function NewCampaignPage() {
  usePageTitle('New campaign');
  const isAdmin = useCan('admin');
  const authorities = useAuthorities();
  const templates = useTemplates();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CampaignForm>(emptyCampaignForm);
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation({
    mutationFn: () => createCampaign(toCreateCampaignRequest(form)),
    onSuccess: (campaign) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
      void navigate(`/campaigns/${campaign.id}`);
    },
  });
  if (!isAdmin) return <Navigate to="/campaigns" replace />;
  if (authorities.isPending || templates.isPending) return <SkeletonBlock lines={10} />;
  if (authorities.isError || templates.isError)
    return <ErrorBanner message={errorMessage(authorities.error ?? templates.error)} />;

  const cas = issuingAuthorities(authorities.data, templates.data);
  const offered = templatesForTarget(templates.data, authorities.data, form.targetCA);
  const problems = validateCampaignForm(form);
  const shown = submitted ? problems : {};
  const set = (change: Partial<CampaignForm>) => setForm((current) => ({ ...current, ...change }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length === 0) create.mutate();
    else focusFirstInvalid(event.currentTarget);
  };

  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/campaigns">Campaigns</Link>}
        title="New migration campaign"
        description="Planning changes nothing: the plan lists every certificate, its stores and agents, what changes and what cannot move. Nothing is issued until you execute it."
      />
      <form onSubmit={submit} noValidate className="stack">
        <Card title="What moves" icon={<Workflow size={18} aria-hidden="true" />}>
          <div className="stack">
            <TextField
              label="Name"
              value={form.name}
              onChange={(event) => set({ name: event.target.value })}
              error={shown.name}
              required
              placeholder="jdk-CA1 to ECDSA"
            />
            <QueryEditor
              value={form.query}
              onChange={(query) => set({ query })}
              error={shown.query}
              label="Certificates (query)"
            />
            <SelectField
              label="Source CA"
              value={form.sourceCA}
              onChange={(event) => set({ sourceCA: event.target.value })}
              hint="Narrows the query to certificates one CA issued."
            >
              <option value="">Any issuing CA</option>
              {cas.map((authority) => (
                <option key={authority.id} value={authority.configName}>
                  {authority.configName}
                </option>
              ))}
            </SelectField>
          </div>
        </Card>
        <Card title="Where to">
          <div className="form-grid">
            <SelectField
              label="Target CA"
              value={form.targetCA}
              onChange={(event) =>
                setForm((current) =>
                  withTargetCA(current, templates.data, authorities.data, event.target.value),
                )
              }
              error={shown.targetCA}
              required
            >
              <option value="">Choose…</option>
              {cas.map((authority) => (
                <option key={authority.id} value={authority.configName}>
                  {authority.configName} ({authority.keyAlgorithm})
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Target template"
              value={form.targetTemplate}
              onChange={(event) => set({ targetTemplate: event.target.value })}
              error={shown.targetTemplate}
              disabled={form.targetCA === ''}
              hint="Only templates the target CA offers without approval."
            >
              <option value="">Keep each certificate’s own template</option>
              {offered.map((template) => (
                <option key={template.id} value={template.shortName}>
                  {template.shortName} ({template.keyAlgorithm}, {template.validityDays} days)
                </option>
              ))}
            </SelectField>
            <TextField
              label="Batch size"
              type="number"
              min={1}
              max={1000}
              value={form.batchSize}
              onChange={(event) => set({ batchSize: event.target.value })}
              error={shown.batchSize}
              hint="Certificates renewed per batch (1–1000)."
            />
          </div>
          <div className="stack-sm" style={{ marginTop: 'var(--space-4)' }}>
            <Checkbox
              label="Trust first"
              description="Deliver the target CA chain to every trust store on the machines involved before any certificate moves."
              checked={form.trustFirst}
              onChange={(event) => set({ trustFirst: event.target.checked })}
            />
            <Checkbox
              label="Retire old"
              description="Revoke each old certificate (superseded) once every store holding it confirmed the new one."
              checked={form.retireOld}
              onChange={(event) => set({ retireOld: event.target.checked })}
            />
          </div>
        </Card>
        {create.isError && (
          <Banner
            tone="danger"
            title={failureTitle(create.error, 'The server did not plan the campaign')}
          >
            {errorMessage(create.error)}
          </Banner>
        )}
        <div className="row">
          <Button type="submit" variant="primary" busy={create.isPending}>
            {create.isPending ? 'Planning…' : 'Plan the campaign'}
          </Button>
          <Link to="/campaigns" className="btn">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
