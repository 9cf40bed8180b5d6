import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCertificates } from '@certlab/pki';
import {
  openssl,
  type RunningProcess,
  type ServerProcess,
  startAgent,
  startServer,
  tempDir,
  waitFor,
} from './support/processes';

/**
 * The migration demo with real processes: a legacy RSA estate (12 certificates in 12 PEM stores
 * on 2 machines, a trust store on each) moved to an ECDSA P-256 hierarchy by one campaign with
 * trust first and retire old. The plan is compared with what happened, the files on disk are
 * checked with `openssl verify`, and the old certificates with the CRLs their CDP URLs name.
 */
const LAB = join(__dirname, 'labs', 'campaign.yaml');
const MACHINES = { web: 'web01.legacy.lab', db: 'db01.legacy.lab' } as const;
const LEGACY_QUERY = 'IssuingCA -eq "ca1.legacy.lab\\\\legacy-CA1"';
const EC_CA = 'ca.ec.lab\\ec-CA';
const ORIGINALS = Array.from({ length: 12 }, (_, index) => index + 1);

interface Campaign {
  id: number;
  state: string;
  progress: Record<string, number>;
  trust: Record<string, number>;
}
interface PlanItem {
  certificateId: number;
  state: string;
  blocked: { code: string } | null;
  newThumbprint: string | null;
  current: { keyAlgorithm: string; issuer: string };
  next: { keyAlgorithm: string; issuer: string };
  stores: { id: string; machine: string; path: string }[];
}
interface Plan {
  summary: Record<string, unknown>;
  warnings: string[];
  trust: { deliveries: { store: { machine: string; path: string }; state: string }[] };
  items: PlanItem[];
}

/** Where labs/campaign.yaml puts certificate `id` (1-6 on web01, 7-12 on db01). */
function seededStore(id: number): [string, string] {
  return id <= 6
    ? [MACHINES.web, `/etc/ssl/web${id}.pem`]
    : [MACHINES.db, `/var/lib/tls/db${id - 6}.pem`];
}

/** A server, its data directory, and one agent per machine with its own store root. */
class Lab {
  server!: ServerProcess;
  agents: RunningProcess[] = [];
  readonly data = tempDir('campaign-lab');
  readonly roots = {
    [MACHINES.web]: tempDir('campaign-web01'),
    [MACHINES.db]: tempDir('campaign-db01'),
  };
  private port: number | undefined;

  async start(): Promise<void> {
    this.server = await startServer({ dataDir: this.data.path, labFile: LAB, port: this.port });
    this.port = this.server.port;
  }

  startAgents(): void {
    this.agents = Object.values(MACHINES).map((machine) =>
      startAgent({
        serverUrl: this.server.url,
        clientMachine: machine,
        root: this.roots[machine].path,
      }),
    );
  }

  async stopAgents(): Promise<void> {
    for (const agent of this.agents) expect(await agent.stop('SIGTERM')).toBe(0);
    this.agents = [];
  }

  file(machine: string, path: string): string {
    return join(this.roots[machine as keyof typeof this.roots].path, path);
  }

  leafOf(machine: string, path: string) {
    const file = this.file(machine, path);
    return existsSync(file) ? readCertificates(readFileSync(file, 'utf8'))[0] : undefined;
  }

  output(): string {
    return [this.server.output(), ...this.agents.map((agent) => agent.output())].join('\n');
  }

  async campaign(id: number): Promise<Campaign> {
    return (await this.server.request('GET', `/api/campaigns/${id}`)).body as Campaign;
  }

  async plan(id: number): Promise<Plan> {
    return (await this.server.request('GET', `/api/campaigns/${id}/plan`)).body as Plan;
  }

