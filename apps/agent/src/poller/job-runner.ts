import {
  type AgentJobReference,
  AgentResultStatus,
  type CompleteJobRequest,
  type InventoryJobConfiguration,
  JobCompletionStatus,
  type ManagementJobConfiguration,
} from '@certlab/contracts';
import { type AgentApi, AgentApiError, isAgentApiError } from '../client/agent-api-client';
import { type JobOutcome, type JobStatus } from '../jobs/job-context';
import { failureMessage, siteOf } from '../jobs/job-messages';
import { operationName } from '../jobs/management-job';
import { type AgentLog } from './agent-log';
import {
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  fullJitterBackoffMs,
  type RandomSource,
} from './backoff';
import { type Sleep } from './sleep';

/** The handlers, one per job type, bound to the agent's context (root, hooks, stores). */
export interface JobHandlers {
  management(config: ManagementJobConfiguration): Promise<JobOutcome>;
  inventory(config: InventoryJobConfiguration): Promise<JobOutcome>;
}

/** The session as a job sees it: the current token, and a way to get a new one if it expired. */
export interface SessionHandle {
  readonly token: string;
  /** Registers again; the new token, or undefined when that failed too. */
  renew(): Promise<string | undefined>;
}

/**
 * - `completed`: the server has the job's result.
 * - `skipped`: not run (claimed elsewhere, not ours, cancelled, unsupported, server trouble); the
 *   server still has it and may offer it again.
 * - `unreported`: run, but the completion never got through; the job comes back when its lease ends.
 * - `session-invalid`: the server no longer knows the session; register again.
 */
export type JobRunResult = 'completed' | 'skipped' | 'unreported' | 'session-invalid';

export interface JobRunnerOptions {
  api: AgentApi;
  /** The agent's machine name, for messages when a job leaves ClientMachine empty. */
  clientMachine: string;
  handlers: JobHandlers;
  log: AgentLog;
  random: RandomSource;
  sleep: Sleep;
  now: () => number;
  /** Aborted when the shutdown grace period has run out: give up on the current job. */
  hardStop: AbortSignal;
  backoff?: BackoffPolicy;
  /** Tries at fetching a configuration (network errors, 5xx) before leaving the job for later. */
  claimAttempts?: number;
  /** Tries at reporting a completion before leaving it to the lease. */
  completionAttempts?: number;
}

/** The completion message limit of the contract (CompleteJobRequestSchema). */
const MAX_MESSAGE_LENGTH = 8_192;

const STATUS_NAMES: Record<JobStatus, string> = {
  [JobCompletionStatus.Success]: 'Success',
  [JobCompletionStatus.Warning]: 'Warning',
  [JobCompletionStatus.Failure]: 'Failure',
};

type Claimed =
  | { kind: 'management'; config: ManagementJobConfiguration }
  | { kind: 'inventory'; config: InventoryJobConfiguration };

