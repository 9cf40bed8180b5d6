import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { AgentApiClient, AgentApiError } from './agent-api-client';
import { ServerTime } from './server-time';

const PASSWORD = 'Pa55:with-colon';
const TOKEN = 't'.repeat(32);
const JOB_ID = '6f1c2a7e-0b3d-4c55-9a10-1f2e3d4c5b6a';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

type Handler = (seen: Seen, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let seen: Seen[];

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Seen = {
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
      };
      seen.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

function client(options: { serverUrl?: string; requestTimeoutMs?: number } = {}) {
  return new AgentApiClient({
    serverUrl: options.serverUrl ?? baseUrl,
    username: 'agent-web01',
    password: PASSWORD,
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
  });
}

async function failure(promise: Promise<unknown>): Promise<AgentApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AgentApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const registerAnswer = {
  Result: { Status: 1 },
  Session: {
    Token: TOKEN,
    AgentId: 'c0ffee00-0000-4000-8000-000000000001',
    ClientMachine: 'web01',
    Status: 'Approved',
    HeartbeatInterval: 0.5,
    Jobs: [],
  },
};

describe('AgentApiClient', () => {
  it('POSTs JSON with Basic credentials to /KeyfactorAgents/Session/Register', async () => {
    handler = (_seen, res) => json(res, 200, registerAnswer);

    const answer = await client().register({
      ClientMachine: 'web01',
      AgentPlatform: 5,
      Capabilities: ['CertStores.RFPEM.Management'],
      AgentVersion: '0.1.0',
    });

    expect(answer.Session).toMatchObject({
      Token: TOKEN,
      Status: 'Approved',
      HeartbeatInterval: 0.5,
    });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/KeyfactorAgents/Session/Register',
        authorization: `Basic ${Buffer.from(`agent-web01:${PASSWORD}`).toString('base64')}`,
        contentType: 'application/json',
        body: expect.objectContaining({ ClientMachine: 'web01', AgentPlatform: 5 }),
      },
    ]);
  });

  it('keeps a path prefix of the server URL and fills the vendor defaults of a sparse answer', async () => {
    handler = (_seen, res) =>
      json(res, 200, { Result: { Status: 1, Error: null }, Status: 'New', SessionValid: true });

    const answer = await client({ serverUrl: `${baseUrl}certlab/` }).poll({
      SessionToken: TOKEN,
      WaitSeconds: 0,
    });

    expect(seen[0]?.url).toBe('/certlab/KeyfactorAgents/Jobs/Poll');
    expect(answer).toEqual({
      Result: { Status: 1 },
      Status: 'New',
      SessionValid: true,
      HeartbeatInterval: 5,
      Jobs: [],
    });
  });

  it('reads a management job, with nulls where the vendor leaves them', async () => {
    handler = (_seen, res) =>
      json(res, 200, {
        Result: { Status: 1 },
        JobId: JOB_ID,
        JobCancelled: false,
        OperationType: 3,
        Overwrite: null,
        JobCertificate: { Alias: 'AB', Thumbprint: null, Contents: null, PrivateKeyPassword: null },
        CertificateStoreDetails: {
          ClientMachine: 'web01',
          StorePath: '/etc/ssl/web01.pem',
          StorePassword: null,
          Properties: { IncludesChain: 'true' },
          Type: 105,
        },
        LastInventory: null,
      });

    const job = await client().fetchManagementJob('/KeyfactorAgents/Management/Configuration', {
      SessionToken: TOKEN,
      JobId: JOB_ID,
    });

    expect(job).toMatchObject({
      Overwrite: false,
      JobCertificate: { Alias: 'AB', Thumbprint: '', Contents: '', PrivateKeyPassword: '' },
      CertificateStoreDetails: { Properties: '{"IncludesChain":"true"}', Type: '105' },
      LastInventory: [],
      LeaseSeconds: 0,
    });
    expect(seen[0]?.body).toEqual({ SessionToken: TOKEN, JobId: JOB_ID });
  });

  it("takes the server's time from X-Certlab-Time on every answer, errors included", async () => {
    const serverTime = new ServerTime();
    const api = new AgentApiClient({
      serverUrl: baseUrl,
      username: 'agent-web01',
      password: PASSWORD,
      serverTime,
    });
    const ahead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const poll = { SessionToken: TOKEN, WaitSeconds: 0 };
    handler = (_seen, res) => {
      res.setHeader('X-Certlab-Time', ahead(60));
      json(res, 200, { Result: { Status: 1 }, Status: 'Approved', SessionValid: true });
    };
    await api.poll(poll);
    expect(serverTime.now().source).toBe('server');
    expect(serverTime.now().at.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);

    handler = (_seen, res) => {
      res.setHeader('X-Certlab-Time', ahead(90));
      json(res, 503, { ErrorCode: 'BUSY', Message: 'try later' });
    };
    await failure(api.poll(poll));
    expect(serverTime.now().at.getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);

    handler = (_seen, res) =>
      json(res, 200, { Result: { Status: 1 }, Status: 'Approved', SessionValid: true });
    await api.poll(poll);
    expect(serverTime.now().source).toBe('local');
  });

  it('turns an error answer into an AgentApiError with status and ErrorCode', async () => {
    handler = (_seen, res) =>
      json(res, 409, { ErrorCode: 'JOB_CLAIMED', Message: 'Job is leased by another attempt' });

    const error = await failure(
      client().fetchInventoryJob('/KeyfactorAgents/Inventory/Configuration', {
        SessionToken: TOKEN,
        JobId: JOB_ID,
      }),
    );

    expect(error).toMatchObject({
      kind: 'http',
      status: 409,
      errorCode: 'JOB_CLAIMED',
      retryable: false,
    });
    expect(error.message).toBe(
      'POST /KeyfactorAgents/Inventory/Configuration: HTTP 409 JOB_CLAIMED: Job is leased by another attempt',
    );
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [401, false],
    [404, false],
  ])('HTTP %i is retryable: %s', async (status, retryable) => {
    handler = (_seen, res) => {
      res.writeHead(status);
      res.end('<html>oops</html>');
    };

    const error = await failure(client().poll({ SessionToken: TOKEN }));

    expect(error).toMatchObject({ kind: 'http', status, retryable });
    expect(error.errorCode).toBeUndefined();
  });

  it('refuses an answer that is not JSON, or not the expected shape', async () => {
    handler = (_seen, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>captive portal</html>');
    };
    expect(await failure(client().poll({ SessionToken: TOKEN }))).toMatchObject({
      kind: 'protocol',
    });

    handler = (_seen, res) =>
      json(res, 200, { Result: { Status: 1 }, Status: 'Sleeping', SessionValid: true });
    const error = await failure(client().poll({ SessionToken: TOKEN }));
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/unexpected answer \(Status: /);
  });

  it.each([
    'https://elsewhere.example/KeyfactorAgents/Management/Configuration',
    '/KeyfactorAgents/../KeyfactorAPI/Certificates',
    '/KeyfactorAPI/Certificates',
    '/KeyfactorAgents/Jobs/Complete?redirect=x',
    '//elsewhere.example/KeyfactorAgents/Jobs/Complete',
  ])('never sends credentials to an endpoint outside the API: %s', async (endpoint) => {
    handler = (_seen, res) => json(res, 200, { Result: { Status: 1 } });

    const error = await failure(
      client().completeJob(endpoint, { SessionToken: TOKEN, JobId: JOB_ID, Status: 2 }),
    );

    expect(error.kind).toBe('protocol');
    expect(seen).toEqual([]);
  });

  it('does not follow redirects', async () => {
    handler = (_seen, res) => {
      res.writeHead(307, { Location: 'http://127.0.0.1:1/KeyfactorAgents/Jobs/Poll' });
      res.end();
    };

    expect(await failure(client().poll({ SessionToken: TOKEN }))).toMatchObject({
      kind: 'network',
    });
    expect(seen).toHaveLength(1);
  });

  it('times out a silent server, counting a long poll wait on top', async () => {
    handler = () => undefined; // never answers

    const started = Date.now();
    const error = await failure(
      client({ requestTimeoutMs: 200 }).poll({ SessionToken: TOKEN, WaitSeconds: 1 }),
    );

    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_150);
  });

  it('reports a refused connection as a retryable network error naming the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = await failure(
      client({ serverUrl: `http://127.0.0.1:${port}/` }).poll({ SessionToken: TOKEN }),
    );

    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops at once when the caller aborts', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    const error = await failure(
      client().poll({ SessionToken: TOKEN, WaitSeconds: 30 }, controller.signal),
    );

    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('keeps the password out of errors and of the client object', async () => {
    handler = (_seen, res) =>
      json(res, 401, { ErrorCode: 'UNAUTHORIZED', Message: 'Bad credentials' });
    const api = client();

    const error = await failure(api.poll({ SessionToken: TOKEN }));

    const encoded = Buffer.from(`agent-web01:${PASSWORD}`).toString('base64');
    for (const text of [error.message, JSON.stringify(error), JSON.stringify(api)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encoded);
    }
    expect(inspect(api, { showHidden: true, depth: 5 })).not.toContain(encoded);
  });
});
