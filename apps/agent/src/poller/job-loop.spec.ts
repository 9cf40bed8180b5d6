import {
  type AgentJobReference,
  type AgentStatusName,
  type PollRequest,
  type PollResponse,
  type RegisterRequest,
  type RegisterResponse,
} from '@certlab/contracts';
import { type AgentApi, AgentApiError } from '../client/agent-api-client';
import { type AgentLog, type LogFields } from './agent-log';
import { JobLoop, type JobLoopOptions } from './job-loop';
import { type JobRunResult, type SessionHandle } from './job-runner';

const AGENT_ID = 'c0ffee00-0000-4000-8000-000000000001';

function jobRef(n: number): AgentJobReference {
  return {
    JobId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    JobType: 'Management',
    Capability: 'CertStores.RFPEM.Management',
    ConfigurationEndpoint: '/KeyfactorAgents/Management/Configuration',
    CompletionEndpoint: '/KeyfactorAgents/Jobs/Complete',
    Priority: 5,
  };
}

type Answer<T> = T | AgentApiError | ((request: unknown) => T | AgentApiError);

const httpError = (status: number) =>
  new AgentApiError('http', `HTTP ${status}`, { endpoint: '/KeyfactorAgents/x', status });
const networkError = () =>
  new AgentApiError('network', 'ECONNREFUSED', { endpoint: '/KeyfactorAgents/x' });

/** A scripted server: each call takes the next answer; when the script runs out, the loop is stopped. */
class ScriptedServer implements AgentApi {
  readonly registers: RegisterRequest[] = [];
  readonly polls: PollRequest[] = [];
  readonly stop = new AbortController();
  /** Milliseconds each poll takes (a long-polling server holds the request). */
  pollDurationMs = 0;
  time = 0;

  constructor(
    private readonly registerAnswers: Answer<RegisterResponse>[],
    private readonly pollAnswers: Answer<PollResponse>[],
  ) {}

  register(request: RegisterRequest): Promise<RegisterResponse> {
    this.registers.push(request);
    return this.#next(this.registerAnswers, request);
  }

  poll(request: PollRequest): Promise<PollResponse> {
    this.polls.push(request);
    this.time += this.pollDurationMs;
    return this.#next(this.pollAnswers, request);
  }

  fetchManagementJob(): never {
    throw new Error('the loop does not fetch jobs itself');
  }

  fetchInventoryJob(): never {
    throw new Error('the loop does not fetch jobs itself');
  }

  completeJob(): never {
    throw new Error('the loop does not complete jobs itself');
  }

  #next<T>(answers: Answer<T>[], request: unknown): Promise<T> {
    const answer = answers.shift();
    if (answer === undefined) {
      this.stop.abort();
      return Promise.reject(new AgentApiError('aborted', 'script over', { endpoint: 'x' }));
    }
    const value =
      typeof answer === 'function'
        ? (answer as (r: unknown) => T | AgentApiError)(request)
        : answer;
    return value instanceof AgentApiError ? Promise.reject(value) : Promise.resolve(value);
  }
}

function registered(
  status: AgentStatusName,
  jobs: AgentJobReference[] = [],
  heartbeat = 5,
): RegisterResponse {
  return {
    Result: { Status: 1 },
    Session: {
      Token: `token-${status}-${'x'.repeat(16)}`,
      AgentId: AGENT_ID,
      ClientMachine: 'web01',
      Status: status,
      HeartbeatInterval: heartbeat,
      Jobs: jobs,
    },
  };
}

function polled(
  status: AgentStatusName,
  jobs: AgentJobReference[] = [],
  sessionValid = true,
  heartbeat = 5,
): PollResponse {
  return {
    Result: { Status: 1 },
    Status: status,
    SessionValid: sessionValid,
    HeartbeatInterval: heartbeat,
    Jobs: jobs,
  };
}

interface Harness {
  server: ScriptedServer;
  loop: JobLoop;
  sleeps: number[];
  ran: string[];
  events: { event: string; fields: LogFields | undefined }[];
}

