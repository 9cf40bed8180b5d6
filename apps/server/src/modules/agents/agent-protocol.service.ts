import { Injectable } from '@nestjs/common';
import {
  type AgentJobReference,
  AGENT_API_PREFIX,
  type CompleteJobRequest,
  JobCompletionStatus,
  type InventoryJobConfiguration,
  ManagementOperationType,
  type ManagementJobConfiguration,
} from '@certlab/contracts';
import { pemDecodeAll, sha1Hex } from '@certlab/pki';
import { AppConfig } from '../../config/config';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/permissions';
import { CertificatesService } from '../certificates/certificates.service';
import { type JobOutcome, JobLifecycleService } from '../jobs/job-lifecycle.service';
import { JobPayloadService } from '../jobs/job-payload.service';
import { type OrchestratorJobEntity } from '../jobs/orchestrator-job.entity';
import { JobsService } from '../jobs/jobs.service';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { StoresService } from '../stores/stores.service';
import { type AgentEntity, AgentStatus } from './agent.entity';
import { type AgentSession, AgentSessions } from './agent-sessions';
import { AgentErrors } from './agents.errors';
import { AgentsService } from './agents.service';
import { LiveEvents } from '../live-events/live-events.service';

const OUTCOMES: Record<number, JobOutcome> = {
  [JobCompletionStatus.Success]: 'Succeeded',
  [JobCompletionStatus.Warning]: 'Warning',
  [JobCompletionStatus.Failure]: 'Failed',
};

/**
 * The orchestrator protocol's rules: who may see which job (only the agent of the store's
 * ClientMachine, only once approved), claiming on configuration fetch, and what a completion
 * changes (the job's state, the store's locations, the audit trail).
 */
@Injectable()
export class AgentProtocolService {
  constructor(
    private readonly agents: AgentsService,
    private readonly sessions: AgentSessions,
    private readonly lifecycle: JobLifecycleService,
    private readonly jobs: JobsService,
    private readonly payloads: JobPayloadService,
    private readonly stores: StoresService,
    private readonly certificates: CertificatesService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: AppConfig,
    private readonly events: LiveEvents,
  ) {}

  /** The agent behind a session token; an unknown, forged or expired token is a 401. */
  async agentFor(token: string): Promise<{ session: AgentSession; agent: AgentEntity }> {
    const session = this.sessions.verify(token);
    if (!session) throw AgentErrors.invalidSession('The session is not valid; register again.');
    const agent = await this.agents.get(session.agentId).catch(() => undefined);
    if (!agent || agent.clientMachine !== session.clientMachine) {
      throw AgentErrors.invalidSession('The session is not valid; register again.');
    }
    return { session, agent };
  }

  issueSession(agent: AgentEntity): string {
    return this.sessions.issue(agent.id, agent.clientMachine);
  }

  /** Jobs offered to the agent: none until it is approved. */
  async jobsFor(
    agent: AgentEntity,
    waitSeconds = 0,
    signal?: AbortSignal,
  ): Promise<AgentJobReference[]> {
    if (agent.status !== AgentStatus.Approved) return [];
    await this.agents.touch(agent.id);
    const jobs = await this.lifecycle.waitForJobs(agent.clientMachine, waitSeconds, signal);
    return jobs.map(jobReference);
  }

  async managementConfiguration(
    agent: AgentEntity,
    jobId: string,
  ): Promise<ManagementJobConfiguration> {
    const { job, store } = await this.claim(agent, jobId);
    return {
      Result: { Status: 1 },
      JobId: job.id,
      JobCancelled: false,
      OperationType: job.operationType,
      Overwrite: job.overwrite,
      JobCertificate: await this.payloads.jobCertificate(job),
      CertificateStoreDetails: this.payloads.storeDetails(store),
      LastInventory: await this.payloads.lastInventory(store),
      LeaseSeconds: this.config.jobLeaseSeconds,
    };
  }

  async inventoryConfiguration(
    agent: AgentEntity,
    jobId: string,
  ): Promise<InventoryJobConfiguration> {
    const { job, store } = await this.claim(agent, jobId);
    return {
      Result: { Status: 1 },
      JobId: job.id,
      JobCancelled: false,
      CertificateStoreDetails: this.payloads.storeDetails(store),
      LastInventory: await this.payloads.lastInventory(store),
      LeaseSeconds: this.config.jobLeaseSeconds,
    };
  }

