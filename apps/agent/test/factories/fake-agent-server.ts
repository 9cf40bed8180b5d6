import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  type AgentJobReference,
  type AgentStatusName,
  type CompleteJobRequest,
  type InventoryJobConfiguration,
  type ManagementJobConfiguration,
} from '@certlab/contracts';

/** One job the fake server hands out. */
export interface FakeJob {
  reference: AgentJobReference;
  configuration: ManagementJobConfiguration | InventoryJobConfiguration;
  /** Answer the configuration request with this error status instead (409: claimed elsewhere). */
  configurationError?: { status: number; errorCode: string };
  claimed?: boolean;
}

export interface SeenRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/**
 * A stand-in for the certlab server's `/KeyfactorAgents` API with canned answers: enough protocol
 * (sessions, job claims, completions, optional long polls) to drive the real agent binary.
 */
export class FakeAgentServer {
  status: AgentStatusName = 'Approved';
  /** How long a poll with no job waits before answering (a long poll), at most WaitSeconds. */
  holdPollsMs = 0;
  /** When set, every answer carries `X-Certlab-Time`: real time plus this, as a lab clock would. */
  clockAheadMs: number | undefined;
  readonly jobs: FakeJob[] = [];
  readonly completions: CompleteJobRequest[] = [];
  readonly requests: SeenRequest[] = [];
  readonly agentId = randomUUID();
  #tokens = new Set<string>();
  #server: Server | undefined;
  #completionWaiters: (() => void)[] = [];
  readonly #heldPolls = new Set<NodeJS.Timeout>();

  constructor(private readonly credentials: { username: string; password: string }) {}

  async start(): Promise<string> {
    this.#server = createServer((req, res) => this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.#heldPolls) clearTimeout(timer);
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  /** Adds a job with conventional endpoints and returns its id. */
  addJob(
    configuration:
      Omit<ManagementJobConfiguration, 'JobId'> | Omit<InventoryJobConfiguration, 'JobId'>,
    options: Pick<FakeJob, 'configurationError'> = {},
  ): string {
    const jobId = randomUUID();
    const jobType = 'OperationType' in configuration ? 'Management' : 'Inventory';
    this.jobs.push({
      reference: {
        JobId: jobId,
        JobType: jobType,
        Capability: `CertStores.RFPEM.${jobType}`,
        ConfigurationEndpoint: `/KeyfactorAgents/${jobType}/Configuration`,
        CompletionEndpoint: '/KeyfactorAgents/Jobs/Complete',
        Priority: 5,
      },
      configuration: { ...configuration, JobId: jobId },
      ...options,
    });
    return jobId;
  }

  /** Resolves once `count` completions arrived. */
  async waitForCompletions(count: number): Promise<void> {
    while (this.completions.length < count) {
      await new Promise<void>((resolve) => this.#completionWaiters.push(resolve));
    }
  }

  #offered(): AgentJobReference[] {
    return this.status === 'Approved'
      ? this.jobs.filter((job) => !job.claimed).map((job) => job.reference)
      : [];
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
        string,
        unknown
      >;
      const path = req.url ?? '';
      if (this.clockAheadMs !== undefined)
        res.setHeader('X-Certlab-Time', new Date(Date.now() + this.clockAheadMs).toISOString());
      this.requests.push({ path, authorization: req.headers.authorization, body });
      const expected = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
      if (req.method !== 'POST' || req.headers.authorization !== expected) {
        send(res, 401, { ErrorCode: 'UNAUTHORIZED', Message: 'Bad credentials' });
        return;
      }
      this.#route(path, body, res);
    });
  }

  #route(path: string, body: Record<string, unknown>, res: ServerResponse): void {
    if (path === '/KeyfactorAgents/Session/Register') {
      const token = `session-${randomUUID()}`;
      this.#tokens.add(token);
      send(res, 200, {
        Result: { Status: 1 },
        Session: {
          Token: token,
          AgentId: this.agentId,
          ClientMachine: body.ClientMachine,
          Status: this.status,
          HeartbeatInterval: 0.05,
          Jobs: this.#offered(),
        },
      });
      return;
    }
    const token = String(body.SessionToken);
    if (!this.#tokens.has(token)) {
      send(res, 401, { ErrorCode: 'SESSION_INVALID', Message: 'Unknown session' });
      return;
    }
    if (path === '/KeyfactorAgents/Jobs/Poll') {
      const answer = () =>
        send(res, 200, {
          Result: { Status: 1 },
          Status: this.status,
          SessionValid: true,
          HeartbeatInterval: 0.05,
          Jobs: this.#offered(),
        });
      const holdMs = Math.min(this.holdPollsMs, Number(body.WaitSeconds ?? 0) * 1000);
      if (this.#offered().length === 0 && holdMs > 0) {
        // Answer when the wait is over, or as soon as a job is added (as a real long poll would).
        const timer = setInterval(() => {
          if (this.#offered().length > 0 || Date.now() >= until) {
            clearInterval(timer);
            this.#heldPolls.delete(timer);
            answer();
          }
        }, 20);
        const until = Date.now() + holdMs;
        this.#heldPolls.add(timer);
      } else {
        answer();
      }
      return;
    }
    const job = this.jobs.find((candidate) => candidate.reference.JobId === body.JobId);
    if (path.endsWith('/Configuration')) {
      if (!job) {
        send(res, 404, { ErrorCode: 'JOB_NOT_FOUND', Message: 'No such job' });
      } else if (job.configurationError) {
        send(res, job.configurationError.status, {
          ErrorCode: job.configurationError.errorCode,
          Message: 'Job is leased by another attempt',
        });
      } else {
        job.claimed = true;
        send(res, 200, job.configuration);
      }
      return;
    }
    if (path === '/KeyfactorAgents/Jobs/Complete') {
      this.completions.push(body as unknown as CompleteJobRequest);
      for (const wake of this.#completionWaiters.splice(0)) wake();
      send(res, 200, { Result: { Status: 1 } });
      return;
    }
    send(res, 404, { ErrorCode: 'NOT_FOUND', Message: path });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
