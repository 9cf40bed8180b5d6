import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSRF_HEADER, SESSION_COOKIE, type SessionView } from '@certlab/contracts';
import { AuditEventEntity } from '../src/modules/audit/audit-event.entity';
import { ConsoleSessionEntity } from '../src/modules/auth/console-session.entity';
import { call, type LabServer, startLabServer } from './support/lab-server';

/*
 * The console's sign-in over real HTTP on real SQLite: the session cookie, CSRF on every
 * state-changing call, roles enforced by the server, sign-out, expiry, and the console's pages.
 */

const CONSOLE = { 'x-requested-with': 'certlab-console' };

interface SignedIn {
  cookie: string;
  csrf: string;
  view: SessionView;
  setCookie: string;
}

async function signIn(server: LabServer, credentials: string): Promise<SignedIn> {
  const [username, password] = credentials.split(':') as [string, string];
  const response = await call(server, 'POST', '/api/session', {
    body: { username, password },
    headers: CONSOLE,
  });
  expect(response.status).toBe(201);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(setCookie)?.[1];
  expect(token).toBeDefined();
  const view = response.body as SessionView;
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: view.csrfToken ?? '', view, setCookie };
}

describe('console sessions', () => {
  let server: LabServer;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'certlab-console-dist-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>certlab</title>');
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js'), 'console.log(1);');
    server = await startLabServer({ env: { CERTLAB_CONSOLE_DIR: consoleDir } });
  });
  afterAll(async () => {
    await server.close({ remove: true });
    rmSync(consoleDir, { recursive: true, force: true });
  });

  const count = (entity: typeof AuditEventEntity | typeof ConsoleSessionEntity) =>
    server.dataSource.getRepository(entity).count();

  it('signs in with an HttpOnly, SameSite=Strict cookie and stores only a digest of its token', async () => {
    const session = await signIn(server, server.credentials.enroller);
    expect(session.setCookie).toMatch(/HttpOnly/i);
    expect(session.setCookie).toMatch(/SameSite=Strict/i);
    expect(session.setCookie).toMatch(/Path=\//);
    expect(session.setCookie).toMatch(/Max-Age=\d+/);
    expect(session.view).toMatchObject({
      username: 'enroller',
      role: 'enroller',
      permissions: ['read', 'enroll'],
      via: 'session',
    });
    expect(session.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = session.cookie.split('=')[1] ?? '';
    const rows = await server.dataSource.getRepository(ConsoleSessionEntity).find();
    expect(rows.some((row) => row.id.includes(token) || token.includes(row.id))).toBe(false);
    expect(rows.some((row) => row.username === 'enroller' && row.endedAt === null)).toBe(true);

    const current = await call(server, 'GET', '/api/session', {
      headers: { cookie: session.cookie },
    });
    expect(current.status).toBe(200);
    expect(current.body).toEqual(session.view);
  });

  it('refuses a wrong password with the error body, no cookie, no browser prompt, nothing written', async () => {
    const [sessionsBefore, auditBefore] = [
      await count(ConsoleSessionEntity),
      await count(AuditEventEntity),
    ];
    const response = await call(server, 'POST', '/api/session', {
      body: { username: 'admin', password: 'not the password' },
      headers: CONSOLE,
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ ErrorCode: '0xA0110101', Message: expect.any(String) });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await count(ConsoleSessionEntity)).toBe(sessionsBefore);
    expect(await count(AuditEventEntity)).toBe(auditBefore);

    // An API client without the console's header still learns which scheme to use.
    const api = await call(server, 'GET', '/api/session');
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('answers a malformed sign-in body with a 400 naming the problem', async () => {
    const response = await call(server, 'POST', '/api/session', {
      body: { username: 'admin' },
      headers: CONSOLE,
    });
    expect(response.status).toBe(400);
    expect((response.body as { Message: string }).Message).toMatch(/password/);
  });

  it('does not let an agent identity into the console', async () => {
    const [username, password] = server.credentials.agent.split(':');
    const response = await call(server, 'POST', '/api/session', {
      body: { username, password },
      headers: CONSOLE,
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a state-changing call made with the cookie but without the CSRF token, and changes nothing', async () => {
    const admin = await signIn(server, server.credentials.admin);
    const before = await call(server, 'GET', '/api/lab/clock', {
      headers: { cookie: admin.cookie },
    });
    const auditBefore = await count(AuditEventEntity);

    for (const csrf of [undefined, 'wrong-token', `${admin.csrf}x`]) {
      const refused = await call(server, 'POST', '/api/lab/clock', {
        body: { freeze: true },
        headers: { cookie: admin.cookie, ...(csrf === undefined ? {} : { [CSRF_HEADER]: csrf }) },
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ ErrorCode: '0xA0110103' });
    }
    const after = await call(server, 'GET', '/api/lab/clock', {
      headers: { cookie: admin.cookie },
    });
    expect((after.body as { mode: string }).mode).toBe((before.body as { mode: string }).mode);
    expect(await count(AuditEventEntity)).toBe(auditBefore);

    // Another session's token does not fit this session either.
    const other = await signIn(server, server.credentials.admin);
    const crossed = await call(server, 'POST', '/api/lab/clock', {
      body: { freeze: true },
      headers: { cookie: admin.cookie, [CSRF_HEADER]: other.csrf },
    });
    expect(crossed.status).toBe(403);

    const accepted = await call(server, 'POST', '/api/lab/clock', {
      body: { freeze: true },
      headers: { cookie: admin.cookie, [CSRF_HEADER]: admin.csrf },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ mode: 'frozen' });
    const reset = await call(server, 'POST', '/api/lab/clock', {
      body: { reset: true },
      headers: { cookie: admin.cookie, [CSRF_HEADER]: admin.csrf },
    });
    expect(reset.status).toBe(200);
  });

  it("enforces the server's roles on console sessions: an auditor may read, not renew", async () => {
    const auditor = await signIn(server, server.credentials.auditor);
    expect(auditor.view.permissions).toEqual(['read']);
    const read = await call(server, 'GET', '/api/lab/clock', {
      headers: { cookie: auditor.cookie },
    });
    expect(read.status).toBe(200);

    const requests = server.dataSource.getRepository('certificate_requests');
    const [certificatesBefore, requestsBefore, auditBefore] = [
      await server.dataSource.getRepository('certificates').count(),
      await requests.count(),
      await count(AuditEventEntity),
    ];
    const renew = await call(server, 'POST', '/CMSApi/CertEnroll/3/Renew', {
      body: { Lookup: { Type: 'CMSID', CMSID: 7 } },
      headers: { cookie: auditor.cookie, [CSRF_HEADER]: auditor.csrf },
    });
    expect(renew.status).toBe(403);
    expect(renew.body).toMatchObject({ ErrorCode: '0xA0110102' });
    expect(await server.dataSource.getRepository('certificates').count()).toBe(certificatesBefore);
    expect(await requests.count()).toBe(requestsBefore);
    expect(await count(AuditEventEntity)).toBe(auditBefore);
  });

  it('keeps Basic credentials working for API clients, without a CSRF token', async () => {
    const response = await call(server, 'POST', '/api/lab/clock', {
      credentials: server.credentials.admin,
      body: { reset: true },
    });
    expect(response.status).toBe(200);
    const session = await call(server, 'GET', '/api/session', {
      credentials: server.credentials.auditor,
    });
    expect(session.body).toMatchObject({ via: 'basic', csrfToken: null, role: 'auditor' });
  });

  it('signs out: the session ends, its cookie is cleared and opens nothing afterwards', async () => {
    const session = await signIn(server, server.credentials.enroller);
    const withoutToken = await call(server, 'DELETE', '/api/session', {
      headers: { cookie: session.cookie },
    });
    expect(withoutToken.status).toBe(403);

    const signedOut = await call(server, 'DELETE', '/api/session', {
      headers: { cookie: session.cookie, [CSRF_HEADER]: session.csrf },
    });
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.get('set-cookie')).toMatch(
      new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`),
    );
    const audit = await server.dataSource
      .getRepository(AuditEventEntity)
      .findOne({ where: { action: 'session.ended' }, order: { id: 'DESC' } });
    expect(audit?.actor).toBe('enroller');

    const after = await call(server, 'GET', '/api/session', {
      headers: { cookie: session.cookie, ...CONSOLE },
    });
    expect(after.status).toBe(401);
    expect((after.body as { Message: string }).Message).toMatch(/session has ended/);
  });

  it('ends the stream of live events of a session that signs out', async () => {
    const session = await signIn(server, server.credentials.admin);
    const abort = new AbortController();
    const response = await fetch(`${server.baseUrl}/api/events`, {
      headers: { cookie: session.cookie },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) return false;
        received += decoder.decode(value);
      }
      return true;
    };
    expect(await readUntil(/: connected/)).toBe(true);

    // A change through the API reaches the stream within a flush.
    const changed = Date.now();
    await call(server, 'POST', '/api/lab/clock', {
      credentials: server.credentials.admin,
      body: { freeze: true },
    });
    expect(await readUntil(/event: clock\ndata: (\{.*\})\n\n/)).toBe(true);
    expect(Date.now() - changed).toBeLessThan(1000);
    const data = /event: clock\ndata: (\{.*\})\n\n/.exec(received)?.[1] ?? '{}';
    expect(JSON.parse(data)).toMatchObject({ type: 'clock', clock: { mode: 'frozen' } });

    await call(server, 'DELETE', '/api/session', {
      headers: { cookie: session.cookie, [CSRF_HEADER]: session.csrf },
    });
    // The server ends the stream: the reader sees its end.
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
    abort.abort();
    await call(server, 'POST', '/api/lab/clock', {
      credentials: server.credentials.admin,
      body: { reset: true },
    });
  });
});

describe('shutting down with a console open', () => {
  it('ends the live-event streams instead of waiting for the browsers to leave', async () => {
    const server = await startLabServer();
    const session = await signIn(server, server.credentials.admin);
    const response = await fetch(`${server.baseUrl}/api/events`, {
      headers: { cookie: session.cookie },
    });
    const reader = response.body!.getReader();
    await reader.read();
    const started = Date.now();
    await server.close({ remove: true });
    expect(Date.now() - started).toBeLessThan(3000);
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});

describe('console sessions expire in real time', () => {
  let server: LabServer;
  beforeAll(async () => {
    // 0.0003 hours: just over a second.
    server = await startLabServer({ env: { CERTLAB_SESSION_HOURS: '0.0003' } });
  });
  afterAll(() => server.close({ remove: true }));

  it('opens nothing once its lifetime has passed', async () => {
    const session = await signIn(server, server.credentials.auditor);
    expect(new Date(session.view.expiresAt ?? 0).getTime() - Date.now()).toBeLessThan(1500);
    const before = await call(server, 'GET', '/api/session', {
      headers: { cookie: session.cookie },
    });
    expect(before.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const after = await call(server, 'GET', '/api/session', {
      headers: { cookie: session.cookie },
    });
    expect(after.status).toBe(401);
  });
});

describe('the console pages', () => {
  let server: LabServer;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'certlab-console-dist-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>certlab console</title>');
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js'), 'console.log(1);\n'.repeat(400));
    writeFileSync(join(consoleDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    server = await startLabServer({ env: { CERTLAB_CONSOLE_DIR: consoleDir } });
  });
  afterAll(async () => {
    await server.close({ remove: true });
    rmSync(consoleDir, { recursive: true, force: true });
  });

  const page = (path: string) => call(server, 'GET', path, { headers: { accept: 'text/html' } });

  it('serves the app at / and at deep links, revalidated, with a strict content security policy', async () => {
    for (const path of ['/', '/certificates/7', '/campaigns/new']) {
      const response = await page(path);
      expect(response.status).toBe(200);
      expect(response.text).toContain('<title>certlab console</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('caches hashed assets for a year and answers a missing one with 404, not the app', async () => {
    const asset = await call(server, 'GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.text).toBe('console.log(1);\n'.repeat(400));
    const missing = await page('/assets/index-gone.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ ErrorCode: '0xA011F404' });
  });

  it('serves the files beside index.html by name, and nothing else from the top', async () => {
    const favicon = await call(server, 'GET', '/favicon.svg');
    expect(favicon.status).toBe(200);
    expect(favicon.text).toContain('<svg');
    expect(favicon.headers.get('cache-control')).toBe('no-cache');
    // Files that are not there, and index.html itself (pages get it, with their headers).
    for (const path of ['/robots.txt', '/index.html', '/certlab.db']) {
      const response = await call(server, 'GET', path);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ ErrorCode: '0xA011F404' });
    }
  });

  it('leaves the APIs alone: an unknown API route is a 404 in the error format, even for a browser', async () => {
    for (const path of ['/api/nothing-here', '/KeyfactorAPI/Nothing', '/CMSApi/x']) {
      const response = await page(path);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ ErrorCode: expect.stringMatching(/^0xA011/) });
    }
  });

  it('needs no credentials for the pages, and none of the data behind them', async () => {
    const index = await page('/certificates/7');
    expect(index.status).toBe(200);
    const data = await call(server, 'GET', '/api/certificates/7', { headers: CONSOLE });
    expect(data.status).toBe(401);
  });
});

describe('a server whose console is not built', () => {
  let server: LabServer;
  beforeAll(async () => {
    server = await startLabServer({
      env: { CERTLAB_CONSOLE_DIR: join(tmpdir(), 'certlab-no-console-here') },
    });
  });
  afterAll(() => server.close({ remove: true }));

  it('says how to build it, in the error format', async () => {
    const response = await call(server, 'GET', '/', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect((response.body as { Message: string }).Message).toMatch(/pnpm build/);
  });
});
