import { type MachineView, type StoreView } from '@certlab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { Server, ShieldCheck, ShieldOff } from 'lucide-react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { approveAgent, disapproveAgent } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useMachines } from '../../api/queries';
import { useCan } from '../../app/auth';
import { useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  EmptyState,
  ErrorBanner,
  SkeletonBlock,
  useToast,
} from '../../design';
import { formatUtc } from '../../lib/format';
import { describeStoreProperties } from '../../lib/store-labels';
import { AgentStatus } from './AgentStatus';

const storeColumns: ColumnDef<StoreView>[] = [
  {
    id: 'path',
    header: 'Store path',
    cell: ({ row }) => (
      <Link to={`/stores/${row.original.id}`} className="mono break">
        {row.original.storePath}
      </Link>
    ),
  },
  { id: 'type', header: 'Type', cell: ({ row }) => row.original.storeType },
  {
    id: 'kind',
    header: 'Kind',
    cell: ({ row }) =>
      row.original.isTrustStore ? (
        <Badge tone="info">trust store</Badge>
      ) : (
        <Badge tone="outline">certificates</Badge>
      ),
  },
  {
    id: 'properties',
    header: 'Properties',
    cell: ({ row }) => {
      const notes = describeStoreProperties(row.original.properties);
      return notes.length === 0 ? (
        <span className="subtle">—</span>
      ) : (
        <span className="subtle break">{notes.join(' · ')}</span>
      );
    },
  },
  {
    id: 'approved',
    header: 'Approved',
    cell: ({ row }) => (row.original.approved ? 'yes' : <Badge tone="warning">not approved</Badge>),
  },
  {
    id: 'certificates',
    header: 'Certificates',
    meta: { numeric: true },
    cell: ({ row }) => row.original.certificateCount,
  },
];

function AgentActions({ machine }: { machine: MachineView }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const agent = machine.agent;
  const change = useMutation({
    mutationFn: (approve: boolean) =>
      approve ? approveAgent(agent?.id ?? '') : disapproveAgent(agent?.id ?? ''),
    onSuccess: (_, approve) => {
      toast('success', `Agent of ${machine.clientMachine} ${approve ? 'approved' : 'disapproved'}`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.machines });
    },
    onError: (error) =>
      toast('danger', `The agent of ${machine.clientMachine} was not changed`, errorMessage(error)),
  });
  if (!agent) return null;
  return agent.status === 'Approved' ? (
    <ConfirmDialog
      title={`Disapprove the agent of ${machine.clientMachine}?`}
      confirmLabel="Disapprove"
      onConfirm={() => change.mutate(false)}
      trigger={
        <Button size="sm" icon={<ShieldOff size={14} aria-hidden="true" />} busy={change.isPending}>
          Disapprove
        </Button>
      }
    >
      It will run no more jobs until approved again; jobs for its stores wait.
    </ConfirmDialog>
  ) : (
    <Button
      size="sm"
      variant="primary"
      icon={<ShieldCheck size={14} aria-hidden="true" />}
      busy={change.isPending}
      onClick={() => change.mutate(true)}
    >
      Approve
    </Button>
  );
}

function MachineCard({
  machine,
  now,
  isAdmin,
}: {
  machine: MachineView;
  now: Date;
  isAdmin: boolean;
}) {
  const agent = machine.agent;
  return (
    <Card
      title={<span className="break">{machine.clientMachine}</span>}
      icon={<Server size={18} aria-hidden="true" />}
      flush
      actions={
        <>
          <AgentStatus agent={agent} now={now} />
          {isAdmin && <AgentActions machine={machine} />}
        </>
      }
    >
      {agent && (
        <div className="card-body subtle" style={{ paddingBlock: 'var(--space-2)' }}>
          Agent {agent.id} · version {agent.version ?? 'unknown'} · registered{' '}
          {formatUtc(agent.createdAt)}
          {agent.capabilities.length > 0 && ` · ${agent.capabilities.join(', ')}`}
        </div>
      )}
      <DataTable
        label={`Stores on ${machine.clientMachine}`}
        columns={storeColumns}
        data={machine.stores}
        getRowId={(store) => store.id}
        empty={<EmptyState title="No stores">This machine has no certificate stores.</EmptyState>}
      />
    </Card>
  );
}

export function MachinesPage() {
  usePageTitle('Machines & stores');
  const machines = useMachines();
  const now = useLabNow();
  const isAdmin = useCan('admin');
  return (
    <>
      <PageHeader
        title="Machines & stores"
        description="Each machine, the agent that serves it and the certificate stores it writes. Agents run jobs only once approved."
      />
      {machines.isPending ? (
        <SkeletonBlock lines={10} />
      ) : machines.data === undefined ? (
        <ErrorBanner
          message={errorMessage(machines.error)}
          onRetry={() => void machines.refetch()}
        />
      ) : machines.data.length === 0 ? (
        <EmptyState title="No machines">The lab file names the machines agents serve.</EmptyState>
      ) : (
        machines.data.map((machine) => (
          <MachineCard key={machine.clientMachine} machine={machine} now={now} isAdmin={isAdmin} />
        ))
      )}
    </>
  );
}
