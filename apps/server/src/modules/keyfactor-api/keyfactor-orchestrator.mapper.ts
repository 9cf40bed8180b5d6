import { JobResultStatus } from '@certlab/contracts';
import { type AgentEntity } from '../agents/agent.entity';
import { type CertificateLocationEntity } from '../certificates/certificate-location.entity';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { type JobStatus, type OrchestratorJobEntity } from '../jobs/orchestrator-job.entity';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { storeDisplayName } from '../stores/stores.service';
import { toInventoryCertificate } from './keyfactor-certificate.mapper';
import { CERTLAB_AGENT_PLATFORM, JobHistoryStatus, storeTypeId } from './keyfactor-enums';
import {
  type KeyfactorAgent,
  type KeyfactorCertificateStore,
  type KeyfactorInventoryEntry,
  type KeyfactorJobHistory,
  type KeyfactorSchedule,
  type KeyfactorScheduledJob,
} from './keyfactor-models';

/** `Models.CertificateStore`. `Properties` is a JSON string in the vendor model, not an object. */
export function toKeyfactorStore(store: CertificateStoreEntity): KeyfactorCertificateStore {
  return {
    Id: store.id,
    ...(store.containerName === null ? {} : { ContainerName: store.containerName }),
    DisplayName: storeDisplayName(store),
    ClientMachine: store.clientMachine,
    Storepath: store.storePath,
    CertStoreType: storeTypeId(store.storeType),
    Approved: store.approved,
    CreateIfMissing: store.createIfMissing,
    Properties: JSON.stringify(store.properties),
    ...(store.agentId === null ? {} : { AgentId: store.agentId }),
    AgentAssigned: store.agentId !== null,
    SetNewPasswordAllowed: false,
  };
}

/** One inventory entry per alias, each with the certificate certlab knows to be there. */
export function toInventoryEntries(
  locations: readonly CertificateLocationEntity[],
  certificates: ReadonlyMap<number, CertificateEntity>,
): KeyfactorInventoryEntry[] {
  const entries = new Map<string, KeyfactorInventoryEntry>();
  for (const location of locations) {
    const certificate = certificates.get(location.certificateId);
    if (!certificate) continue;
    const entry = entries.get(location.alias) ?? {
      Name: location.alias,
      Certificates: [],
      Parameters: {},
    };
    entry.Certificates.push(toInventoryCertificate(certificate, location));
    entries.set(location.alias, entry);
  }
  return [...entries.values()];
}

/** certlab's job status as Command's history `Status` and `Result` (renew-reference.md 4.2). */
const JOB_STATES: Readonly<Record<JobStatus, { status: number; result: number }>> = {
  Pending: { status: JobHistoryStatus.Waiting, result: JobResultStatus.Unknown },
  InProcess: { status: JobHistoryStatus.InProcess, result: JobResultStatus.InProcess },
  Succeeded: { status: JobHistoryStatus.Completed, result: JobResultStatus.Success },
  Warning: { status: JobHistoryStatus.Completed, result: JobResultStatus.Warning },
  Failed: { status: JobHistoryStatus.Completed, result: JobResultStatus.Failure },
};

/**
 * A job that an agent has picked up or finished (`JobHistoryResponse`). `JobHistoryId` is left
 * out: certlab keeps one row per job, not one per run, and has no integer to give it.
 */
export function toJobHistory(
  job: OrchestratorJobEntity,
  store: CertificateStoreEntity | undefined,
): KeyfactorJobHistory {
  const state = JOB_STATES[job.status];
  return {
    JobId: job.id,
    JobType: job.jobType,
    AgentMachine: store?.clientMachine ?? '',
    ClientMachine: store?.clientMachine ?? '',
    StorePath: store?.storePath ?? '',
    Schedule: schedule(job),
    ...(job.completedAt ? { OperationEnd: job.completedAt.toISOString() } : {}),
    Message: job.resultMessage ?? '',
    Result: state.result,
    Status: state.status,
  };
}

/** A job waiting for its agent (`Models.OrchestratorJobs.Job`); `Requested` is when it was scheduled. */
export function toScheduledJob(
  job: OrchestratorJobEntity,
  store: CertificateStoreEntity | undefined,
): KeyfactorScheduledJob {
  return {
    Id: job.id,
    JobType: job.jobType,
    ClientMachine: store?.clientMachine ?? '',
    Target: store?.storePath ?? '',
    Schedule: schedule(job),
    Requested: job.createdAt.toISOString(),
  };
}

/** `AgentResponse`; certlab's agents authenticate with a session, so there is no thumbprint. */
export function toKeyfactorAgent(agent: AgentEntity): KeyfactorAgent {
  return {
    AgentId: agent.id,
    ClientMachine: agent.clientMachine,
    AgentPlatform: CERTLAB_AGENT_PLATFORM,
    Version: agent.version ?? '',
    Status: agent.status,
    ...(agent.lastSeen ? { LastSeen: agent.lastSeen.toISOString() } : {}),
    Capabilities: agent.capabilities,
    LastErrorCode: 0,
    LastErrorMessage: '',
  };
}

/** Jobs due when they were created ran "immediately"; later ones were scheduled exactly once. */
function schedule(job: OrchestratorJobEntity): KeyfactorSchedule {
  return job.scheduledFor.getTime() <= job.createdAt.getTime()
    ? { Immediate: true }
    : { ExactlyOnce: { Time: job.scheduledFor.toISOString() } };
}
