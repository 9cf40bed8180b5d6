import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_LAB } from './support/lab-server';
import { CHERRY_STORE, type Json, keyfactorClient, useLabServer } from './support/keyfactor-client';

/*
 * The Keyfactor API's reference data and inventory views over real HTTP against the default lab:
 * CAs, templates, metadata fields, stores and their inventory, orchestrator jobs and agents. Every
 * answer is checked against the vendor's OpenAPI document; the two store GETs the document lacks
 * are checked against its `Models.CertificateStore`.
 */

const seed = parse(readFileSync(DEFAULT_LAB, 'utf8')) as {
  authorities: { configuration: string }[];
};
const server = useLabServer();
const kf = keyfactorClient(server);

describe('reference data', () => {
  it('lists the CAs, templates and metadata fields of the lab', async () => {
    const authorities = (await kf('GET', '/KeyfactorAPI/CertificateAuthority')).body as Json[];
    const templates = (await kf('GET', '/KeyfactorAPI/Templates')).body as Json[];
    const fields = (await kf('GET', '/KeyfactorAPI/MetadataFields')).body as Json[];

    expect(
      authorities.map((ca) => `${ca.HostName as string}\\${ca.LogicalName as string}`),
    ).toEqual(seed.authorities.map((ca) => ca.configuration));
    expect(templates.map((template) => template.CommonName)).toEqual([
      'UserServer',
      'WebServerECDSA',
      'UserServerApproval',
    ]);
    expect(
      templates.find((template) => template.CommonName === 'UserServerApproval'),
    ).toMatchObject({ RequiresApproval: true, KeyType: 'RSA', KeySize: '2048' });
    expect(fields.map((field) => field.Name)).toContain('Email-Contact');
    expect(fields).toHaveLength(7);
  });

  it('gets one template and one metadata field, 404 when unknown', async () => {
    const templates = (await kf('GET', '/KeyfactorAPI/Templates')).body as Json[];
    const ecdsa = templates.find((template) => template.CommonName === 'WebServerECDSA')!;
    const details = (await kf('GET', `/KeyfactorAPI/Templates/${ecdsa.Id as number}`)).body as Json;
    const field = (await kf('GET', '/KeyfactorAPI/MetadataFields/1')).body as Json;

    expect(details).toMatchObject({
      KeyType: 'ECC',
      KeySize: '256',
      Curve: '1.2.840.10045.3.1.7',
      TemplatePolicy: { ECCValidCurves: ['1.2.840.10045.3.1.7'] },
    });
    expect(field.Id).toBe(1);
    expect((await kf('GET', '/KeyfactorAPI/Templates/9999')).status).toBe(404);
    expect((await kf('GET', '/KeyfactorAPI/MetadataFields/9999')).status).toBe(404);
  });
});

describe('stores, inventory, jobs and agents', () => {
  it('lists the stores and gets one by GUID: 404 when unknown, 400 when malformed', async () => {
    const stores = (await kf('GET', '/KeyfactorAPI/CertificateStores')).body as Json[];
    const cherry = (
      await kf('GET', `/KeyfactorAPI/CertificateStores/${CHERRY_STORE.toUpperCase()}`)
    ).body as Json;

    expect(stores).toHaveLength(8);
    expect(cherry).toMatchObject({
      Id: CHERRY_STORE,
      ClientMachine: '192.168.41.171',
      Storepath: '/home/pi/cherry/cherrystore',
      Approved: true,
    });
    expect(
      (await kf('GET', '/KeyfactorAPI/CertificateStores/00000000-0000-4000-8000-000000000000'))
        .status,
    ).toBe(404);
    expect((await kf('GET', '/KeyfactorAPI/CertificateStores/not-a-guid')).status).toBe(400);
  });

  it("inventories the cherry store: the alias 'cherry' holds certificate 7", async () => {
    const { Thumbprint } = (await kf('GET', '/KeyfactorAPI/Certificates/7')).body as Json;
    const inventory = (await kf('GET', `/KeyfactorAPI/CertificateStores/${CHERRY_STORE}/Inventory`))
      .body as Json[];

    expect(inventory).toEqual([
      {
        Name: 'cherry',
        Parameters: {},
        Certificates: [
          expect.objectContaining({ Id: 7, Thumbprint, IssuerDN: 'CN=jdk-CA1,DC=jdk,DC=cms' }),
        ],
      },
    ]);
  });

  it('lists the agents, and the jobs that put the seeded certificates on disk', async () => {
    const agents = (await kf('GET', '/KeyfactorAPI/Agents')).body as Json[];

    expect(agents.map((agent) => agent.ClientMachine).sort()).toEqual([
      '192.168.41.171',
      'db01.jdk.cms',
      'web01.jdk.cms',
    ]);
    // One Add per certificate the lab places in a store, waiting for the machines' agents.
    const scheduled = (await kf('GET', '/KeyfactorAPI/OrchestratorJobs/ScheduledJobs'))
      .body as Json[];
    expect(scheduled.map((job) => job.Target).sort()).toEqual([
      '/etc/ssl/certs/intranet.pem',
      '/etc/ssl/certs/web01.pem',
      '/home/pi/cherry/api.pem',
      '/home/pi/cherry/cherrystore',
      '/var/lib/pgsql/server.pem',
    ]);
    expect((await kf('GET', '/KeyfactorAPI/OrchestratorJobs/JobHistory')).body).toEqual([]);
  });

  it('lets the auditor read', async () => {
    const credentials = server().credentials.auditor;

    expect((await kf('GET', '/KeyfactorAPI/Certificates', { credentials })).status).toBe(200);
    expect((await kf('GET', '/KeyfactorAPI/Agents', { credentials })).status).toBe(200);
  });
});
