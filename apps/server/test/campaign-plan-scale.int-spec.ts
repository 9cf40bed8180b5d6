import { join } from 'node:path';
import { call, type LabServer, startLabServer } from './support/lab-server';

/**
 * A campaign's plan costs a fixed number of queries plus one INSERT per 200 items, however many
 * certificates match: no per-certificate query. Counted, not timed (speed is bench/'s business).
 */
const LAB = join(__dirname, 'fixtures', 'campaign-lab.yaml');
const WEB01 = 'web01.legacy.lab';

let server: LabServer;
beforeAll(async () => {
  server = await startLabServer({ labFile: LAB });
});
afterAll(async () => {
  await server.close({ remove: true });
});

/** Copies of certificate 1, each in a store of its own on web01, written straight to the tables. */
async function addCertificates(from: number, count: number): Promise<void> {
  const ids = Array.from({ length: count }, (_, index) => from + index);
  for (let start = 0; start < ids.length; start += 200) {
    const chunk = ids.slice(start, start + 200);
    const storeId = (id: number) => `55555555-0000-4000-8000-${String(id).padStart(12, '0')}`;
    await server.dataSource.query(
      `INSERT INTO certificate_stores (id, client_machine, store_path, store_type, properties, container_name, agent_id, approved, create_if_missing, created_at)
       VALUES ${chunk.map(() => `(?, ?, ?, 'PEM', '{}', NULL, NULL, 1, 1, '2026-01-01T00:00:00.000Z')`).join(', ')}`,
      chunk.flatMap((id) => [storeId(id), WEB01, `/srv/copy-${id}.pem`]),
    );
    for (const id of chunk) {
      await server.dataSource.query(
        `INSERT INTO certificates (id, serial_number, issuer_dn, thumbprint, subject, common_name, subject_alt_names, not_before, not_after,
           key_algorithm, signature_algorithm, certificate_pem, encrypted_private_key, authority_id, template_id, request_id, renewed_from_id,
           revoked_at, revocation_reason, created_at)
         SELECT ?, ?, issuer_dn, ?, subject, common_name, subject_alt_names, not_before, not_after,
           key_algorithm, signature_algorithm, certificate_pem, encrypted_private_key, authority_id, template_id, NULL, NULL, NULL, NULL, created_at
         FROM certificates WHERE id = 1`,
        [id, `C0${id}`, id.toString(16).toUpperCase().padStart(40, 'C')],
      );
    }
    await server.dataSource.query(
      `INSERT INTO certificate_locations (certificate_id, store_id, alias) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
      chunk.flatMap((id) => [id, storeId(id), `copy-${id}`]),
    );
  }
}

/** Runs `work` and counts the SQL statements the server ran meanwhile. */
async function countQueries(work: () => Promise<void>): Promise<number> {
  const runner = server.dataSource.driver.createQueryRunner('master');
  const original = runner.query.bind(runner);
  let count = 0;
  runner.query = ((...args: Parameters<typeof runner.query>) => {
    count++;
    return original(...args);
  }) as typeof runner.query;
  try {
    await work();
  } finally {
    runner.query = original;
  }
  return count;
}

async function plan(query: string): Promise<{ queries: number; id: number; total: number }> {
  let body: { id: number; progress: { total: number } } | undefined;
  const queries = await countQueries(async () => {
    const response = await call(server, 'POST', '/api/campaigns', {
      credentials: server.credentials.admin,
      body: {
        name: query,
        query,
        targetCA: 'ca.ec.lab\\ec-CA',
        targetTemplate: 'WebECDSA',
        trustFirst: true,
      },
    });
    expect(response.status).toBe(201);
    body = response.body as typeof body;
  });
  return { queries, id: body!.id, total: body!.progress.total };
}

describe('campaign plans at scale', () => {
  it('take a fixed number of queries plus one insert per 200 items, whatever the number of certificates', async () => {
    await addCertificates(1001, 2000);
    await plan('CertId -eq 1'); // first use fills the server's caches (credentials, CA chains)
    const small = await plan('CertId -ge 1001 AND CertId -le 1200');
    const large = await plan('CertId -ge 1001');
    expect([small.total, large.total]).toEqual([200, 2000]);
    // 1,800 more items cost 9 more INSERT statements, nothing per certificate.
    expect(large.queries - small.queries).toBe(9);

    // Reading the campaign and a page of its plan does not grow with it either.
    const reads = async (id: number) =>
      countQueries(async () => {
        for (const path of [`/api/campaigns/${id}`, `/api/campaigns/${id}/plan?limit=100`]) {
          const response = await call(server, 'GET', path, {
            credentials: server.credentials.admin,
          });
          expect(response.status).toBe(200);
        }
      });
    await reads(small.id); // fills the CA chain cache
    expect(await reads(large.id)).toBe(await reads(small.id));
  });
});
