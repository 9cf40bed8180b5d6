import { Server } from 'lucide-react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { useMachines } from '../../api/queries';
import { useLabNow } from '../../app/lab-time';
import { ErrorBanner } from '../../design/Banner';
import { ButtonLink } from '../../design/Button';
import { Card } from '../../design/Card';
import { EmptyState } from '../../design/EmptyState';
import { SkeletonBlock } from '../../design/Spinner';
import { AgentStatus } from '../machines/AgentStatus';
import { storeFileName } from '../../lib/store-labels';

/** Each machine with its agent (approved, online, last seen) and its stores. */
export function MachinesCard() {
  const machines = useMachines();
  const now = useLabNow();
  return (
    <Card
      title="Machines and agents"
      icon={<Server size={18} aria-hidden="true" />}
      flush
      actions={
        <ButtonLink to="/machines" size="sm">
          All machines
        </ButtonLink>
      }
    >
      {machines.isPending ? (
        <div className="card-body">
          <SkeletonBlock lines={5} />
        </div>
      ) : machines.data === undefined ? (
        <div className="card-body">
          <ErrorBanner
            message={errorMessage(machines.error)}
            onRetry={() => void machines.refetch()}
          />
        </div>
      ) : machines.data.length === 0 ? (
        <EmptyState title="No machines yet">
          The lab file names the machines agents serve.
        </EmptyState>
      ) : (
        <ul className="machine-list">
          {machines.data.map((machine) => (
            <li key={machine.clientMachine} className="stack-sm">
              <div className="row-between">
                <strong className="break">{machine.clientMachine}</strong>
                <AgentStatus agent={machine.agent} now={now} />
              </div>
              <div className="chips">
                {machine.stores.map((store) => (
                  <Link
                    key={store.id}
                    className="chip"
                    to={`/stores/${store.id}`}
                    title={store.displayName}
                  >
                    {store.isTrustStore ? 'trust · ' : ''}
                    {storeFileName(store.storePath)} · {store.certificateCount}
                    {/* The name starts with what is seen, then says which store in full. */}
                    <span className="visually-hidden">
                      {' '}
                      {store.certificateCount === 1 ? 'certificate' : 'certificates'}, store{' '}
                      {store.displayName}
                    </span>
                  </Link>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