/**
 * Runs one job reference to the end: claim it by fetching its configuration, hand it to its
 * handler, report the outcome. Writes one log line per job (`job id=... op=... store=...
 * status=... message=...`), whatever became of it.
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
  }

  async run(reference: AgentJobReference, session: SessionHandle): Promise<JobRunResult> {
    const started = this.#options.now();
    const claim = await this.#claim(reference, session);
    if (claim === 'session-invalid') return claim;
    if ('skip' in claim) {
      this.#logJob(reference.JobId, started, {
        op: reference.JobType,
        status: 'Skipped',
        message: claim.skip,
      });
      return 'skipped';
    }

    const { config } = claim;
    const store = config.CertificateStoreDetails.StorePath;
    const op =
      claim.kind === 'management' ? operationName(claim.config.OperationType) : 'Inventory';
    if (config.JobCancelled) {
      this.#logJob(reference.JobId, started, {
        op,
        store,
        status: 'Cancelled',
        message: 'cancelled on the server',
      });
      return 'skipped';
    }

    const outcome = await this.#work(claim);
    const reported = await this.#complete(reference, session, outcome);
    this.#logJob(reference.JobId, started, {
      op: outcome.operation,
      store,
      status: STATUS_NAMES[outcome.status],
      reported,
      message: outcome.message,
    });
    return reported ? 'completed' : 'unreported';
  }

  async #claim(
    reference: AgentJobReference,
    session: SessionHandle,
  ): Promise<Claimed | { skip: string } | 'session-invalid'> {
    const { api } = this.#options;
    const request = { SessionToken: session.token, JobId: reference.JobId };
    const endpoint = reference.ConfigurationEndpoint;
    // The claim is not cancelled by a shutdown that has only begun: once the server leased the job
    // to us, finishing it beats leaving it to the lease.
    const signal = this.#options.hardStop;
    let claimed: Claimed;
    try {
      // A runtime check: the server may offer job types newer than this agent.
      const jobType: string = reference.JobType;
      switch (jobType) {
        case 'Management':
          claimed = {
            kind: 'management',
            config: await this.#retrying(this.#options.claimAttempts ?? 3, () =>
              api.fetchManagementJob(endpoint, request, signal),
            ),
          };
          break;
        case 'Inventory':
          claimed = {
            kind: 'inventory',
            config: await this.#retrying(this.#options.claimAttempts ?? 3, () =>
              api.fetchInventoryJob(endpoint, request, signal),
            ),
          };
          break;
        default:
          return { skip: `job type ${JSON.stringify(jobType)} is not supported by this agent` };
      }
    } catch (error) {
      if (!isAgentApiError(error)) throw error;
      if (error.kind === 'http') {
        switch (error.status ?? 0) {
          case 401:
            return 'session-invalid';
          case 403:
            return { skip: `not this agent's job (HTTP 403${code(error)})` };
          case 409:
            return { skip: `claimed by someone else (HTTP 409${code(error)})` };
          case 404:
            return { skip: `no longer on the server (HTTP 404${code(error)})` };
          default:
            break;
        }
      }
      return { skip: `configuration not fetched: ${error.message}` };
    }
    if (claimed.config.JobId.toLowerCase() !== reference.JobId.toLowerCase()) {
      return { skip: `the server answered with the configuration of job ${claimed.config.JobId}` };
    }
    if (claimed.config.Result.Status === AgentResultStatus.Error) {
      const detail = claimed.config.Result.Error;
      return {
        skip: `the server reported an error${detail ? `: ${detail.Code} ${detail.Message}` : ''}`,
      };
    }
    return claimed;
  }

  async #work(claim: Claimed): Promise<JobOutcome> {
    try {
      return claim.kind === 'management'
        ? await this.#options.handlers.management(claim.config)
        : await this.#options.handlers.inventory(claim.config);
    } catch (error) {
      // A bug of the agent's: the server hears that much, the details stay in the local log.
      this.#options.log.warn('job-error', {
        id: claim.config.JobId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      return {
        operation:
          claim.kind === 'management' ? operationName(claim.config.OperationType) : 'Inventory',
        status: JobCompletionStatus.Failure,
        message: failureMessage(
          siteOf(claim.config.CertificateStoreDetails, this.#options.clientMachine),
          `unexpected agent error (${error instanceof Error ? error.name : 'unknown'}); see the agent's log`,
        ),
      };
    }
  }

  async #complete(
    reference: AgentJobReference,
    session: SessionHandle,
    outcome: JobOutcome,
  ): Promise<boolean> {
    const { api, log } = this.#options;
    const body = (token: string): CompleteJobRequest => ({
      SessionToken: token,
      JobId: reference.JobId,
      Status: outcome.status,
      Message: truncate(outcome.message, MAX_MESSAGE_LENGTH),
      ...(outcome.inventory ? { Inventory: outcome.inventory } : {}),
    });
    const attempts = this.#options.completionAttempts ?? 5;
    const endpoint = reference.CompletionEndpoint;
    // No abort signal on the request itself: even a job cut short by the end of the shutdown grace
    // is worth one report. The request timeout (and the agent's forced exit) bound it; only the
    // retries stop at the hard stop.
    try {
      await this.#retrying(attempts, () => api.completeJob(endpoint, body(session.token)));
      return true;
    } catch (error) {
      if (!isAgentApiError(error)) throw error;
      // The session expired while the job ran: a new one may still report it (the lease is ours).
      if (error.kind === 'http' && error.status === 401) {
        const token = await session.renew();
        if (token !== undefined) {
          try {
            await this.#retrying(attempts, () => api.completeJob(endpoint, body(token)));
            return true;
          } catch (retryError) {
            if (!isAgentApiError(retryError)) throw retryError;
            log.warn('completion-failed', { id: reference.JobId, error: retryError.message });
            return false;
          }
        }
      }
      log.warn('completion-failed', { id: reference.JobId, error: error.message });
      return false;
    }
  }

  /** Retries network errors and 5xx with full-jitter backoff; anything else is thrown at once. */
  async #retrying<T>(attempts: number, call: () => Promise<T>): Promise<T> {
    const { hardStop, random, sleep, log } = this.#options;
    const policy = this.#options.backoff ?? DEFAULT_BACKOFF;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!isAgentApiError(error) || !error.retryable || attempt >= attempts) throw error;
        const delayMs = fullJitterBackoffMs(attempt, policy, random);
        log.warn('retry', { error: error.message, attempt, retryInMs: delayMs });
        if (!(await sleep(delayMs, hardStop))) {
          throw new AgentApiError('aborted', 'the agent is stopping', error.details);
        }
      }
    }
  }

  #logJob(
    jobId: string,
    started: number,
    fields: { op: string; store?: string; status: string; reported?: boolean; message: string },
  ): void {
    this.#options.log.info('job', {
      id: jobId,
      op: fields.op,
      store: fields.store,
      status: fields.status,
      ms: this.#options.now() - started,
      reported: fields.reported,
      message: fields.message,
    });
  }
}

function code(error: AgentApiError): string {
  return error.errorCode ? ` ${error.errorCode}` : '';
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
