import { type AgentJobReference, type AgentStatusName, PEM_CAPABILITIES } from '@certlab/contracts';
import { type AgentApi, isAgentApiError } from '../client/agent-api-client';
import { type AgentLog } from './agent-log';
import {
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  fullJitterBackoffMs,
  jitteredMs,
  type RandomSource,
} from './backoff';
import { type JobRunResult, type SessionHandle } from './job-runner';
import { type Sleep } from './sleep';

/** The longest long poll the protocol allows (PollRequestSchema). */
export const MAX_WAIT_SECONDS = 30;
/** Polls are spread by ±20 % so a fleet restarted together does not poll in lockstep. */
export const POLL_JITTER = 0.2;
/** `--once` gives a server this many tries before giving up (cron runs again anyway). */
export const ONCE_ATTEMPTS = 3;
export const ONCE_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 5_000 };
/** Native, as the vendor numbers agent platforms (renew-reference 4.2). */
const AGENT_PLATFORM_NATIVE = 5;

export interface JobLoopOptions {
  api: AgentApi;
  runJob: (reference: AgentJobReference, session: SessionHandle) => Promise<JobRunResult>;
  log: AgentLog;
  clientMachine: string;
  agentVersion: string;
  pollIntervalSeconds: number;
  /** Register, run the jobs there are now, and return. */
  once: boolean;
  /** Aborted on SIGTERM/SIGINT: take no new job, end waits and polls at once. */
  stop: AbortSignal;
  /** Aborted when the shutdown grace period is over: give up on the current job too. */
  hardStop: AbortSignal;
  random: RandomSource;
  sleep: Sleep;
  now: () => number;
  backoff?: BackoffPolicy;
}

/**
 * - `stopped`: a shutdown was asked for.
 * - `done`: `--once` ran every job there was.
 * - `waiting-approval`: `--once`, and the agent is New: an administrator has to approve it.
 * - `disapproved`: `--once`, and the server refuses this agent.
 * - `failed`: `--once`, and the server could not be reached or refused the agent's calls, or a
 *   job's result could not be reported.
 */
export type JobLoopOutcome = 'stopped' | 'done' | 'waiting-approval' | 'disapproved' | 'failed';

export interface JobLoopResult {
  outcome: JobLoopOutcome;
  jobsCompleted: number;
}

interface Session {
  token: string;
  agentId: string;
  status: AgentStatusName;
  heartbeatMinutes: number;
}

/**
 * The agent's life: register; while New, poll until approved; then long-poll for jobs and run
 * them one at a time, each to its completion. Server trouble is retried with full-jitter backoff;
 * an unknown session is replaced by registering again. Disapproved agents keep their process and
 * ask again once a heartbeat interval, so that a later approval takes effect without a restart.
 */
export class JobLoop {
  readonly #options: JobLoopOptions;
  #session: Session | undefined;
  /** Kept across sessions, so the server sees one agent coming back, not a new one. */
  #agentId: string | undefined;
  #lastStatus: AgentStatusName | undefined;
  #failures = 0;
  /** Sessions lost in a row: a server that drops every new session must not be hammered. */
  #sessionLosses = 0;
  #jobsCompleted = 0;
  /** `--once`: jobs already tried, so a job the server keeps offering is not tried forever. */
  readonly #tried = new Set<string>();

  constructor(options: JobLoopOptions) {
    this.#options = options;
  }

