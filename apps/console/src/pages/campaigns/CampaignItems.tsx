import {
  CAMPAIGN_ITEM_STATES,
  type CampaignItemState,
  type CampaignItemView,
} from '@certlab/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { getCampaignItems } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import {
  Card,
  DataTable,
  EmptyState,
  ErrorBanner,
  ItemStateBadge,
  Pager,
  SelectField,
  SkeletonBlock,
} from '../../design';

const ITEMS_PAGE = 50;

const columns: ColumnDef<CampaignItemView>[] = [
  {
    id: 'old',
    header: 'Old certificate',
    cell: ({ row }) => (
      <Link to={`/certificates/${row.original.certificateId}`}>
        #{row.original.certificateId} {row.original.commonName ?? ''}
      </Link>
    ),
  },
  {
    id: 'new',
    header: 'New certificate',
    cell: ({ row }) =>
      row.original.newCertificateId === null ? (
        <span className="subtle">—</span>
      ) : (
        <Link to={`/certificates/${row.original.newCertificateId}`}>
          → #{row.original.newCertificateId}
        </Link>
      ),
  },
  {
    id: 'state',
    header: 'State',
    cell: ({ row }) => <ItemStateBadge state={row.original.state} />,
  },
  {
    id: 'batch',
    header: 'Batch',
    meta: { numeric: true },
    cell: ({ row }) => row.original.batch ?? '—',
  },
  {
    id: 'message',
    header: 'Message',
    cell: ({ row }) => (
      <span className="subtle break long-text">
        {row.original.message ?? row.original.blockedCode ?? ''}
      </span>
    ),
  },
];

/** Per-certificate results, paged on the server, filtered by state. */
export function CampaignItems({ campaignId }: { campaignId: number }) {
  const [state, setState] = useState<CampaignItemState | null>(null);
  const [page, setPage] = useState(1);
  const items = useQuery({
    queryKey: queryKeys.campaignItems(campaignId, state, page),
    queryFn: () => getCampaignItems(campaignId, state, page, ITEMS_PAGE),
    placeholderData: keepPreviousData,
  });
  return (
    <Card
      title="Results per certificate"
      flush
      actions={
        <div style={{ minWidth: 200 }}>
          <SelectField
            label="Show"
            value={state ?? ''}
            onChange={(event) => {
              setState(
                CAMPAIGN_ITEM_STATES.find((candidate) => candidate === event.target.value) ?? null,
              );
              setPage(1);
            }}
          >
            <option value="">Every item</option>
            {CAMPAIGN_ITEM_STATES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {candidate}
              </option>
            ))}
          </SelectField>
        </div>
      }
    >
      {items.isPending ? (
        <div className="card-body">
          <SkeletonBlock lines={6} />
        </div>
      ) : items.data === undefined ? (
        <div className="card-body">
          <ErrorBanner message={errorMessage(items.error)} onRetry={() => void items.refetch()} />
        </div>
      ) : (
        <>
          <DataTable
            label="Campaign items"
            columns={columns}
            data={items.data.items}
            getRowId={(item) => String(item.itemId)}
            empty={<EmptyState title={state ? `No ${state} items` : 'No items'} />}
          />
          {items.data.total > ITEMS_PAGE && (
            <div className="table-footer">
              <span className="subtle">{state ? `${state} items` : 'All items'}</span>
              <Pager
                page={page}
                limit={ITEMS_PAGE}
                total={items.data.total}
                onPage={setPage}
                label="Result pages"
              />
            </div>
          )}
        </>
      )}
    </Card>
  );
}
