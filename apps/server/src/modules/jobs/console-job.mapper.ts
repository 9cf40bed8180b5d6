import { type JobOperation, type JobView, ManagementOperationType } from '@certlab/contracts';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { storeDisplayName } from '../stores/stores.service';
import { type OrchestratorJobEntity } from './orchestrator-job.entity';

const OPERATIONS: Readonly<Record<number, JobOperation>> = {
  [ManagementOperationType.Inventory]: 'Inventory',
  [ManagementOperationType.Add]: 'Add',
  [ManagementOperationType.Remove]: 'Remove',
};

/** A job as the console shows it; `store` is the job's store (absent if it was removed since). */
export function toJobView(
  job: OrchestratorJobEntity,
  store: CertificateStoreEntity | undefined,
): JobView {
  const location = store ?? { clientMachine: '', storePath: '' };
  return {
    id: job.id,
    storeId: job.storeId,
    clientMachine: location.clientMachine,
    storePath: location.storePath,
    storeName: store ? storeDisplayName(store) : '',
    jobType: job.jobType,
    operation: OPERATIONS[job.operationType] ?? (job.jobType === 'Inventory' ? 'Inventory' : 'Add'),
    certificateId: job.certificateId,
    alias: job.alias,
    status: job.status,
    attempts: job.attempts,
    requestId: job.requestId,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt.toISOString(),
    scheduledFor: job.scheduledFor.toISOString(),
    claimedAt: job.claimedAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
    resultMessage: job.resultMessage,
  };
}
