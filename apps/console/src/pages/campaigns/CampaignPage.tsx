import { type CampaignView, isPositiveId } from '@certlab/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ban, Pause, Play, Rocket } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { type CampaignAction, campaignAction, getCampaign } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useCan } from '../../app/auth';
import { PageHeader, usePageTitle } from '../../app/page';
import { NotFoundPage } from '../../app/NotFoundPage';
import {
  Badge,
  Banner,
  Button,
  CampaignStateBadge,
  Card,
  ConfirmDialog,
  EmptyState,
  ErrorBanner,
  SkeletonBlock,
  Tabs,
  useFocusOnMount,
} from '../../design';
import { useLiveStatus } from '../../live/LiveUpdates';
import { formatCount, formatUtc } from '../../lib/format';
import { CampaignItems } from './CampaignItems';
import { CampaignPlan } from './CampaignPlan';
import { CampaignProgress, movableItems } from './CampaignProgress';

const ACTION_WORDS: Record<CampaignAction, string> = {
  execute: 'started',
  pause: 'paused',
  resume: 'resumed',
  cancel: 'cancelled',
};

/** What the action did; it takes the focus of its button, which the new state may not show. */
function ActionDone({ words }: { words: string }) {
  const ref = useFocusOnMount<HTMLSpanElement>();
  return (
    <span ref={ref} tabIndex={-1} className="subtle" role="status">
      {words}
    </span>
  );
}

function Controls({ campaign }: { campaign: CampaignView }) {
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: CampaignAction) => campaignAction(campaign.id, action),
    onSuccess: (view) => {
      queryClient.setQueryData(queryKeys.campaignView(campaign.id), view);
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaign(campaign.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
    },
  });
  const movable = movableItems(campaign);
  const open = campaign.state !== 'completed' && campaign.state !== 'cancelled';
  return (
    <div className="stack-sm" style={{ alignItems: 'flex-end' }}>
      <div className="row">
        {campaign.state === 'planned' && (
          <ConfirmDialog
            title={`Execute “${campaign.name}”?`}
            confirmLabel="Execute"
            tone="primary"
            onConfirm={() => act.mutate('execute')}
            trigger={
              <Button
                variant="primary"
                icon={<Rocket size={16} aria-hidden="true" />}
                busy={act.isPending && act.variables === 'execute'}
              >
                Execute
              </Button>
            }
          >
            {`It renews ${formatCount(movable)} certificate${movable === 1 ? '' : 's'} on ${campaign.targetCA ?? 'the target CA'}`}
            {campaign.trustFirst ? ', after delivering the new chain to the trust stores' : ''}
            {campaign.retireOld
              ? ', and revokes each old one once its stores hold the new one'
              : ''}
            .
          </ConfirmDialog>
        )}
        {campaign.state === 'running' && (
          <Button
            icon={<Pause size={16} aria-hidden="true" />}
            busy={act.isPending && act.variables === 'pause'}
            onClick={() => act.mutate('pause')}
          >
            Pause
          </Button>
        )}
        {(campaign.state === 'paused' || campaign.state === 'failed') && (
          <Button
            variant="primary"
            icon={<Play size={16} aria-hidden="true" />}
            busy={act.isPending && act.variables === 'resume'}
            onClick={() => act.mutate('resume')}
          >
            {campaign.state === 'failed' ? 'Retry (resume)' : 'Resume'}
          </Button>
        )}
        {open && (
          <ConfirmDialog
            title={`Cancel “${campaign.name}”?`}
            confirmLabel="Cancel the campaign"
            onConfirm={() => act.mutate('cancel')}
            trigger={
              <Button
                variant="danger"
                icon={<Ban size={16} aria-hidden="true" />}
                busy={act.isPending && act.variables === 'cancel'}
              >
                Cancel
              </Button>
            }
          >
            Pending certificates are dropped and stay where they are; those in flight finish. A
            cancelled campaign cannot be resumed.
          </ConfirmDialog>
        )}
      </div>
      {act.isSuccess && (
        <ActionDone key={act.submittedAt} words={`Campaign ${ACTION_WORDS[act.variables]}.`} />
      )}
      {act.isError && (
        <span className="field-error" role="alert">
          {errorMessage(act.error)}
        </span>
      )}
    </div>
  );
}

export function CampaignPage() {
  const { id = '' } = useParams();
  const valid = isPositiveId(id);
  const campaignId = Number(id);
  const isAdmin = useCan('admin');
  const live = useLiveStatus();
  const campaign = useQuery({
    queryKey: queryKeys.campaignView(campaignId),
    queryFn: () => getCampaign(campaignId),
    enabled: valid,
    // Live events drive progress; without the stream, a running campaign is polled.
    refetchInterval: (query) =>
      live !== 'live' && query.state.data?.state === 'running' ? 2000 : false,
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
  });
  usePageTitle(campaign.data?.name ?? 'Campaign');
  if (!valid) return <NotFoundPage />;
  if (campaign.isPending) return <SkeletonBlock lines={10} label="Loading the campaign…" />;
  if (campaign.error instanceof ApiError && campaign.error.status === 404)
    return (
      <EmptyState title={`There is no campaign ${id}`}>
        <Link to="/campaigns">All campaigns</Link>
      </EmptyState>
    );
  if (campaign.data === undefined)
    return (
      <ErrorBanner message={errorMessage(campaign.error)} onRetry={() => void campaign.refetch()} />
    );
  const data = campaign.data;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/campaigns">Campaigns</Link>}
        title={
          <span className="row" style={{ gap: 'var(--space-3)' }}>
            <span className="break">{data.name}</span>
            <CampaignStateBadge state={data.state} />
            {data.state !== 'planned' && <Badge tone="outline">phase: {data.phase}</Badge>}
          </span>
        }
        description={
          <>
            <span className="mono break">{data.query}</span>
            {data.sourceCA ? ` from ${data.sourceCA}` : ''} → {data.targetCA ?? '—'}
            {data.targetTemplate ? ` with ${data.targetTemplate}` : ''} · batches of{' '}
            {data.batchSize}
            {data.trustFirst ? ' · trust first' : ''}
            {data.retireOld ? ' · retire old' : ''} · planned by {data.createdBy}{' '}
            {formatUtc(data.createdAt)}
          </>
        }
        actions={isAdmin ? <Controls campaign={data} /> : undefined}
      />
      {data.state === 'planned' && (
        <Banner tone="info" title="Planned: nothing has happened yet">
          This is a dry run. Read the plan; executing it renews, delivers
          {data.retireOld ? ' and revokes' : ''}.
        </Banner>
      )}
      {data.message && (
        <Banner tone={data.state === 'failed' ? 'danger' : 'info'} title="Campaign says">
          {data.message}
        </Banner>
      )}
      {data.warnings.map((warning) => (
        <Banner key={warning} tone="warning" role="none">
          {warning}
        </Banner>
      ))}
      <Card title="Progress">
        <CampaignProgress campaign={data} />
      </Card>
      <Tabs
        label="Campaign"
        defaultValue={data.state === 'planned' ? 'plan' : 'results'}
        items={[
          { value: 'plan', label: 'Plan', content: <CampaignPlan campaignId={data.id} /> },
          { value: 'results', label: 'Results', content: <CampaignItems campaignId={data.id} /> },
        ]}
      />
    </>
  );
}
