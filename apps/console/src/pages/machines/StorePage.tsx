import { type StoreDetail, type StoreInventoryEntry } from '@certlab/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { Archive, ScanSearch, Truck } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { getStore, scheduleInventory } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { AGENT_REFRESH_MS } from '../../api/queries';
import { useCan } from '../../app/auth';
import { labNow, useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  Badge,
  Banner,
  Button,
  Card,
  DataTable,
  EmptyState,
  ErrorBanner,
  KeyValue,
  SkeletonBlock,
  StateBadge,
  TextField,
} from '../../design';
import { formatRelative, formatUtc, formatUtcDate } from '../../lib/format';
import { describeStoreProperties } from '../../lib/store-labels';
import { JobsTable } from '../common/JobsTable';
import { AgentStatus } from './AgentStatus';

function inventoryColumns(now: Date): ColumnDef<StoreInventoryEntry>[] {
  return [
    {
      id: 'alias',
      header: 'Alias',
      cell: ({ row }) => <span className="mono">{row.original.alias}</span>,
    },
    {
      id: 'certificate',
      header: 'Certificate',
      cell: ({ row }) => (
        <div>
          <Link to={`/certificates/${row.original.certificateId}`}>
            #{row.original.certificateId} {row.original.commonName ?? ''}
          </Link>
          <div className="subtle mono break">{row.original.thumbprint}</div>
        </div>
      ),
    },
    { id: 'state', header: 'State', cell: ({ row }) => <StateBadge state={row.original.state} /> },
    {
      id: 'key',
      header: 'Key',
      cell: ({ row }) => <span className="nowrap">{row.original.keyAlgorithm}</span>,
    },
    {
      id: 'issuer',
      header: 'Issuer',
      cell: ({ row }) => <span className="mono break">{row.original.issuer}</span>,
    },
    {
      id: 'notAfter',
      header: 'Expires',
      cell: ({ row }) => (
        <span title={formatUtc(row.original.notAfter)}>
          {formatUtcDate(row.original.notAfter)}{' '}
          <span className="subtle">· {formatRelative(row.original.notAfter, now)}</span>
        </span>
      ),
    },
    {
      id: 'key-held',
      header: 'With key',
      cell: ({ row }) => (row.original.hasPrivateKey ? 'yes' : <span className="subtle">no</span>),
    },
  ];
}

/** `2027-02-02T14:03` for a datetime-local input, in UTC. */
function utcInputValue(date: Date): string {
  return date.toISOString().slice(0, 16);
}

function ScheduleInventory({ store }: { store: StoreDetail }) {
  const queryClient = useQueryClient();
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState(() => utcInputValue(new Date(labNow().getTime() + 3_600_000)));
  const schedule = useMutation({
    mutationFn: () => scheduleInventory(store.id, when === 'now' ? {} : { at: `${at}:00Z` }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.jobs });
      void queryClient.invalidateQueries({ queryKey: queryKeys.store(store.id) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    schedule.mutate();
  };
  return (
    <form className="stack-sm" onSubmit={submit} aria-label="Schedule inventory">
      <div className="row" role="radiogroup" aria-label="When">
        <label className="checkbox">
          <input
            type="radio"
            name="when"
            checked={when === 'now'}
            onChange={() => setWhen('now')}
          />{' '}
          Now
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="when"
            checked={when === 'later'}
            onChange={() => setWhen('later')}
          />{' '}
          At a time
        </label>
      </div>
      {when === 'later' && (
        <TextField
          label="At (UTC, lab clock)"
          type="datetime-local"
          value={at}
          onChange={(event) => setAt(event.target.value)}
          style={{ maxWidth: 260 }}
        />
      )}
      <div>
        <Button
          type="submit"
          variant="primary"
          busy={schedule.isPending}
          icon={<ScanSearch size={16} aria-hidden="true" />}
        >
          Schedule inventory
        </Button>
      </div>
      {schedule.isSuccess && (
        <Banner tone="success" title="Inventory scheduled">
          Job {schedule.data.id} for {formatUtc(schedule.data.scheduledFor)}: the agent will report
          what the store holds.
        </Banner>
      )}
      {schedule.isError && (
        <Banner tone="danger" title="Not scheduled">
          {errorMessage(schedule.error)}
        </Banner>
      )}
    </form>
  );
}

export function StorePage() {
  const { id = '' } = useParams();
  const now = useLabNow();
  const isAdmin = useCan('admin');
  const store = useQuery({
    queryKey: queryKeys.store(id),
    queryFn: () => getStore(id),
    // The store's agent: seen and online, as on the machines page.
    refetchInterval: (query) => (query.state.data ? AGENT_REFRESH_MS : false),
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
  });
  usePageTitle(store.data?.displayName ?? 'Store');
  if (store.isPending) return <SkeletonBlock lines={10} label="Loading the store…" />;
  if (store.error instanceof ApiError && (store.error.status === 404 || store.error.status === 400))
    return (
      <EmptyState title="There is no such store">
        <Link to="/machines">See every machine and store</Link>
      </EmptyState>
    );
  if (store.data === undefined)
    return <ErrorBanner message={errorMessage(store.error)} onRetry={() => void store.refetch()} />;
  const data = store.data;
  const notes = describeStoreProperties(data.properties);
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link to="/machines">Machines & stores</Link> / {data.clientMachine}
          </>
        }
        title={<span className="mono break">{data.storePath}</span>}
        description={`${data.storeType} store on ${data.clientMachine}${data.isTrustStore ? ', a trust store (CA certificates only)' : ''}.`}
      />
      <div className="grid-2" style={{ alignItems: 'start' }}>
        <Card title="Store">
          <KeyValue
            label="Store"
            items={[
              { label: 'Name', value: <span className="break">{data.displayName}</span> },
              { label: 'Id', value: <span className="mono">{data.id}</span> },
              { label: 'Machine', value: data.clientMachine },
              { label: 'Type', value: data.storeType },
              {
                label: 'Kind',
                value: data.isTrustStore ? (
                  <Badge tone="info">trust store</Badge>
                ) : (
                  <Badge tone="outline">certificates</Badge>
                ),
              },
              {
                label: 'Properties',
                value:
                  notes.length === 0 ? <span className="subtle">none</span> : notes.join(' · '),
              },
              { label: 'Approved', value: data.approved ? 'yes' : 'no' },
              { label: 'Agent', value: <AgentStatus agent={data.agent} now={now} /> },
            ]}
          />
        </Card>
        {isAdmin && (
          <Card title="Schedule inventory" icon={<ScanSearch size={18} aria-hidden="true" />}>
            <ScheduleInventory store={data} />
          </Card>
        )}
      </div>
      <Card
        title={`Inventory (${data.inventory.length})`}
        icon={<Archive size={18} aria-hidden="true" />}
        flush
      >
        <DataTable
          label="Inventory"
          columns={inventoryColumns(now)}
          data={data.inventory}
          getRowId={(entry) => `${entry.alias}-${entry.certificateId}`}
          empty={
            <EmptyState title="Empty">certlab knows of no certificate in this store.</EmptyState>
          }
        />
      </Card>
      <Card title="Jobs" icon={<Truck size={18} aria-hidden="true" />} flush>
        <JobsTable
          filter={{ storeId: data.id }}
          limit={15}
          showStore={false}
          label="Jobs of this store"
        />
      </Card>
    </>
  );
}