  async run(): Promise<JobLoopResult> {
    const { stop, once } = this.#options;
    while (!stop.aborted) {
      const started = this.#options.now();
      // Right after registering, poll at once: the long poll is the wait.
      const polling = this.#session !== undefined;
      let jobs: AgentJobReference[];
      try {
        jobs = await this.#nextJobs();
        this.#failures = 0;
      } catch (error) {
        if (stop.aborted) break;
        const giveUp = await this.#afterError(error);
        if (giveUp) return this.#result('failed');
        continue;
      }
      const session = this.#session;
      if (session === undefined) {
        if (this.#sessionLosses > 1) {
          const policy = this.#options.backoff ?? DEFAULT_BACKOFF;
          await this.#options.sleep(
            fullJitterBackoffMs(this.#sessionLosses - 1, policy, this.#options.random),
            stop,
          );
        }
        continue;
      }

      if (session.status !== 'Approved') {
        if (once) {
          return this.#result(session.status === 'New' ? 'waiting-approval' : 'disapproved');
        }
        if (!polling) continue;
        const waitMs =
          session.status === 'Disapproved'
            ? Math.max(session.heartbeatMinutes * 60_000, this.#pollIntervalMs())
            : this.#pollIntervalMs();
        await this.#options.sleep(this.#jittered(waitMs) - this.#since(started), stop);
        continue;
      }

      const fresh = uniqueJobs(jobs).filter((job) => !once || !this.#tried.has(job.JobId));
      if (fresh.length === 0) {
        if (once) return this.#result('done');
        if (!polling) continue;
        // A server that long-polls used up most of the interval already; one that does not, none.
        await this.#options.sleep(
          this.#jittered(this.#pollIntervalMs()) - this.#since(started),
          stop,
        );
        continue;
      }

      let completed = 0;
      let unreported = 0;
      for (const job of fresh) {
        if (stop.aborted) break;
        this.#tried.add(job.JobId);
        const result = await this.#options.runJob(job, this.#sessionHandle());
        if (result === 'completed') completed++;
        if (result === 'unreported') unreported++;
        if (result === 'session-invalid') {
          this.#dropSession('session-invalid');
          break;
        }
      }
      this.#jobsCompleted += completed;
      if (once && unreported > 0) return this.#result('failed');
      // Poll again at once while jobs complete; when none did (all skipped), wait an interval
      // rather than asking in a tight loop for jobs that will be skipped again.
      if (completed === 0 && !once && this.#session !== undefined) {
        await this.#options.sleep(this.#jittered(this.#pollIntervalMs()), stop);
      }
    }
    return this.#result('stopped');
  }

  /** Registers when there is no session, else polls; returns the jobs offered. */
  async #nextJobs(): Promise<AgentJobReference[]> {
    const { api, stop, once } = this.#options;
    if (this.#session === undefined) {
      const session = await this.#register(stop);
      return session.jobs;
    }
    const session = this.#session;
    // A Disapproved agent only checks in; everyone else waits on the server for work.
    const waitSeconds =
      once || session.status === 'Disapproved'
        ? 0
        : Math.min(this.#options.pollIntervalSeconds, MAX_WAIT_SECONDS);
    try {
      const poll = await api.poll({ SessionToken: session.token, WaitSeconds: waitSeconds }, stop);
      if (!poll.SessionValid) {
        this.#dropSession('session-invalid');
        return [];
      }
      this.#sessionLosses = 0;
      session.heartbeatMinutes = poll.HeartbeatInterval;
      this.#setStatus(session, poll.Status);
      return poll.Jobs;
    } catch (error) {
      // 401/403 on a poll: the server forgot or revoked the session; a new one may be granted.
      if (
        isAgentApiError(error) &&
        error.kind === 'http' &&
        (error.status === 401 || error.status === 403)
      ) {
        this.#dropSession('session-rejected', error.message);
        return [];
      }
      throw error;
    }
  }

  async #register(signal: AbortSignal): Promise<Session & { jobs: AgentJobReference[] }> {
    const { api, clientMachine, agentVersion } = this.#options;
    const response = await api.register(
      {
        ClientMachine: clientMachine,
        AgentPlatform: AGENT_PLATFORM_NATIVE,
        Capabilities: [...PEM_CAPABILITIES],
        AgentVersion: agentVersion,
        ...(this.#agentId === undefined ? {} : { AgentId: this.#agentId }),
      },
      signal,
    );
    const { Session } = response;
    const session: Session = {
      token: Session.Token,
      agentId: Session.AgentId,
      status: Session.Status,
      heartbeatMinutes: Session.HeartbeatInterval,
    };
    this.#agentId = Session.AgentId;
    this.#session = session;
    this.#options.log.info('registered', {
      agentId: Session.AgentId,
      clientMachine: Session.ClientMachine || clientMachine,
      status: Session.Status,
      heartbeatMinutes: Session.HeartbeatInterval,
      jobs: Session.Jobs.length,
    });
    this.#setStatus(session, Session.Status);
    return { ...session, jobs: Session.Status === 'Approved' ? Session.Jobs : [] };
  }

  /** Records the agent's status and says so once when it changes, not at every poll. */
  #setStatus(session: Session, status: AgentStatusName): void {
    session.status = status;
    if (status === this.#lastStatus) return;
    this.#lastStatus = status;
    const { log } = this.#options;
    switch (status) {
      case 'New':
        log.info('waiting-for-approval', {
          agentId: session.agentId,
          hint: 'approve this agent on the server; it runs no jobs until then',
        });
        break;
      case 'Approved':
        log.info('approved', { agentId: session.agentId });
        break;
      case 'Disapproved':
        log.warn('disapproved', {
          agentId: session.agentId,
          hint: `the server refuses this agent; no jobs will run. Checking again every ${session.heartbeatMinutes} min`,
        });
        break;
    }
  }

  /** Forgets the session; the next round registers again (keeping the agent id). */
  #dropSession(event: string, error?: string): void {
    this.#options.log.warn(event, { agentId: this.#agentId, error });
    this.#session = undefined;
    this.#sessionLosses++;
  }

  /** Handles a failed register or poll; true when `--once` should give up. */
  async #afterError(error: unknown): Promise<boolean> {
    if (!isAgentApiError(error)) throw error;
    const { once, log, random, stop } = this.#options;
    this.#failures++;
    if (once && (!error.retryable || this.#failures >= ONCE_ATTEMPTS)) {
      log.warn('server-error', { error: error.message, attempt: this.#failures, retry: false });
      return true;
    }
    const policy = once ? ONCE_BACKOFF : (this.#options.backoff ?? DEFAULT_BACKOFF);
    // A 4xx will not fix itself soon (wrong credentials, agent refused): wait the longest delay.
    const delayMs = error.retryable
      ? fullJitterBackoffMs(this.#failures, policy, random)
      : policy.capMs;
    log.warn('server-error', { error: error.message, attempt: this.#failures, retryInMs: delayMs });
    await this.#options.sleep(delayMs, stop);
    return false;
  }

  #sessionHandle(): SessionHandle {
    const token = this.#session?.token ?? '';
    return {
      token,
      renew: async () => {
        try {
          return (await this.#register(this.#options.hardStop)).token;
        } catch (error) {
          if (!isAgentApiError(error)) throw error;
          this.#options.log.warn('server-error', { error: error.message });
          return undefined;
        }
      },
    };
  }

  #pollIntervalMs(): number {
    return this.#options.pollIntervalSeconds * 1_000;
  }

  #jittered(ms: number): number {
    return jitteredMs(ms, POLL_JITTER, this.#options.random);
  }

  #since(started: number): number {
    return this.#options.now() - started;
  }

  #result(outcome: JobLoopOutcome): JobLoopResult {
    return { outcome, jobsCompleted: this.#jobsCompleted };
  }
}

/** The same job listed twice is run once. */
function uniqueJobs(jobs: readonly AgentJobReference[]): AgentJobReference[] {
  const seen = new Set<string>();
  return jobs.filter((job) => !seen.has(job.JobId) && seen.add(job.JobId));
}
