import {
  type AgentJobReference,
  type CompleteJobRequest,
  type InventoryJobConfiguration,
  JobCompletionStatus,
  type ManagementJobConfiguration,
} from '@certlab/contracts';
import { type AgentApi, AgentApiError } from '../client/agent-api-client';
import { type JobOutcome } from '../jobs/job-context';
import { type LogFields } from './agent-log';
import { type JobHandlers, JobRunner, type SessionHandle } from './job-runner';

const JOB_ID = '6f1c2a7e-0b3d-4c55-9a10-1f2e3d4c5b6a';
const TOKEN = 'session-token-0123456789';
const REFERENCE: AgentJobReference = {
  JobId: JOB_ID,
  JobType: 'Management',
  Capability: 'CertStores.RFPEM.Management',
  ConfigurationEndpoint: '/KeyfactorAgents/Management/Configuration',
  CompletionEndpoint: '/KeyfactorAgents/Jobs/Complete',
  Priority: 5,
};
const STORE = {
  ClientMachine: 'web01',
  StorePath: '/etc/ssl/web01.pem',
  StorePassword: null,
  Properties: '{}',
  Type: 'RFPEM',
};

function managementJob(
  overrides: Partial<ManagementJobConfiguration> = {},
): ManagementJobConfiguration {
  return {
    Result: { Status: 1 },
    JobId: JOB_ID,
    JobCancelled: false,
    OperationType: 2,
    Overwrite: true,
    JobCertificate: {
      Thumbprint: '',
      Contents: 'AAAA',
      Alias: '',
      PrivateKeyPassword: 'secret-pfx-password',
    },
    CertificateStoreDetails: STORE,
    LastInventory: [],
    LeaseSeconds: 300,
    ...overrides,
  };
}

const http = (status: number, errorCode?: string) =>
  new AgentApiError('http', `HTTP ${status}`, {
    endpoint: '/KeyfactorAgents/x',
    status,
    ...(errorCode ? { errorCode } : {}),
  });

/** Answers each call with the next scripted result. */
class FakeApi implements AgentApi {
  readonly completions: CompleteJobRequest[] = [];
  configuration: (ManagementJobConfiguration | AgentApiError)[] = [managementJob()];
  inventoryConfiguration: InventoryJobConfiguration = {
    Result: { Status: 1 },
    JobId: JOB_ID,
    JobCancelled: false,
    CertificateStoreDetails: STORE,
    LastInventory: [],
    LeaseSeconds: 300,
  };
  completionAnswers: (AgentApiError | undefined)[] = [];

  register(): never {
    throw new Error('not used');
  }

  poll(): never {
    throw new Error('not used');
  }

  fetchManagementJob(): Promise<ManagementJobConfiguration> {
    const next = this.configuration.shift() ?? managementJob();
    return next instanceof AgentApiError ? Promise.reject(next) : Promise.resolve(next);
  }

  fetchInventoryJob(): Promise<InventoryJobConfiguration> {
    return Promise.resolve(this.inventoryConfiguration);
  }

  completeJob(_endpoint: string, request: CompleteJobRequest) {
    this.completions.push(request);
    const error = this.completionAnswers.shift();
    return error ? Promise.reject(error) : Promise.resolve({ Result: { Status: 1 } });
  }
}

const SUCCESS: JobOutcome = {
  operation: 'Add',
  status: JobCompletionStatus.Success,
  message: 'Site /etc/ssl/web01.pem on server web01: certificate AB added',
  inventory: [],
};

function setup(handlers: Partial<JobHandlers> = {}) {
  const api = new FakeApi();
  const lines: { level: string; event: string; fields: LogFields | undefined }[] = [];
  const sleeps: number[] = [];
  const handled: string[] = [];
  const runner = new JobRunner({
    api,
    clientMachine: 'agent-machine',
    handlers: {
      management: (config) => {
        handled.push(`management ${config.OperationType}`);
        return Promise.resolve(SUCCESS);
      },
      inventory: () => {
        handled.push('inventory');
        return Promise.resolve({ ...SUCCESS, operation: 'Inventory' });
      },
      ...handlers,
    },
    log: {
      info: (event, fields) => lines.push({ level: 'info', event, fields }),
      warn: (event, fields) => lines.push({ level: 'warn', event, fields }),
    },
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve(true);
    },
    now: () => 1_000,
    hardStop: new AbortController().signal,
  });
  const renewals: number[] = [];
  const session: SessionHandle = {
    token: TOKEN,
    renew: () => {
      renewals.push(1);
      return Promise.resolve('renewed-session-token-0123');
    },
  };
  const jobLines = () => lines.filter((line) => line.event === 'job').map((line) => line.fields);
  return { api, runner, session, sleeps, handled, renewals, lines, jobLines };
}

