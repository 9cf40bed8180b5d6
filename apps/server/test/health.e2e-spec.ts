import { Agent, request } from 'node:http';
import { type ErrorBody } from '../src/common/errors/error-body';
import { type HealthReport } from '../src/modules/health/health.service';
import { basic, type LabServer, startLabServer } from './support/lab-server';

const ERROR_CODE_PATTERN = /^0xA011[0-9A-F]{4}$/;

describe('server over real HTTP', () => {
  let server: LabServer;
  let baseUrl: string;

  beforeAll(async () => {
    server = await startLabServer();
    baseUrl = server.baseUrl;
  });

  afterAll(async () => {
    await server.close({ remove: true });
  });

  function postJson(path: string, body: string): Promise<Response> {
    return fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  }

  it('GET /api/health needs credentials like every endpoint', async () => {
    const response = await fetch(`${baseUrl}/api/health`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="certlab"/);
    const wrong = await fetch(`${baseUrl}/api/health`, {
      headers: { authorization: basic('auditor:wrong') },
    });
    expect(wrong.status).toBe(401);
  });

  it('keeps an idle keep-alive connection past the 5 s at which clients give theirs up', async () => {
    // A client whose event loop was busy reuses its idle socket late; the server must not have
    // closed it under it (the "other side closed" race).
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(`${baseUrl}/api/health`, { agent }, (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, reused: req.reusedSocket }),
          );
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get()).toEqual({ status: 401, reused: false });
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(await get()).toEqual({ status: 401, reused: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);

  it('GET /api/health answers ok with version and uptime', async () => {
    const response = await fetch(`${baseUrl}/api/health`, {
      headers: { authorization: basic(server.credentials.auditor) },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-powered-by')).toBeNull();
    const body = (await response.json()) as HealthReport;
    expect(body).toEqual({
      status: 'ok',
      version: '0.1.0',
      uptimeSeconds: expect.any(Number),
      crypto: { passed: true, algorithms: ['RSA-2048', 'P-256', 'P-384', 'Ed25519'] },
    });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('answers an unknown route with 404 and a Keyfactor error body', async () => {
    const response = await fetch(`${baseUrl}/CMSApi/NoSuchThing`);

    expect(response.status).toBe(404);
    const body = (await response.json()) as ErrorBody;
    expect(Object.keys(body).sort()).toEqual(['ErrorCode', 'Message']);
    expect(body.ErrorCode).toMatch(ERROR_CODE_PATTERN);
    expect(body.Message).toContain('/CMSApi/NoSuchThing');
  });

  it.each(['/api/health', '/CMSApi/CertEnroll/3/Renew'])(
    'answers malformed JSON posted to %s with 400, not 500',
    async (path) => {
      const response = await postJson(path, '{"Lookup": {"CMSID": 1,');

      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body).toEqual({
        ErrorCode: expect.stringMatching(ERROR_CODE_PATTERN),
        Message: expect.any(String),
      });
    },
  );

  it('answers a body over the limit with 413 in the same shape', async () => {
    const response = await postJson('/api/health', JSON.stringify({ Pad: 'x'.repeat(300 * 1024) }));

    expect(response.status).toBe(413);
    const body = (await response.json()) as ErrorBody;
    expect(body).toEqual({
      ErrorCode: expect.stringMatching(ERROR_CODE_PATTERN),
      Message: expect.any(String),
    });
  });

  it('accepts a body just under the limit (the limit is not accidentally tiny)', async () => {
    const response = await postJson('/api/health', JSON.stringify({ Pad: 'x'.repeat(200 * 1024) }));

    // The body parses; the route then does not exist for POST.
    expect(response.status).toBe(404);
  });
});

describe('OpenAPI at /api/docs', () => {
  let server: LabServer;
  beforeAll(async () => {
    server = await startLabServer();
  });
  afterAll(async () => {
    await server.close({ remove: true });
  });

  it('serves the document, which names the renewal endpoint, to any signed-in role', async () => {
    const anonymous = await fetch(`${server.baseUrl}/api/docs-json`);
    expect(anonymous.status).toBe(401);
    const ui = await fetch(`${server.baseUrl}/api/docs`, {
      headers: { authorization: basic(server.credentials.auditor) },
    });
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');

    const response = await fetch(`${server.baseUrl}/api/docs-json`, {
      headers: { authorization: basic(server.credentials.auditor) },
    });
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/CMSApi/CertEnroll/3/Renew', '/api/health']),
    );
  });
});
