import { EventEmitter, once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/config';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { LiveEvents } from '../live-events/live-events.service';
import { OrchestratorJobEntity } from './orchestrator-job.entity';

/** A job whose claims expired this many times is failed, not offered forever. */
export const MAX_JOB_ATTEMPTS = 5;

const MAX_RETRY_BACKOFF_MS = 30_000;

/** How long a woken long poll waits for more jobs of the same burst before it looks. */
const WAKE_COALESCE_MS = 100;

/** How often abandoned jobs that ran out of attempts are marked Failed. */
const SWEEP_INTERVAL_MS = 5_000;

export type JobOutcome = 'Succeeded' | 'Warning' | 'Failed';

/**
 * The life of an orchestrator job after it is scheduled: offered to the agent of its store's
 * machine, claimed under a lease by exactly one claimant (a conditional UPDATE that one caller
 * wins, on SQLite and PostgreSQL alike), completed by that claimant, or offered again when the
 * lease runs out (an agent that died mid-job), at most MAX_JOB_ATTEMPTS times.
 */
@Injectable()
export class JobLifecycleService {
  /** Wakes long polls when jobs are scheduled in this process; polls also re-check periodically. */
  private readonly scheduled = new EventEmitter().setMaxListeners(0);
  private lastSweep = 0;

  constructor(
    @InjectRepository(OrchestratorJobEntity)
    private readonly jobs: Repository<OrchestratorJobEntity>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: LiveEvents,
  ) {}

  /** Call after a transaction that scheduled jobs has committed. */
  notifyScheduled(): void {
    this.scheduled.emit('jobs');
  }

  /** Jobs this machine's agent may claim now, oldest first. */
  async available(clientMachine: string): Promise<OrchestratorJobEntity[]> {
    const now = this.clock.now().toISOString();
    // A write: not on every poll of every agent, a sweep every few seconds is soon enough.
    // Real time on purpose here: how often to sweep, not what time it is (that is `now`).
    if (Date.now() - this.lastSweep > SWEEP_INTERVAL_MS) {
      this.lastSweep = Date.now();
      await this.failExhausted(now);
    }
    return (
      this.jobs
        .createQueryBuilder('job')
        .innerJoin(CertificateStoreEntity, 'store', 'store.id = job.store_id')
        // Starts from the open jobs (index orchestrator_jobs_open on status, scheduled_for), a
        // few hundred at most, and looks up each one's store: not from the machine's stores,
        // which walked every store of the machine (3.2 ms a poll at 800 stores per machine).
        .where('job.status IN (:...open)', { open: ['Pending', 'InProcess'] })
        .andWhere('job.scheduled_for <= :now', { now })
        .andWhere(claimableNow(now, 'job.'))
        .andWhere('store.client_machine = :clientMachine', { clientMachine })
        .orderBy('job.created_at', 'ASC')
        .addOrderBy('job.id', 'ASC')
        // limit, not take: with a join, take() makes TypeORM page through a DISTINCT subquery over
        // every matching row first, which grew with the job table (1.7 ms a poll at 4,000 jobs).
        .limit(100)
        .getMany()
    );
  }

  /** Long poll: the available jobs, waiting up to `waitSeconds` for some to appear. */
  async waitForJobs(
    clientMachine: string,
    waitSeconds: number,
    signal?: AbortSignal,
  ): Promise<OrchestratorJobEntity[]> {
    // Real time on purpose: how long the agent's request waits, whatever the lab clock reads.
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      const jobs = await this.available(clientMachine);
      const remaining = deadline - Date.now();
      if (jobs.length > 0 || remaining <= 0 || signal?.aborted) return jobs;
      // Another server instance may schedule jobs too: re-check at least once a second.
      const wait = AbortSignal.any([
        AbortSignal.timeout(Math.min(remaining, 1000)),
        ...(signal ? [signal] : []),
      ]);
      const woken = await once(this.scheduled, 'jobs', { signal: wait }).then(
        () => true,
        () => false,
      );
      // Jobs come in bursts (a campaign schedules dozens a second, each for one machine) and each
      // wake-up costs every waiting agent a query: gather the burst first. This thundering herd
      // was most of the server's SQL time in a 2,000-certificate campaign.
      const gather = Math.min(WAKE_COALESCE_MS, deadline - Date.now());
      if (woken && gather > 0) await delay(gather, undefined, { signal }).catch(() => undefined);
    }
  }

  /**
   * Claims the job for the agent; false when someone else holds it or it is not claimable. Should
   * the claimant vanish, the job is offered again after the lease plus a backoff that doubles with
   * every attempt (1 s, 2 s, 4 s…, at most 30 s), so a job that kills its agent cannot spin.
   */
  async claim(jobId: string, agentId: string, previousAttempts: number): Promise<boolean> {
    const now = this.clock.now();
    // The backoff extends the claim rather than delaying the next offer separately: the same
    // column then says both "still claimed" and "not yet offered again", on any database.
    const backoffMs = Math.min(1000 * 2 ** previousAttempts, MAX_RETRY_BACKOFF_MS);
    const leaseUntil = new Date(now.getTime() + this.config.jobLeaseSeconds * 1000 + backoffMs);
    const result = await this.jobs
      .createQueryBuilder()
      .update(OrchestratorJobEntity)
      .set({
        status: 'InProcess',
        claimedBy: agentId,
        claimedAt: now,
        leaseUntil,
        attempts: () => 'attempts + 1',
      })
      .where('id = :jobId', { jobId })
      .andWhere('scheduled_for <= :now', { now: now.toISOString() })
      .andWhere(claimableNow(now.toISOString(), ''))
      .execute();
    return result.affected === 1;
  }

  /** Records the claimant's result; false when the job is not (or no longer) claimed by it. */
  async complete(
    manager: EntityManager,
    jobId: string,
    agentId: string,
    outcome: JobOutcome,
    message: string,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(OrchestratorJobEntity)
      .set({
        status: outcome,
        completedAt: this.clock.now(),
        resultMessage: message,
        leaseUntil: null,
      })
      .where('id = :jobId AND claimed_by = :agentId AND status = :status', {
        jobId,
        agentId,
        status: 'InProcess',
      })
      .execute();
    return result.affected === 1;
  }

  private async failExhausted(now: string): Promise<void> {
    const result = await this.jobs
      .createQueryBuilder()
      .update(OrchestratorJobEntity)
      .set({
        status: 'Failed',
        completedAt: new Date(now),
        resultMessage: `No agent completed the job within its lease ${MAX_JOB_ATTEMPTS} times.`,
      })
      .where('status = :status AND lease_until < :now AND attempts >= :max', {
        status: 'InProcess',
        now,
        max: MAX_JOB_ATTEMPTS,
      })
      .execute();
    if ((result.affected ?? 0) > 0) this.events.publish({ type: 'jobs' });
  }
}

/** Pending, or claimed but abandoned (lease expired) with attempts left. */
function claimableNow(now: string, column: 'job.' | ''): Brackets {
  return new Brackets((where) => {
    where
      .where(`${column}status = :pending`, { pending: 'Pending' })
      .orWhere(
        `(${column}status = :inProcess AND ${column}lease_until < :leaseNow AND ${column}attempts < :maxAttempts)`,
        {
          inProcess: 'InProcess',
          leaseNow: now,
          maxAttempts: MAX_JOB_ATTEMPTS,
        },
      );
  });
}
