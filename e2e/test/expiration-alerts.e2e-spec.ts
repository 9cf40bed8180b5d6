import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LabClockView } from '@certlab/contracts';
import {
  type RunningProcess,
  type ServerProcess,
  startAgent,
  startServer,
  tempDir,
  waitFor,
} from './support/processes';

/**
 * The acceptance for expiration alerts, with real server and agent processes and real
 * files: certificates expiring in 10, 20 and 40 days, an alert of 30 days with the renewal
 * handler. Advancing the lab clock and running the alert renews and delivers exactly the first
 * two; a second run renews nothing; 15 days later the schedule (woken by the clock moving)
 * renews the third.
 */
const LAB = join(__dirname, 'labs', 'alerts.yaml');
const DAY_MS = 86_400_000;
const RENEWAL_HANDLER_ID = 1;

let server: ServerProcess;
const agents: RunningProcess[] = [];
const data = tempDir('alerts-lab');
const root = tempDir('alerts-agents');

/** Each agent's root is its own directory, as on separate machines. */
const files = {
  in10: join(root.path, 'alpha', 'srv/alpha/in10.pem'),
  in20: join(root.path, 'alpha', 'srv/alpha/in20.pem'),
  in40: join(root.path, 'beta', 'srv/beta/in40.pem'),
};
type StoreName = keyof typeof files;

/** The leaf in a store file, read with Node's own X.509 parser. */
function leaf(name: StoreName): X509Certificate | undefined {
  const file = files[name];
  return existsSync(file) ? new X509Certificate(readFileSync(file, 'utf8')) : undefined;
}
const thumbprint = (certificate: X509Certificate | undefined) =>
  certificate?.fingerprint.replace(/:/g, '');

async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const reply = await server.request(method, path, body);
  if (reply.status >= 300)
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Thumbprint of a certificate by CMSID, as the server knows it. */
async function thumbprintOf(id: number): Promise<string> {
  return ((await api('GET', `/KeyfactorAPI/Certificates/${id}`)) as { Thumbprint: string })
    .Thumbprint;
}

async function certificateCount(): Promise<number> {
  return ((await api('GET', '/KeyfactorAPI/Certificates?pq.returnLimit=1000')) as unknown[]).length;
}

interface Run {
  trigger: string;
  finishedAt: string | null;
  results: { certificateId: number; outcome: string; newCertificateId: number | null }[];
}

beforeAll(async () => {
  server = await startServer({ dataDir: data.path, labFile: LAB });
  for (const machine of ['alpha', 'beta']) {
    agents.push(
      startAgent({
        serverUrl: server.url,
        clientMachine: `${machine}.alerts.e2e`,
        root: join(root.path, machine),
      }),
    );
  }
  // The seeded certificates are delivered first.
  await waitFor(
    () => leaf('in10') && leaf('in20') && leaf('in40'),
    60_000,
    () => `seeded stores never written:\n${agents.map((agent) => agent.output()).join('\n')}`,
    200,
  );
}, 90_000);

afterAll(async () => {
  for (const agent of agents) await agent.stop('SIGTERM');
  await server?.stop('SIGTERM');
  data.remove();
  root.remove();
});

