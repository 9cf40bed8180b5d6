import { mkdir, stat } from 'node:fs/promises';
import { AgentApiClient } from './client/agent-api-client';
import { ServerTime } from './client/server-time';
import { type AgentConfig } from './config/agent-config';
import { runPostDeployHook } from './hooks/post-deploy-hooks';
import { runInventoryJob } from './jobs/inventory-job';
import { type JobContext } from './jobs/job-context';
import { runManagementJob } from './jobs/management-job';
import { type AgentLog, createAgentLog } from './poller/agent-log';
import { JobLoop, type JobLoopOutcome } from './poller/job-loop';
import { type JobHandlers, JobRunner } from './poller/job-runner';
import { abortableSleep } from './poller/sleep';
import { PemStore, resolveStorePaths } from './stores';

/** After SIGTERM/SIGINT the current job gets this long to finish (hook included). */
export const SHUTDOWN_GRACE_MS = 20_000;
/** After the grace period, the job is abandoned; if even that hangs, the process exits anyway. */
export const FORCED_EXIT_MS = 10_000;
const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** The bits of `process` the agent touches, so that tests could stand in for them. */
export interface AgentProcess {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

export interface RunAgentOptions {
  config: AgentConfig;
  once: boolean;
  agentVersion: string;
  io: { out: (text: string) => void; err: (text: string) => void };
  /** The agent's environment: hooks inherit it, less the agent's own CERTLAB_AGENT_* settings. */
  env: Readonly<Record<string, string | undefined>>;
  process?: AgentProcess;
  shutdownGraceMs?: number;
}

export interface AgentRunResult {
  outcome: JobLoopOutcome;
  /** A shutdown ran out of grace and abandoned a job. */
  forced: boolean;
}

/** The root is not usable (a file where the directory should be, no permission to create it). */
export class AgentStartupError extends Error {
  override readonly name = 'AgentStartupError';
}

/**
 * Makes sure the root exists. A missing root is created 0700 (the stores below it hold private
 * keys) and the log says so, rather than failing the first job.
 */
export async function prepareRootDir(rootDir: string, log: AgentLog): Promise<void> {
  try {
    const stats = await stat(rootDir);
    if (!stats.isDirectory()) {
      throw new AgentStartupError(`root ${rootDir} exists and is not a directory`);
    }
    return;
  } catch (error) {
    if (error instanceof AgentStartupError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AgentStartupError(`root ${rootDir}: ${(error as Error).message}`);
    }
  }
  try {
    await mkdir(rootDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new AgentStartupError(`cannot create root ${rootDir}: ${(error as Error).message}`);
  }
  log.info('root-created', { root: rootDir, mode: '0700' });
}

/**
 * Composition root: wires the API client, the job handlers, the runner and the loop, and owns
 * shutdown. First SIGTERM/SIGINT: take no new job, end any wait or poll at once, let the current
 * job finish (up to the grace period), report it, return. Second signal, or the grace period over:
 * stop the job's hook and in-flight requests; the store write itself is atomic, so the store holds
 * the old or the new version, and an unreported job returns to the server when its lease ends.
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentRunResult> {
  const { config, once, io, env } = options;
  const proc = options.process ?? process;
  const graceMs = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
  const log = createAgentLog(io);

  await prepareRootDir(config.rootDir, log);
  log.info('agent-starting', {
    version: options.agentVersion,
    server: config.serverUrl,
    clientMachine: config.clientMachine,
    root: config.rootDir,
    pollIntervalSeconds: config.pollIntervalSeconds,
    hooks: config.hooks.length,
    username: config.username,
    password: config.password === undefined ? 'none' : 'set',
    mode: once ? 'once' : 'loop',
  });

  const stop = new AbortController();
  const hardStop = new AbortController();
  let forced = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const abandon = (reason: string) => {
    if (hardStop.signal.aborted) return;
    forced = true;
    log.warn('shutdown-forced', { reason });
    hardStop.abort();
    // Last resort: nothing the agent awaits should outlive the abort, but if it does, leave.
    setTimeout(() => proc.exit(1), FORCED_EXIT_MS).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      abandon(`second ${signal}`);
      return;
    }
    log.info('shutdown', {
      signal,
      graceSeconds: graceMs / 1000,
      hint: 'finishing the current job, if any; send the signal again to stop at once',
    });
    stop.abort();
    graceTimer = setTimeout(() => abandon('grace period over'), graceMs);
  };
  for (const signal of SHUTDOWN_SIGNALS) proc.on(signal, onSignal);

  try {
    // The server's clock, from every answer: delivered certificates must be valid by it.
    const serverTime = new ServerTime();
    const api = new AgentApiClient({
      serverUrl: config.serverUrl,
      username: config.username,
      password: config.password,
      serverTime,
    });
    const context = (jobId: string): JobContext => ({
      jobId,
      rootDir: config.rootDir,
      clientMachine: config.clientMachine,
      hooks: config.hooks,
      openStore: (location) => new PemStore(location, { backup: true }),
      resolveStoreFiles: resolveStorePaths,
      runHook: (hook, hookEnv) => runPostDeployHook(hook, hookEnv, { signal: hardStop.signal }),
      environment: env,
      serverNow: () => serverTime.now(),
    });
    const handlers: JobHandlers = {
      management: (job) => runManagementJob(job, context(job.JobId)),
      inventory: (job) => runInventoryJob(job, context(job.JobId)),
    };
    const shared = {
      log,
      random: Math.random,
      sleep: abortableSleep,
      now: Date.now,
      hardStop: hardStop.signal,
    };
    const runner = new JobRunner({
      api,
      handlers,
      clientMachine: config.clientMachine,
      ...shared,
    });
    const loop = new JobLoop({
      api,
      runJob: (job, session) => runner.run(job, session),
      clientMachine: config.clientMachine,
      agentVersion: options.agentVersion,
      pollIntervalSeconds: config.pollIntervalSeconds,
      once,
      stop: stop.signal,
      ...shared,
    });
    const result = await loop.run();
    log.info('agent-stopped', { outcome: result.outcome, jobsCompleted: result.jobsCompleted });
    return { outcome: result.outcome, forced };
  } finally {
    if (graceTimer) clearTimeout(graceTimer);
    for (const signal of SHUTDOWN_SIGNALS) proc.off(signal, onSignal);
  }
}
