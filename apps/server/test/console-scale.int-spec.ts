import { performance } from 'node:perf_hooks';
import {
  CERTIFICATE_SORT_KEYS,
  type CertificateSummary,
  type DashboardView,
  type Page,
} from '@certlab/contracts';
import { call, type LabServer, startLabServer } from './support/lab-server';

/*
 * The console's certificate list, jobs and dashboard at campaign scale (10,000 certificates,
 * 20,000 jobs): a page costs a fixed number of queries whatever the sort, filter or page, and
 * stays fast. No index was added for the console: a page's ids are sorted first and only those
 * rows read, so every sort key stays under 40 ms here without one (jobs by request and by
 * certificate already have theirs); the timings printed are what that was decided on.
 */

const EXTRA = 10_000;
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';

let server: LabServer;
beforeAll(async () => {
  server = await startLabServer();
  // Copies of certificate 1 with varied CN, serial, NotAfter and key algorithm, in one statement.
  await server.dataSource.query(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${EXTRA})
     INSERT INTO certificates (id, serial_number, issuer_dn, thumbprint, subject, common_name, subject_alt_names,
       not_before, not_after, key_algorithm, signature_algorithm, certificate_pem, encrypted_private_key,
       authority_id, template_id, request_id, renewed_from_id, revoked_at, revocation_reason, created_at)
     SELECT 100 + i, printf('%X', 1048576 + (i * 7919) % 1000003), issuer_dn, printf('%040X', i), subject,
       'host-' || ((i * 7919) % ${EXTRA}) || '.jdk.cms', subject_alt_names, not_before,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ((i * 37) % 400) || ' days'),
       CASE i % 3 WHEN 0 THEN 'P-256' ELSE 'RSA-2048' END, signature_algorithm, certificate_pem, NULL,
       authority_id, template_id, NULL, CASE WHEN i % 10 = 0 THEN 100 + i - 1 END,
       CASE WHEN i % 50 = 0 THEN not_before END, CASE WHEN i % 50 = 0 THEN 'superseded' END, created_at
     FROM n, certificates WHERE certificates.id = 1`,
  );
  // And 20,000 delivery jobs, as a campaign of that size leaves behind.
  await server.dataSource.query(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${2 * EXTRA})
     INSERT INTO orchestrator_jobs (id, store_id, job_type, operation_type, certificate_id, alias, overwrite, status,
       request_id, requested_by, created_at, scheduled_for, attempts, lease_until, claimed_by, claimed_at,
       completed_at, result_message)
     SELECT printf('00000000-0000-4000-8000-%012d', i), '${CHERRYSTORE}', 'Management', 2, 100 + (i % ${EXTRA}) + 1,
       'copy', 1, CASE WHEN i % 7 = 0 THEN 'Pending' ELSE 'Succeeded' END, 1000 + i, 'admin',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || i || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || i || ' seconds'), 1, NULL, NULL, NULL, NULL, NULL
     FROM n`,
  );
}, 60_000);
afterAll(async () => {
  await server.close({ remove: true });
});

/** Runs `work` and counts the SQL statements the server ran meanwhile. */
async function measure(work: () => Promise<void>): Promise<{ queries: number; ms: number }> {
  const runner = server.dataSource.driver.createQueryRunner('master');
  const original = runner.query.bind(runner);
  let queries = 0;
  runner.query = ((...args: Parameters<typeof runner.query>) => {
    queries++;
    return original(...args);
  }) as typeof runner.query;
  const started = performance.now();
  try {
    await work();
  } finally {
    runner.query = original;
  }
  return { queries, ms: performance.now() - started };
}

const get = async <T>(path: string): Promise<T> => {
  const response = await call(server, 'GET', path, { credentials: server.credentials.auditor });
  expect(response.status).toBe(200);
  return response.body as T;
};

describe('jobs over 20,000', () => {
  it('pages newest first and finds the jobs of a request quickly', async () => {
    await get('/api/jobs?limit=1'); // credentials
    const timings: Record<string, number> = {};
    for (const query of [
      '',
      '?page=200',
      '?requestId=15000',
      `?storeId=${CHERRYSTORE}&status=Pending`,
      '?certificateId=5000',
    ]) {
      const cost = await measure(async () => {
        await get(`/api/jobs${query}`);
      });
      timings[query || 'first page'] = Math.round(cost.ms);
    }
    console.log('jobs, ms per page over 20,005 jobs:', timings);
    expect(Math.max(...Object.values(timings))).toBeLessThan(250);
  });
});

describe('the certificate list over 10,000 certificates', () => {
  it('costs the same queries on every sort and page, and answers quickly', async () => {
    await get('/api/certificates?limit=1'); // credentials and caches
    const timings: Record<string, number> = {};
    const queries = new Set<number>();
    for (const sort of CERTIFICATE_SORT_KEYS) {
      for (const query of [
        `sort=${sort}&order=asc`,
        `sort=${sort}&order=desc&page=150`,
        `sort=${sort}&state=expiring`,
      ]) {
        let page: Page<CertificateSummary> | undefined;
        const cost = await measure(async () => {
          page = await get<Page<CertificateSummary>>(`/api/certificates?limit=50&${query}`);
        });
        expect(page!.items).toHaveLength(50);
        queries.add(cost.queries);
        timings[query] = Math.round(cost.ms);
      }
    }
    console.log('certificate list, ms per page over 10,013 certificates:', timings);
    expect(queries.size).toBe(1);
    const slowest = Math.max(...Object.values(timings));
    expect(slowest).toBeLessThan(250);
  });

  it('pages with a stable order and counts the dashboard in SQL', async () => {
    const pages = await Promise.all(
      [1, 2, 3].map((page) =>
        get<Page<CertificateSummary>>(
          `/api/certificates?sort=keyAlgorithm&order=asc&limit=50&page=${page}`,
        ),
      ),
    );
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    expect(new Set(ids).size).toBe(150);
    expect(ids.slice(0, 50)).toEqual([...ids.slice(0, 50)].sort((a, b) => a - b));
    let dashboard: DashboardView | undefined;
    const cost = await measure(async () => {
      dashboard = await get<DashboardView>('/api/dashboard');
    });
    console.log('dashboard over 10,013 certificates:', cost);
    expect(dashboard!.totals.total).toBe(EXTRA + 13);
    expect(dashboard!.totals.revoked).toBe(EXTRA / 50);
    expect(cost.queries).toBeLessThan(10);
    expect(cost.ms).toBeLessThan(500);
  });
});