describe('JobRunner', () => {
  it('claims, runs and completes a job, and writes one log line for it', async () => {
    const t = setup();

    expect(await t.runner.run(REFERENCE, t.session)).toBe('completed');
    expect(t.handled).toEqual(['management 2']);
    expect(t.api.completions).toEqual([
      { SessionToken: TOKEN, JobId: JOB_ID, Status: 2, Message: SUCCESS.message, Inventory: [] },
    ]);
    expect(t.jobLines()).toEqual([
      {
        id: JOB_ID,
        op: 'Add',
        store: '/etc/ssl/web01.pem',
        status: 'Success',
        ms: 0,
        reported: true,
        message: SUCCESS.message,
      },
    ]);
    expect(JSON.stringify(t.lines)).not.toContain('secret-pfx-password');
  });

  it('sends inventory jobs to the inventory handler', async () => {
    const t = setup();

    await t.runner.run({ ...REFERENCE, JobType: 'Inventory' }, t.session);

    expect(t.handled).toEqual(['inventory']);
    expect(t.jobLines()[0]).toMatchObject({ op: 'Inventory', status: 'Success' });
  });

  it.each([
    [409, 'JOB_CLAIMED', /^claimed by someone else \(HTTP 409 JOB_CLAIMED\)$/],
    [403, undefined, /^not this agent's job \(HTTP 403\)$/],
    [404, undefined, /^no longer on the server/],
    [400, 'BAD_REQUEST', /^configuration not fetched: HTTP 400$/],
  ])(
    'skips a job whose configuration answers %i, completing nothing',
    async (status, code, message) => {
      const t = setup();
      t.api.configuration = [http(status, code)];

      expect(await t.runner.run(REFERENCE, t.session)).toBe('skipped');
      expect(t.handled).toEqual([]);
      expect(t.api.completions).toEqual([]);
      expect(t.jobLines()).toEqual([
        expect.objectContaining({ status: 'Skipped', message: expect.stringMatching(message) }),
      ]);
    },
  );

  it('hands a 401 on the configuration back to the loop, to register again', async () => {
    const t = setup();
    t.api.configuration = [http(401)];

    expect(await t.runner.run(REFERENCE, t.session)).toBe('session-invalid');
  });

  it('retries a configuration fetch after a 5xx, then runs the job', async () => {
    const t = setup();
    t.api.configuration = [http(503), managementJob()];

    expect(await t.runner.run(REFERENCE, t.session)).toBe('completed');
    expect(t.sleeps).toEqual([500]);
  });

  it('does not run a job cancelled on the server, nor one of an unknown type', async () => {
    const t = setup();
    t.api.configuration = [managementJob({ JobCancelled: true })];

    expect(await t.runner.run(REFERENCE, t.session)).toBe('skipped');
    expect(
      await t.runner.run(
        { ...REFERENCE, JobType: 'Reenrollment' as AgentJobReference['JobType'] },
        t.session,
      ),
    ).toBe('skipped');
    expect(t.handled).toEqual([]);
    expect(t.jobLines().map((line) => [line?.status, line?.message])).toEqual([
      ['Cancelled', 'cancelled on the server'],
      ['Skipped', 'job type "Reenrollment" is not supported by this agent'],
    ]);
  });

  it('reports a handler bug as a Failure without its details, which stay in the log', async () => {
    const t = setup({
      management: () => Promise.reject(new TypeError('cannot read x of undefined')),
    });

    expect(await t.runner.run(REFERENCE, t.session)).toBe('completed');
    expect(t.api.completions[0]).toMatchObject({
      Status: 4,
      Message:
        "Site /etc/ssl/web01.pem on server web01: Failure: unexpected agent error (TypeError); see the agent's log",
    });
    expect(t.lines.find((line) => line.event === 'job-error')?.fields?.error).toContain(
      'cannot read x of undefined',
    );
  });

  it('retries a completion through server trouble with backoff', async () => {
    const t = setup();
    t.api.completionAnswers = [http(502), http(500)];

    expect(await t.runner.run(REFERENCE, t.session)).toBe('completed');
    expect(t.api.completions).toHaveLength(3);
    expect(t.sleeps).toEqual([500, 1_000]);
  });

  it('registers again and reports with the new session when the old one expired during the job', async () => {
    const t = setup();
    t.api.completionAnswers = [http(401)];

    expect(await t.runner.run(REFERENCE, t.session)).toBe('completed');
    expect(t.renewals).toHaveLength(1);
    expect(t.api.completions.map((c) => c.SessionToken)).toEqual([
      TOKEN,
      'renewed-session-token-0123',
    ]);
  });

  it('gives up on a completion the server refuses, and says so', async () => {
    const t = setup();
    t.api.completionAnswers = [http(409, 'LEASE_LOST')];

    expect(await t.runner.run(REFERENCE, t.session)).toBe('unreported');
    expect(t.jobLines()[0]).toMatchObject({ status: 'Success', reported: false });
    expect(t.lines.map((line) => line.event)).toContain('completion-failed');
  });

  it('cuts a message longer than the contract allows', async () => {
    const t = setup({
      management: () => Promise.resolve({ ...SUCCESS, message: 'x'.repeat(10_000) }),
    });

    await t.runner.run(REFERENCE, t.session);

    expect(t.api.completions[0]?.Message).toHaveLength(8_192);
  });
});
