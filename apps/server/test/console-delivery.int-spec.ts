import { Logger } from '@nestjs/common';
import {
  type AgentView,
  type AuditChainStatus,
  type AuditEventView,
  type AuditFacets,
  type JobView,
  type MachineView,
  type Page,
  type RegisterResponse,
  type StoreDetail,
} from '@certlab/contracts';
import { AuditChainCheck } from '../src/modules/audit/audit-chain-check';
import { consoleClient, refusalCheck } from './support/console-checks';
import { call, type LabServer, startLabServer } from './support/lab-server';

/*
 * Machines, agents, stores, jobs and the audit trail as the console reads them on the default
 * lab, and the console's delivery actions: an inventory job, agent approval.
 */

const CHERRY = '192.168.41.171';
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';
const TRUST_STORE = '2a6f4c8e-3d1b-4e7a-9c5f-8b0d2e4f6a13';

let server: LabServer;
const api = consoleClient(() => server);
beforeAll(async () => {
  server = await startLabServer();
});
afterAll(async () => {
  await server.close({ remove: true });
});

const refused = refusalCheck(() => server);

describe('machines and stores', () => {
  it('lists every machine with its agent and stores, counting what each store holds', async () => {
    const machines = await api<MachineView[]>('GET', '/api/machines', { as: 'auditor' });
    expect(machines.map((machine) => machine.clientMachine)).toEqual([
      CHERRY,
      'db01.jdk.cms',
      'web01.jdk.cms',
    ]);
    const cherry = machines[0]!;
    expect(cherry.agent).toMatchObject({
      clientMachine: CHERRY,
      status: 'Approved',
      lastSeen: null,
      online: false,
    });
    expect(
      cherry.stores.map((store) => [store.storePath, store.certificateCount, store.isTrustStore]),
    ).toEqual([
      ['/home/pi/cherry/api.pem', 1, false],
      ['/home/pi/cherry/cherrystore', 1, false],
      ['/home/pi/cherry/trust/ca-bundle.pem', 0, true],
    ]);
    expect(cherry.stores[1]).toMatchObject({
      id: CHERRYSTORE,
      displayName: `${CHERRY}-/home/pi/cherry/cherrystore`,
      storeType: 'PEM',
      approved: true,
      agentId: cherry.agent!.id,
    });
  });

  it('shows a store with its agent and inventory', async () => {
    const store = await api<StoreDetail>('GET', `/api/stores/${CHERRYSTORE.toUpperCase()}`, {
      as: 'auditor',
    });
    expect(store).toMatchObject({
      id: CHERRYSTORE,
      certificateCount: 1,
      agent: { clientMachine: CHERRY },
      inventory: [
        {
          alias: 'cherry',
          certificateId: 7,
          commonName: 'cherry.jdk.cms',
          keyAlgorithm: 'RSA-2048',
          state: 'expiring',
          issuer: 'CN=jdk-CA1,DC=jdk,DC=cms',
          hasPrivateKey: true,
        },
      ],
    });
    expect((await api<StoreDetail>('GET', `/api/stores/${TRUST_STORE}`)).inventory).toEqual([]);
    await refused('GET', '/api/stores/cherrystore', undefined, 400, '0xA0111001');
    await refused(
      'GET',
      '/api/stores/00000000-0000-4000-8000-000000000000',
      undefined,
      404,
      '0xA0110603',
    );
  });
});

describe('jobs', () => {
  it('lists the seeded deliveries newest first, filtered by store, certificate and status', async () => {
    const all = await api<Page<JobView>>('GET', '/api/jobs', { as: 'auditor' });
    expect(all.total).toBe(5);
    expect(all.items.map((job) => job.certificateId).sort()).toEqual([1, 2, 3, 4, 7]);
    const cherry = await api<Page<JobView>>('GET', `/api/jobs?storeId=${CHERRYSTORE}`);
    expect(cherry.items).toEqual([
      expect.objectContaining({
        storeId: CHERRYSTORE,
        clientMachine: CHERRY,
        storeName: `${CHERRY}-/home/pi/cherry/cherrystore`,
        jobType: 'Management',
        operation: 'Add',
        certificateId: 7,
        alias: 'cherry',
        status: 'Pending',
        attempts: 0,
      }),
    ]);
    expect((await api<Page<JobView>>('GET', '/api/jobs?certificateId=7')).total).toBe(1);
    expect((await api<Page<JobView>>('GET', '/api/jobs?status=Succeeded')).total).toBe(0);
    const page = await api<Page<JobView>>('GET', '/api/jobs?limit=2&page=3');
    expect(page).toMatchObject({ total: 5, page: 3, limit: 2 });
    expect(page.items).toHaveLength(1);
    await refused('GET', '/api/jobs?storeId=cherry', undefined, 400, '0xA0111001');
    await refused('GET', '/api/jobs?status=Done', undefined, 400, '0xA0111002');
    await refused('GET', '/api/jobs?certificateId=x', undefined, 400, '0xA0111002');
  });

  it('schedules an inventory job now or later (admin), answered as the job', async () => {
    const now = await api<JobView>('POST', `/api/stores/${CHERRYSTORE}/inventory`, {
      body: {},
      status: 201,
    });
    expect(now).toMatchObject({
      storeId: CHERRYSTORE,
      jobType: 'Inventory',
      operation: 'Inventory',
      status: 'Pending',
      certificateId: null,
      requestedBy: 'admin',
    });
    const at = '2030-01-01T00:00:00.000Z';
    const later = await api<JobView>('POST', `/api/stores/${CHERRYSTORE}/inventory`, {
      body: { at: '2030-01-01T01:00:00+01:00' },
      status: 201,
    });
    expect(later).toMatchObject({ scheduledFor: at });
    expect(later.id).not.toBe(now.id);
    const listed = await api<Page<JobView>>('GET', `/api/jobs?storeId=${CHERRYSTORE}&limit=2`);
    expect(listed.items.map((job) => job.id).sort()).toEqual([now.id, later.id].sort());

    await refused(
      'POST',
      `/api/stores/${CHERRYSTORE}/inventory`,
      {},
      403,
      '0xA0110102',
      'enroller',
    );
    await refused(
      'POST',
      `/api/stores/${CHERRYSTORE}/inventory`,
      { at: 'tomorrow' },
      400,
      '0xA0111003',
    );
    await refused('POST', `/api/stores/${CHERRYSTORE}/inventory`, { when: 1 }, 400, '0xA0111003');
    await refused(
      'POST',
      '/api/stores/00000000-0000-4000-8000-000000000000/inventory',
      {},
      404,
      '0xA0110603',
    );
    await refused('POST', '/api/stores/x/inventory', {}, 400, '0xA0111001');
  });
});

