import { type CampaignView } from '@certlab/contracts';
import { useQuery } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { Plus, Workflow } from 'lucide-react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { listCampaigns } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useCan } from '../../app/auth';
import { useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  ButtonLink,
  CampaignStateBadge,
  Card,
  DataTable,
  EmptyState,
  ErrorBanner,
  SkeletonBlock,
} from '../../design';
import { formatCount, formatRelative } from '../../lib/format';
import { movableItems } from './CampaignProgress';

function columns(now: Date): ColumnDef<CampaignView>[] {
  return [
    {
      id: 'name',
      header: 'Campaign',
      cell: ({ row }) => (
        <div>
          <Link to={`/campaigns/${row.original.id}`} className="break">
            {row.original.name}
          </Link>
          <div className="subtle mono break">{row.original.query}</div>
        </div>
      ),
    },
    {
      id: 'target',
      header: 'Target',
      cell: ({ row }) => (
        <div>
          <div className="nowrap">{row.original.targetCA ?? '—'}</div>
          <div className="subtle">{row.original.targetTemplate ?? 'own templates'}</div>
        </div>
      ),
    },
    {
      id: 'state',
      header: 'State',
      cell: ({ row }) => <CampaignStateBadge state={row.original.state} />,
    },
    {
      id: 'progress',
      header: 'Moved',
      cell: ({ row }) => {
        const { progress } = row.original;
        const done = progress.delivered + progress.retired;
        return (
          <span className="nowrap">
            {formatCount(done)} of {formatCount(movableItems(row.original))}
            {progress.failed > 0 && <span className="subtle"> · {progress.failed} failed</span>}
          </span>
        );
      },
    },
    {
      id: 'created',
      header: 'Planned',
      cell: ({ row }) => (
        <span className="nowrap">
          {formatRelative(row.original.createdAt, now)}{' '}
          <span className="subtle">by {row.original.createdBy}</span>
        </span>
      ),
    },
  ];
}

export function CampaignsPage() {
  usePageTitle('Campaigns');
  const isAdmin = useCan('admin');
  const now = useLabNow();
  const campaigns = useQuery({ queryKey: queryKeys.campaigns, queryFn: listCampaigns });
  return (
    <>
      <PageHeader
        title="Migration campaigns"
        description="Move every certificate a query matches to another CA or template: planned as a dry run first, then executed in batches with trust first and retire old."
        actions={
          isAdmin && (
            <ButtonLink
              to="/campaigns/new"
              variant="primary"
              icon={<Plus size={16} aria-hidden="true" />}
            >
              New campaign
            </ButtonLink>
          )
        }
      />
      <Card flush>
        {campaigns.isPending ? (
          <div className="card-body">
            <SkeletonBlock lines={5} />
          </div>
        ) : campaigns.data === undefined ? (
          <div className="card-body">
            <ErrorBanner
              message={errorMessage(campaigns.error)}
              onRetry={() => void campaigns.refetch()}
            />
          </div>
        ) : (
          <DataTable
            label="Campaigns"
            columns={columns(now)}
            data={[...campaigns.data].sort((a, b) => b.id - a.id)}
            getRowId={(campaign) => String(campaign.id)}
            empty={
              <EmptyState title="No campaigns yet" icon={<Workflow size={28} aria-hidden="true" />}>
                {isAdmin
                  ? 'Plan one to move certificates from the RSA CA to the ECDSA one.'
                  : 'An admin plans campaigns.'}
              </EmptyState>
            }
          />
        )}
      </Card>
    </>
  );
}