  /**
   * Records the result. A successful Add places the new certificate in the store (replacing the
   * old entry of a single-entry PEM store); a reported inventory then becomes certlab's view of
   * the store. All of it, and the audit event, in one transaction.
   */
  async complete(
    agent: AgentEntity,
    request: Required<Pick<CompleteJobRequest, 'JobId' | 'Status'>> & CompleteJobRequest,
    actor: Actor,
  ): Promise<void> {
    const { job, store } = await this.ownedJob(agent, request.JobId);
    const outcome = OUTCOMES[request.Status] ?? 'Failed';
    const message = request.Message ?? '';
    await this.unitOfWork.run(async (manager) => {
      if (!(await this.lifecycle.complete(manager, job.id, agent.id, outcome, message))) {
        throw AgentErrors.jobNotAvailable(
          `Job ${job.id} is not claimed by this agent (its lease may have expired).`,
        );
      }
      if (outcome !== 'Failed' && job.certificateId !== null) {
        if (job.operationType === ManagementOperationType.Add) {
          const singleEntry = store.properties.IsTrustStore !== 'true';
          await this.certificates.placeInStore(manager, {
            storeId: store.id,
            certificateId: job.certificateId,
            alias: job.alias ?? '',
            singleEntry,
          });
        } else if (job.operationType === ManagementOperationType.Remove) {
          await this.certificates.removeFromStore(manager, {
            storeId: store.id,
            certificateId: job.certificateId,
          });
        }
      }
      if (request.Inventory) {
        // Each entry's leaf; its thumbprint is all reconciliation needs, so no full parse.
        const thumbprints = request.Inventory.filter((item) => item.ItemStatus !== 3).flatMap(
          (item) =>
            item.Certificates.slice(0, 1).flatMap((pem) =>
              pemDecodeAll(pem)
                .filter((block) => block.label === 'CERTIFICATE')
                .slice(0, 1)
                .map((block) => sha1Hex(block.der)),
            ),
        );
        await this.certificates.reconcileInventory(manager, store.id, thumbprints);
      }
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'job.completed',
        subjectType: 'job',
        subjectId: job.id,
        details: {
          agent: agent.id,
          store: store.id,
          operation: job.operationType,
          certificate: job.certificateId,
          outcome,
          message,
        },
      });
      this.events.publishOnCommit(manager, jobEvent(job));
      // Where certificates sit changed (the delivered one, and whatever the inventory reported).
      this.events.publishOnCommit(manager, {
        type: 'certificates',
        ids: job.certificateId === null ? [] : [job.certificateId],
      });
    });
  }

  private async claim(agent: AgentEntity, jobId: string) {
    const { job, store } = await this.visibleJob(agent, jobId);
    if (!(await this.lifecycle.claim(job.id, agent.id, job.attempts))) {
      throw AgentErrors.jobNotAvailable(
        `Job ${job.id} is not available: another claimant holds it, or it is finished.`,
      );
    }
    this.events.publish(jobEvent(job));
    return { job, store };
  }

  /** The job and its store, if the store is this agent's machine's and the agent is approved. */
  private async visibleJob(
    agent: AgentEntity,
    jobId: string,
  ): Promise<{ job: OrchestratorJobEntity; store: CertificateStoreEntity }> {
    if (agent.status !== AgentStatus.Approved)
      throw AgentErrors.notYourJob('This agent is not approved to run jobs.');
    const job = await this.jobs.find(jobId);
    if (!job) throw AgentErrors.notFound(`Job ${jobId} was not found.`);
    const store = await this.stores.get(job.storeId);
    if (store.clientMachine !== agent.clientMachine) {
      throw AgentErrors.notYourJob(`Job ${jobId} belongs to another machine's store.`);
    }
    return { job, store };
  }

  private async ownedJob(
    agent: AgentEntity,
    jobId: string,
  ): Promise<{ job: OrchestratorJobEntity; store: CertificateStoreEntity }> {
    const owned = await this.visibleJob(agent, jobId);
    if (owned.job.claimedBy !== agent.id)
      throw AgentErrors.jobNotAvailable(`Job ${jobId} is not claimed by this agent.`);
    return owned;
  }
}

function jobEvent(job: OrchestratorJobEntity) {
  return {
    type: 'jobs' as const,
    jobIds: [job.id],
    storeIds: [job.storeId],
    certificateIds: [job.certificateId],
    requestIds: [job.requestId],
  };
}

function jobReference(job: OrchestratorJobEntity): AgentJobReference {
  const type = job.operationType === ManagementOperationType.Inventory ? 'Inventory' : 'Management';
  return {
    JobId: job.id,
    JobType: type,
    Capability: `CertStores.RFPEM.${type}`,
    ConfigurationEndpoint: `${AGENT_API_PREFIX}/${type}/Configuration`,
    CompletionEndpoint: `${AGENT_API_PREFIX}/${type}/Complete`,
    Priority: 5,
  };
}