  /** The seeded certificates, each in its store on disk. */
  async seededOnDisk(): Promise<void> {
    for (const id of ORIGINALS) {
      const { Thumbprint } = (await this.server.request('GET', `/KeyfactorAPI/Certificates/${id}`))
        .body as { Thumbprint: string };
      const [machine, path] = seededStore(id);
      await waitFor(
        () => this.leafOf(machine, path)?.thumbprint === Thumbprint,
        60_000,
        () => `certificate ${id} never written:\n${this.output()}`,
        100,
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.agents.map((agent) => agent.stop('SIGTERM')));
    await this.server.stop('SIGTERM');
    this.data.remove();
    for (const root of Object.values(this.roots)) root.remove();
  }
}

async function createCampaign(lab: Lab, options: Record<string, unknown>): Promise<number> {
  const created = await lab.server.request('POST', '/api/campaigns', {
    name: 'Legacy RSA to ECDSA P-256',
    query: LEGACY_QUERY,
    targetCA: EC_CA,
    targetTemplate: 'WebECDSA',
    ...options,
  });
  expect(created.status).toBe(201);
  return (created.body as Campaign).id;
}

/** Anonymous, as relying parties fetch them: a CA certificate as PEM, written to `dir`. */
async function caPem(lab: Lab, dir: string, logical: string): Promise<string> {
  const response = await fetch(`${lab.server.url}/ca/${logical}.crt`);
  expect(response.status).toBe(200);
  const file = join(dir, `${logical}.pem`);
  writeFileSync(file, new X509Certificate(Buffer.from(await response.arrayBuffer())).toString());
  return file;
}

async function renewalsOf(lab: Lab, id: number): Promise<{ Id: number; Thumbprint: string }[]> {
  const query = encodeURIComponent(`RenewedFromId -eq ${id}`);
  const response = await lab.server.request(
    'GET',
    `/KeyfactorAPI/Certificates?pq.queryString=${query}&pq.includeRevoked=true&pq.includeExpired=true`,
  );
  expect(response.status).toBe(200);
  return response.body as { Id: number; Thumbprint: string }[];
}

describe('a campaign moves the legacy estate to ECDSA with trust first and retire old', () => {
  const lab = new Lab();
  const work = tempDir('campaign-work');

  beforeAll(async () => {
    await lab.start();
    lab.startAgents();
    await lab.seededOnDisk();
  }, 120_000);
  afterAll(async () => {
    await lab.close();
    work.remove();
  });

  it('the plan lists exactly what then happens; every store verifies against the new root only; every old certificate is on its CA’s CRL', async () => {
    const id = await createCampaign(lab, { batchSize: 5, trustFirst: true, retireOld: true });
    const plan = await lab.plan(id);
    expect(plan.summary).toEqual({
      certificates: 13,
      migrate: 12,
      blocked: 1,
      batches: 3,
      blockedByReason: { NOT_IN_STORE: 1 },
      // The reach of what moves: both machines, one store per certificate.
      machines: 2,
      stores: 12,
    });
    expect(plan.warnings).toEqual([]);
    expect(
      plan.trust.deliveries.map((delivery) => [
        delivery.store.machine,
        delivery.store.path,
        delivery.state,
      ]),
    ).toEqual([
      [MACHINES.db, '/var/lib/tls/trust.pem', 'planned'],
      [MACHINES.db, '/var/lib/tls/trust.pem', 'planned'],
      [MACHINES.web, '/etc/ssl/trust.pem', 'planned'],
      [MACHINES.web, '/etc/ssl/trust.pem', 'planned'],
    ]);
    const movable = plan.items.filter((item) => item.blocked === null);
    expect(movable.map((item) => item.certificateId)).toEqual(ORIGINALS);
    expect(plan.items.find((item) => item.certificateId === 13)?.blocked?.code).toBe(
      'NOT_IN_STORE',
    );
    for (const item of movable) {
      expect(item.current).toMatchObject({
        keyAlgorithm: 'RSA-2048',
        issuer: 'ca1.legacy.lab\\legacy-CA1',
      });
      expect(item.next).toMatchObject({ keyAlgorithm: 'P-256', issuer: EC_CA });
      expect(item.stores).toHaveLength(1);
    }
    // The old leaves as the stores hold them before the campaign.
    const oldLeaves = new Map(
      movable.map((item) => {
        const store = item.stores[0]!;
        return [item.certificateId, lab.leafOf(store.machine, store.path)!];
      }),
    );

    expect((await lab.server.request('POST', `/api/campaigns/${id}/execute`)).status).toBe(200);
    const done = await waitFor(
      async () => {
        const campaign = await lab.campaign(id);
        return campaign.state === 'completed' ? campaign : undefined;
      },
      120_000,
      () => `campaign did not complete:\n${lab.output()}`,
      200,
    );
    expect(done.progress).toMatchObject({
      total: 13,
      retired: 12,
      blocked: 1,
      failed: 0,
      pending: 0,
    });
    expect(done.trust).toMatchObject({ confirmed: 4, failed: 0 });

    // What happened is what the plan said: the same items, stores and trust deliveries.
    const after = await lab.plan(id);
    expect(after.items.map((item) => [item.certificateId, item.state, item.stores])).toEqual(
      plan.items.map((item) => [
        item.certificateId,
        item.blocked ? 'blocked' : 'retired',
        item.stores,
      ]),
    );
    expect(after.trust.deliveries.map((delivery) => delivery.state)).toEqual(
      Array(4).fill('confirmed'),
    );

    const ecRoot = await caPem(lab, work.path, 'ec-Root');
    const ecCa = await caPem(lab, work.path, 'ec-CA');
    const legacyRoot = await caPem(lab, work.path, 'legacy-Root');
    const legacyCa = await caPem(lab, work.path, 'legacy-CA1');
    for (const item of after.items.filter((candidate) => candidate.blocked === null)) {
      const store = item.stores[0]!;
      const text = readFileSync(lab.file(store.machine, store.path), 'utf8');
      const [leaf, ...chain] = readCertificates(text);
      expect(leaf?.thumbprint).toBe(item.newThumbprint);
      const x509 = new X509Certificate(leaf!.pem);
      expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      const leafFile = join(work.path, `new-${item.certificateId}.pem`);
      writeFileSync(leafFile, leaf!.pem);
      // With the chain the store carries (IncludesChain) or, without one, the issuing CA as published.
      const untrusted = join(work.path, `chain-${item.certificateId}.pem`);
      writeFileSync(
        untrusted,
        chain.length > 0 ? chain.map((c) => c.pem).join('') : readFileSync(ecCa),
      );
      const verified = openssl(['verify', '-CAfile', ecRoot, '-untrusted', untrusted, leafFile]);
      expect(verified).toEqual({ status: 0, output: `${leafFile}: OK\n` });
      expect(
        openssl(['verify', '-CAfile', legacyRoot, '-untrusted', legacyCa, leafFile]).status,
      ).not.toBe(0);
      // The key beside it (in the file or the separate key file) is the new certificate's.
      const keyFile = text.includes('PRIVATE KEY')
        ? lab.file(store.machine, store.path)
        : lab.file(store.machine, store.path.replace(/\.pem$/, '.key'));
      expect(openssl(['pkey', '-pubout', '-in', keyFile]).output).toBe(
        openssl(['x509', '-pubkey', '-noout', '-in', leafFile]).output,
      );
    }

    // Both trust stores hold the new root and issuing CA.
    const ecThumbprints = [ecRoot, ecCa].map(
      (file) => readCertificates(readFileSync(file, 'utf8'))[0]!.thumbprint,
    );
    for (const [machine, path] of [
      [MACHINES.web, '/etc/ssl/trust.pem'],
      [MACHINES.db, '/var/lib/tls/trust.pem'],
    ] as const) {
      const trusted = readCertificates(readFileSync(lab.file(machine, path), 'utf8')).map(
        (c) => c.thumbprint,
      );
      expect(trusted).toEqual(expect.arrayContaining(ecThumbprints));
    }

    // Every old certificate is on the CRL its CDP names, as superseded; -crl_check refuses it.
    const crls = new Map<string, { pem: string; text: string }>();
    for (const [certificateId, old] of oldLeaves) {
      const oldFile = join(work.path, `old-${certificateId}.pem`);
      writeFileSync(oldFile, old.pem);
      const cdp = /URI:(\S+)/.exec(
        openssl(['x509', '-noout', '-ext', 'crlDistributionPoints', '-in', oldFile]).output,
      )?.[1];
      expect(cdp).toBe(`${lab.server.url}/crl/legacy-CA1.crl`);
      let crl = crls.get(cdp!);
      if (!crl) {
        const response = await fetch(cdp!);
        expect(response.status).toBe(200);
        const der = join(work.path, 'legacy-CA1.crl');
        writeFileSync(der, Buffer.from(await response.arrayBuffer()));
        const pem = join(work.path, 'legacy-CA1.crl.pem');
        expect(openssl(['crl', '-inform', 'DER', '-in', der, '-out', pem]).status).toBe(0);
        crl = { pem, text: openssl(['crl', '-noout', '-text', '-in', pem]).output };
        crls.set(cdp!, crl);
      }
      const serial = openssl(['x509', '-noout', '-serial', '-in', oldFile])
        .output.trim()
        .replace('serial=', '');
      expect(crl.text).toMatch(
        new RegExp(
          `Serial Number: ${serial}\\s+Revocation Date: [^\\n]+\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Superseded`,
        ),
      );
      // Valid by its chain alone; refused once the CRL is checked.
      expect(
        openssl(['verify', '-CAfile', legacyRoot, '-untrusted', legacyCa, oldFile]).status,
      ).toBe(0);
      const checked = openssl([
        'verify',
        '-crl_check',
        '-CAfile',
        legacyRoot,
        '-untrusted',
        legacyCa,
        '-CRLfile',
        crl.pem,
        oldFile,
      ]);
      expect(checked.status).not.toBe(0);
      expect(checked.output).toContain('certificate revoked');
    }
    expect(crls.size).toBe(1);
  }, 180_000);
});

describe('a campaign interrupted by server restarts (SIGKILL, then SIGTERM)', () => {
  const lab = new Lab();

  beforeAll(async () => {
    await lab.start();
    lab.startAgents();
    await lab.seededOnDisk();
  }, 120_000);
  afterAll(async () => {
    await lab.close();
  });

  it('resumes and completes without renewing any certificate twice', async () => {
    // Without agents the campaign stops with two batches issued and waiting for delivery.
    await lab.stopAgents();
    const id = await createCampaign(lab, { batchSize: 2, retireOld: true });
    expect((await lab.server.request('POST', `/api/campaigns/${id}/execute`)).status).toBe(200);
    const inFlight = (campaign: Campaign) =>
      campaign.progress.issued === 4 && campaign.progress.pending === 8 ? campaign : undefined;
    await waitFor(
      async () => inFlight(await lab.campaign(id)),
      60_000,
      () => lab.output(),
      100,
    );

    expect(await lab.server.stop('SIGKILL')).toBe('SIGKILL');
    await lab.start();
    expect(inFlight(await lab.campaign(id))).toMatchObject({ state: 'running' });

    // Nest closes the application (the runner finishes what it holds), then re-raises the signal.
    expect(await lab.server.stop('SIGTERM')).toBe('SIGTERM');
    await lab.start();
    expect(inFlight(await lab.campaign(id))).toMatchObject({ state: 'running' });

    lab.startAgents();
    const done = await waitFor(
      async () => {
        const campaign = await lab.campaign(id);
        return campaign.state === 'completed' ? campaign : undefined;
      },
      120_000,
      () => `campaign did not complete:\n${lab.output()}`,
      200,
    );
    expect(done.progress).toMatchObject({ retired: 12, failed: 0, pending: 0, issued: 0 });
    const plan = await lab.plan(id);
    for (const original of ORIGINALS) {
      const renewals = await renewalsOf(lab, original);
      expect(renewals).toHaveLength(1);
      const item = plan.items.find((candidate) => candidate.certificateId === original)!;
      expect(item.newThumbprint).toBe(renewals[0]!.Thumbprint);
      const store = item.stores[0]!;
      expect(lab.leafOf(store.machine, store.path)?.thumbprint).toBe(renewals[0]!.Thumbprint);
    }
  }, 240_000);
});