describe('an expiration alert with the renewal handler, on a moving lab clock', () => {
  let alertId: number;
  const seeded: Partial<Record<StoreName, string>> = {};

  it('renews and delivers exactly the two certificates within 30 days', async () => {
    for (const name of Object.keys(files) as StoreName[]) seeded[name] = thumbprint(leaf(name));
    expect(seeded.in10).toBe(await thumbprintOf(1));

    const collection = (await api('POST', '/KeyfactorAPI/CertificateCollections', {
      Name: 'All e2e',
      Query: 'CN -endswith ".alerts.e2e"',
    })) as { Id: number };
    alertId = (
      (await api('POST', '/KeyfactorAPI/Alerts/Expiration', {
        DisplayName: 'Renew within 30 days',
        Subject: '{cn} expires {certnotafterdate}',
        Message: '{cn} is being renewed.',
        ExpirationWarningDays: 30,
        CertificateQueryId: collection.Id,
        Recipients: ['{certemail}'],
        RegisteredEventHandler: { Id: RENEWAL_HANDLER_ID, UseHandler: true },
      })) as { Id: number }
    ).Id;

    const clock = (await api('POST', '/api/lab/clock', { advance: '+1d' })) as LabClockView;
    expect(clock.virtual).toBe(true);
    const test = (await api('POST', '/KeyfactorAPI/Alerts/Expiration/Test', {
      AlertId: alertId,
      SendAlerts: true,
    })) as { ExpirationAlerts: { CARow: number; IssuedCN: string }[] };
    expect(test.ExpirationAlerts.map((alert) => alert.IssuedCN)).toEqual([
      'in10.alerts.e2e',
      'in20.alerts.e2e',
    ]);

    const [run] = (await api('GET', `/api/alerts/expiration/${alertId}/runs`)) as Run[];
    expect(run?.results.map((result) => [result.certificateId, result.outcome])).toEqual([
      [1, 'renewed'],
      [2, 'renewed'],
    ]);
    for (const [name, result] of [
      ['in10', run!.results[0]!],
      ['in20', run!.results[1]!],
    ] as const) {
      const renewed = await thumbprintOf(result.newCertificateId!);
      await waitFor(
        () => thumbprint(leaf(name)) === renewed,
        30_000,
        () => `${name} never got ${renewed}:\n${agents.map((agent) => agent.output()).join('\n')}`,
      );
      const written = leaf(name)!;
      expect(written.subject).toBe(`CN=${name}.alerts.e2e`);
      // Issued at the lab clock's now (a day ahead), valid for the template's 90 days.
      expect(Date.parse(written.validTo)).toBeGreaterThan(Date.now() + 85 * DAY_MS);
    }
    expect(thumbprint(leaf('in40'))).toBe(seeded.in40);
  });

  it('a second run renews nothing', async () => {
    const before = { in10: thumbprint(leaf('in10')), in20: thumbprint(leaf('in20')) };
    const issued = await certificateCount();
    const test = (await api('POST', '/KeyfactorAPI/Alerts/Expiration/Test', {
      AlertId: alertId,
    })) as { ExpirationAlerts: unknown[]; AlertBuildResult: number };
    expect(test.ExpirationAlerts).toEqual([]);
    expect(await certificateCount()).toBe(issued);
    expect({ in10: thumbprint(leaf('in10')), in20: thumbprint(leaf('in20')) }).toEqual(before);
  });

  it('15 days later the schedule, woken by the clock, renews the third', async () => {
    await api('PUT', '/KeyfactorAPI/Alerts/Expiration/Schedule', {
      Schedule: { Interval: { Minutes: 60 } },
    });
    await api('POST', '/api/lab/clock', { advance: '+15d' });
    const scheduled = await waitFor(
      async () => {
        const runs = (await api('GET', `/api/alerts/expiration/${alertId}/runs`)) as Run[];
        return runs.find((run) => run.trigger === 'schedule' && run.finishedAt !== null);
      },
      30_000,
      () => `no scheduled run:\n${server.output()}`,
    );
    expect(scheduled.results.map((result) => [result.certificateId, result.outcome])).toEqual([
      [3, 'renewed'],
    ]);
    const renewed = await thumbprintOf(scheduled.results[0]!.newCertificateId!);
    await waitFor(
      () => thumbprint(leaf('in40')) === renewed,
      30_000,
      () => `in40 never got ${renewed}:\n${agents.map((agent) => agent.output()).join('\n')}`,
    );
    expect(thumbprint(leaf('in40'))).not.toBe(seeded.in40);
    const outbox = (await api('GET', '/api/notifications')) as {
      items: { recipient: string; certificateIds: number[] }[];
    };
    expect(outbox.items.map((item) => [item.recipient, item.certificateIds])).toEqual([
      ['owner@alerts.e2e', [3]],
      ['owner@alerts.e2e', [1, 2]],
    ]);
  });
});