describe('agents', () => {
  it('approves and disapproves an agent that registered (admin)', async () => {
    const registered = await call(server, 'POST', '/KeyfactorAgents/Session/Register', {
      credentials: server.credentials.agent,
      body: {
        ClientMachine: 'new01.jdk.cms',
        AgentVersion: '0.1.0',
        Capabilities: ['CertStores.RFPEM.Inventory'],
      },
    });
    expect(registered.status).toBe(200);
    const id = (registered.body as RegisterResponse).Session.AgentId;
    const machines = await api<MachineView[]>('GET', '/api/machines');
    expect(machines.find((machine) => machine.clientMachine === 'new01.jdk.cms')).toMatchObject({
      agent: { id, status: 'New', online: true, version: '0.1.0' },
      stores: [],
    });
    await refused('POST', `/api/agents/${id}/approve`, undefined, 403, '0xA0110102', 'auditor');
    const approved = await api<AgentView>('POST', `/api/agents/${id.toUpperCase()}/approve`);
    expect(approved).toMatchObject({
      id,
      status: 'Approved',
      capabilities: ['CertStores.RFPEM.Inventory'],
    });
    expect(await api<AgentView>('POST', `/api/agents/${id}/disapprove`)).toMatchObject({
      status: 'Disapproved',
    });
    await refused(
      'POST',
      '/api/agents/00000000-0000-4000-8000-000000000000/approve',
      undefined,
      404,
      '0xA0110A05',
    );
    await refused('POST', '/api/agents/new01/approve', undefined, 400, '0xA0111001');
  });
});

describe('the audit trail', () => {
  it('pages events newest first, filters exactly or by family, and lists the facets', async () => {
    const page = await api<Page<AuditEventView>>('GET', '/api/audit?limit=3', { as: 'auditor' });
    expect(page.items.map((event) => event.id)).toEqual([
      page.total,
      page.total - 1,
      page.total - 2,
    ]);
    expect(page.items[0]!.previousHash).toBe(page.items[1]!.hash);
    const agents = await api<Page<AuditEventView>>('GET', '/api/audit?action=agent.*');
    expect(agents.items.map((event) => event.action)).toEqual([
      'agent.disapproved',
      'agent.approved',
      'agent.registered',
    ]);
    const exact = await api<Page<AuditEventView>>(
      'GET',
      '/api/audit?action=agent.approved&actor=admin&subjectType=agent',
    );
    expect(exact.total).toBe(1);
    expect(exact.items[0]).toMatchObject({
      actor: 'admin',
      subjectType: 'agent',
      details: { clientMachine: 'new01.jdk.cms' },
    });
    const bySubject = await api<Page<AuditEventView>>(
      'GET',
      `/api/audit?subjectType=agent&subjectId=${exact.items[0]!.subjectId}`,
    );
    expect(bySubject.total).toBe(3);
    expect((await api<Page<AuditEventView>>('GET', '/api/audit?action=agent')).total).toBe(0);
    const facets = await api<AuditFacets>('GET', '/api/audit/facets', { as: 'auditor' });
    expect(facets.actions).toEqual(
      expect.arrayContaining(['agent.approved', 'store.inventory-scheduled']),
    );
    expect(facets.actions).toEqual([...facets.actions].sort());
    expect(facets.actors).toEqual(expect.arrayContaining(['admin', 'agent']));
    expect(facets.subjectTypes).toEqual(expect.arrayContaining(['agent', 'store']));
    await refused('GET', '/api/audit?limit=501', undefined, 400, '0xA0111002');
    await refused('GET', '/api/audit?who=admin', undefined, 400, '0xA0111002');
  });

  it('checks the hash chain, finds an edited event, and says so at boot', async () => {
    const intact = await api<AuditChainStatus>('GET', '/api/audit/chain', { as: 'auditor' });
    expect(intact).toMatchObject({ intact: true, firstBrokenEventId: null });
    expect(intact.events).toBeGreaterThan(5);
    await server.dataSource.query("UPDATE audit_events SET actor = 'mallory' WHERE id = 3");
    const broken = await api<AuditChainStatus>('GET', '/api/audit/chain');
    expect(broken).toMatchObject({ intact: false, firstBrokenEventId: 3, events: intact.events });
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await server.app.get(AuditChainCheck).onApplicationBootstrap();
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/hash chain BROKEN at event 3/));
    } finally {
      errors.mockRestore();
    }
  });
});