function harness(
  server: ScriptedServer,
  options: Partial<JobLoopOptions> & { results?: JobRunResult[] } = {},
): Harness {
  const sleeps: number[] = [];
  const ran: string[] = [];
  const events: Harness['events'] = [];
  const log: AgentLog = {
    info: (event, fields) => events.push({ event, fields }),
    warn: (event, fields) => events.push({ event, fields }),
  };
  const results = options.results ?? [];
  const loop = new JobLoop({
    api: server,
    runJob: (job: AgentJobReference, _session: SessionHandle) => {
      ran.push(job.JobId);
      return Promise.resolve(results.shift() ?? 'completed');
    },
    log,
    clientMachine: 'web01',
    agentVersion: '0.1.0',
    pollIntervalSeconds: 10,
    once: false,
    stop: server.stop.signal,
    hardStop: new AbortController().signal,
    random: () => 0.5,
    sleep: (ms, signal) => {
      sleeps.push(Math.max(0, ms));
      server.time += Math.max(0, ms);
      return Promise.resolve(!signal?.aborted);
    },
    now: () => server.time,
    ...options,
  });
  return { server, loop, sleeps, ran, events };
}

describe('JobLoop', () => {
  it('registers with the PEM capabilities, waits while New, runs jobs once approved', async () => {
    const h = harness(
      new ScriptedServer(
        [registered('New')],
        [
          polled('New'),
          polled('New'),
          polled('Approved', [jobRef(1), jobRef(2)]),
          polled('Approved'),
        ],
      ),
    );

    const result = await h.loop.run();

    expect(result).toEqual({ outcome: 'stopped', jobsCompleted: 2 });
    expect(h.server.registers).toEqual([
      {
        ClientMachine: 'web01',
        AgentPlatform: 5,
        Capabilities: ['CertStores.RFPEM.Inventory', 'CertStores.RFPEM.Management'],
        AgentVersion: '0.1.0',
      },
    ]);
    expect(h.ran).toEqual([jobRef(1).JobId, jobRef(2).JobId]);
    // New and approved are said once each, not at every poll.
    expect(
      h.events.map((e) => e.event).filter((e) => e === 'waiting-for-approval' || e === 'approved'),
    ).toEqual(['waiting-for-approval', 'approved']);
  });

  it('long-polls for min(poll interval, 30) seconds and sleeps only what the server did not wait', async () => {
    const server = new ScriptedServer(
      [registered('Approved')],
      [polled('Approved'), polled('Approved')],
    );
    server.pollDurationMs = 10_000; // the server held each poll for the full wait
    const h = harness(server, { pollIntervalSeconds: 10 });

    await h.loop.run();

    expect(h.server.polls.map((p) => p.WaitSeconds)).toEqual([10, 10, 10]);
    // The first poll follows registration at once; after a poll the server held, no sleep.
    expect(h.sleeps).toEqual([0, 0]);
  });

  it('caps the long poll at 30 s for long intervals, and sleeps the rest between polls', async () => {
    const server = new ScriptedServer([registered('Approved')], [polled('Approved')]);
    server.pollDurationMs = 30_000;
    const h = harness(server, { pollIntervalSeconds: 300, random: () => 0 });

    await h.loop.run();

    expect(h.server.polls[0]?.WaitSeconds).toBe(30);
    // 300 s less 20 % jitter (random 0), less the 30 s the server held the poll.
    expect(h.sleeps).toEqual([210_000]);
  });

  it('keeps polling without a pause while jobs complete, and pauses when every job was skipped', async () => {
    const h = harness(
      new ScriptedServer(
        [registered('Approved', [jobRef(1)])],
        [polled('Approved', [jobRef(2)]), polled('Approved', [jobRef(3)]), polled('Approved')],
      ),
      { results: ['completed', 'completed', 'skipped'] },
    );

    await h.loop.run();

    expect(h.ran).toHaveLength(3);
    // No sleep after the completed jobs; one interval after the skipped one and the empty poll.
    expect(h.sleeps).toEqual([10_000, 10_000]);
  });

  it('registers again, with the same AgentId, when the session is no longer valid', async () => {
    const h = harness(
      new ScriptedServer(
        [registered('Approved'), registered('Approved'), registered('Approved')],
        [polled('Approved', [], false), httpError(401)],
      ),
    );

    await h.loop.run();

    expect(h.server.registers.map((r) => r.AgentId)).toEqual([undefined, AGENT_ID, AGENT_ID]);
    expect(h.events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['session-invalid', 'session-rejected']),
    );
  });

  it('registers again when a job reports the session invalid', async () => {
    const h = harness(
      new ScriptedServer(
        [registered('Approved', [jobRef(1), jobRef(2)]), registered('Approved')],
        [],
      ),
      {
        results: ['session-invalid'],
      },
    );

    await h.loop.run();

    expect(h.ran).toEqual([jobRef(1).JobId]);
    expect(h.server.registers).toHaveLength(2);
  });

  it('backs off with full jitter on server errors and resets after a success', async () => {
    const h = harness(
      new ScriptedServer(
        [networkError(), httpError(503), networkError(), registered('Approved')],
        [networkError()],
      ),
      { random: () => 0.5 },
    );

    await h.loop.run();

    // Half of 1 s, 2 s, 4 s; then a fresh count after the successful registration.
    expect(h.sleeps).toEqual([500, 1_000, 2_000, 500]);
  });

  it('waits the longest delay after a 4xx it cannot fix (wrong credentials)', async () => {
    const h = harness(new ScriptedServer([httpError(401)], []), { random: () => 0.5 });

    await h.loop.run();

    expect(h.sleeps).toEqual([30_000]);
  });

  it('keeps a Disapproved agent running, checking in once a heartbeat interval without a long poll', async () => {
    const h = harness(
      new ScriptedServer([registered('Disapproved', [], 2)], [polled('Disapproved', [], true, 2)]),
    );

    const result = await h.loop.run();

    expect(result.outcome).toBe('stopped');
    expect(h.server.polls[0]?.WaitSeconds).toBe(0);
    expect(h.sleeps).toEqual([120_000]);
    expect(h.events.find((e) => e.event === 'disapproved')?.fields?.hint).toMatch(/every 2 min/);
  });

  it('stops at once when asked, without running the rest of the batch', async () => {
    const server = new ScriptedServer([registered('Approved', [jobRef(1), jobRef(2)])], []);
    const ran: string[] = [];
    const h = harness(server, {
      runJob: (job) => {
        ran.push(job.JobId);
        server.stop.abort();
        return Promise.resolve('completed');
      },
    });

    expect(await h.loop.run()).toEqual({ outcome: 'stopped', jobsCompleted: 1 });
    expect(ran).toEqual([jobRef(1).JobId]);
  });

  describe('--once', () => {
    it('runs the jobs there are, polls once more without waiting, and is done', async () => {
      const h = harness(
        new ScriptedServer(
          [registered('Approved', [jobRef(1)])],
          [polled('Approved', [jobRef(1), jobRef(2)]), polled('Approved', [jobRef(2)])],
        ),
        { once: true, results: ['completed', 'skipped'] },
      );

      expect(await h.loop.run()).toEqual({ outcome: 'done', jobsCompleted: 1 });
      // Job 1 offered again is not run twice; nor job 2, which was skipped.
      expect(h.ran).toEqual([jobRef(1).JobId, jobRef(2).JobId]);
      expect(h.server.polls.map((p) => p.WaitSeconds)).toEqual([0, 0]);
      expect(h.sleeps).toEqual([]);
    });

    it.each([
      ['New', 'waiting-approval'],
      ['Disapproved', 'disapproved'],
    ] as const)('ends at once for a %s agent: %s', async (status, outcome) => {
      const h = harness(new ScriptedServer([registered(status)], []), { once: true });

      expect((await h.loop.run()).outcome).toBe(outcome);
      expect(h.server.polls).toEqual([]);
    });

    it('fails after three tries at an unreachable server, backing off briefly', async () => {
      const h = harness(
        new ScriptedServer(
          [networkError(), networkError(), networkError(), registered('Approved')],
          [],
        ),
        {
          once: true,
        },
      );

      expect((await h.loop.run()).outcome).toBe('failed');
      expect(h.sleeps).toEqual([250, 500]);
    });

    it('fails at once on a refusal (4xx)', async () => {
      const h = harness(new ScriptedServer([httpError(403)], []), { once: true });

      expect((await h.loop.run()).outcome).toBe('failed');
      expect(h.sleeps).toEqual([]);
    });

    it('fails when a job result could not be reported', async () => {
      const h = harness(new ScriptedServer([registered('Approved', [jobRef(1)])], []), {
        once: true,
        results: ['unreported'],
      });

      expect((await h.loop.run()).outcome).toBe('failed');
    });
  });
});
