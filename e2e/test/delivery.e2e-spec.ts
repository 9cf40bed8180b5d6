import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CmsRenewResponse } from '@certlab/contracts';
import { readCertificates } from '@certlab/pki';
import {
  ADMIN_PASSWORD,
  apiClient,
  type ApiRequest,
  freePort,
  openssl,
  ROOT,
  type RunningProcess,
  startProcess,
  tempDir,
  waitFor,
} from './support/processes';

/**
 * The demo certlab exists for, as a user runs it: `pnpm start` (the lab launcher: the server and
 * one agent per machine), then the vendor's example renewal, and the new PEM in the store's file.
 */
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';
const CHERRY_FILE = ['192.168.41.171', 'home/pi/cherry/cherrystore'];
const WEB01_STORE = '9e7d5c3b-1a2f-4b6e-8d0c-7f5e3a1b9c24';

let lab: RunningProcess;
let url: string;
let api: ApiRequest;
const data = tempDir('lab');

const storeFile = (machine: string, path: string) => join(data.path, 'stores', machine, path);
const leafThumbprint = (file: string) =>
  existsSync(file) ? readCertificates(readFileSync(file, 'utf8'))[0]?.thumbprint : undefined;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  api = apiClient(url);
  lab = startProcess([join(ROOT, 'scripts/start-lab.mjs')], {
    PORT: String(port),
    CERTLAB_DATA_DIR: data.path,
    CERTLAB_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CERTLAB_AGENT_POLL_INTERVAL: '1',
  });
  // The lab is up when the seeded certificate 7 sits in the cherrystore on disk.
  await waitFor(
    () => leafThumbprint(storeFile(CHERRY_FILE[0]!, CHERRY_FILE[1]!)),
    90_000,
    () => `cherrystore never written:\n${lab.output()}`,
    200,
  );
}, 120_000);

afterAll(async () => {
  expect(await lab.stop('SIGTERM')).toBe(0);
  data.remove();
});

describe('pnpm start, then the vendor example', () => {
  it('every seeded certificate the lab places in a store is on disk', async () => {
    const stores = (await api('GET', '/KeyfactorAPI/CertificateStores')).body as {
      Id: string;
      ClientMachine: string;
      Storepath: string;
      Properties: string;
    }[];
    // Trust stores start empty: only a campaign with trust first writes CA certificates there.
    const leafStores = stores.filter(
      (store) => !/"IsTrustStore":\s*"true"/i.test(store.Properties),
    );
    expect(leafStores.length).toBeLessThan(stores.length);
    const cert7 = (await api('GET', '/KeyfactorAPI/Certificates/7')).body as { Thumbprint: string };
    expect(leafThumbprint(storeFile(CHERRY_FILE[0]!, CHERRY_FILE[1]!))).toBe(cert7.Thumbprint);
    for (const store of leafStores) {
      await waitFor(
        () => leafThumbprint(storeFile(store.ClientMachine, store.Storepath)),
        20_000,
        () => `${store.Storepath} never written:\n${lab.output()}`,
      );
    }
  });

  it('renews certificate 7 and the new PEM, with its key, is in the cherrystore within 5 s', async () => {
    const response = await api('POST', '/CMSApi/CertEnroll/3/Renew', {
      Lookup: { Type: 'CMSID', CMSID: 7 },
      CertStores: [CHERRYSTORE],
      Template: 'UserServer',
      CAConfiguration: 'CA1.jdk.com\\jdk-CA1',
      Metadata: { 'Email-Contact': 'a.b@example.com' },
    });
    const renewedAt = Date.now();
    expect(response.status).toBe(200);
    const { Thumbprint } = response.body as CmsRenewResponse;
    const file = storeFile(CHERRY_FILE[0]!, CHERRY_FILE[1]!);

    await waitFor(
      () => leafThumbprint(file) === Thumbprint,
      5_000,
      () => `not delivered within 5 s:\n${lab.output()}`,
    );
    const elapsed = Date.now() - renewedAt;
    expect(elapsed).toBeLessThan(5_000);

    // The file: leaf then key (no chain, no separate key in this store), 0600 because it holds the key.
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^-----BEGIN CERTIFICATE-----[\s\S]+-----BEGIN PRIVATE KEY-----/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const leaf = new X509Certificate(text);
    expect(leaf.fingerprint.replace(/:/g, '')).toBe(Thumbprint);
    // The key in the file is the certificate's key.
    const fromKey = openssl(['pkey', '-pubout'], text);
    const fromCert = openssl(['x509', '-pubkey', '-noout'], text);
    expect(fromKey.status).toBe(0);
    expect(fromKey.output).toBe(fromCert.output);
    // openssl verify against the legacy chain, downloaded from the server.
    const download = await api(
      'POST',
      '/KeyfactorAPI/Certificates/Download',
      { CertID: 7, IncludeChain: true },
      { 'x-certificateformat': 'PEM' },
    );
    expect(download.status).toBe(200);
    const chain = readCertificates(
      Buffer.from((download.body as { Content: string }).Content, 'base64').toString('utf8'),
    ).slice(1);
    const caFile = join(data.path, 'ca.pem');
    writeFileSync(caFile, chain.map((certificate) => certificate.pem).join(''));
    const verified = openssl(['verify', '-CAfile', caFile, file]);
    expect(verified.output).toContain(': OK');

    // The job history says Success, and the store's inventory shows the new certificate only.
    const history = await waitFor(
      async () => {
        const jobs = (await api('GET', '/KeyfactorAPI/OrchestratorJobs/JobHistory')).body as {
          Result: number;
          Message?: string;
          StorePath?: string;
        }[];
        return jobs.find((job) => job.Message?.includes(Thumbprint));
      },
      5_000,
      () => 'no history entry for the delivery',
    );
    expect(history).toMatchObject({ StorePath: '/home/pi/cherry/cherrystore', Result: 2 });
    const inventory = (await api('GET', `/KeyfactorAPI/CertificateStores/${CHERRYSTORE}/Inventory`))
      .body as { Certificates: { Thumbprint: string }[] }[];
    expect(
      inventory.flatMap((item) => item.Certificates.map((certificate) => certificate.Thumbprint)),
    ).toEqual([Thumbprint]);
  });

  it('a store with IncludesChain and SeparatePrivateKeyFilePath gets leaf + chain and a 0600 key file', async () => {
    const response = await api('POST', '/CMSApi/CertEnroll/3/Renew', {
      Lookup: { Type: 'CMSID', CMSID: 1 },
      CertStores: [WEB01_STORE],
    });
    const { Thumbprint } = response.body as CmsRenewResponse;
    const certFile = storeFile('web01.jdk.cms', 'etc/ssl/certs/web01.pem');
    const keyFile = storeFile('web01.jdk.cms', 'etc/ssl/private/web01.key');
    await waitFor(
      () => leafThumbprint(certFile) === Thumbprint,
      5_000,
      () => `web01 not delivered:\n${lab.output()}`,
    );
    const certificates = readCertificates(readFileSync(certFile, 'utf8'));
    expect(certificates.length).toBe(3); // leaf, issuing CA, root
    expect(readFileSync(certFile, 'utf8')).not.toContain('PRIVATE KEY');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const root = join(data.path, 'web01-root.pem');
    writeFileSync(root, certificates[2]!.pem);
    expect(
      openssl([
        'verify',
        '-x509_strict',
        '-purpose',
        'sslserver',
        '-CAfile',
        root,
        '-untrusted',
        certFile,
        certFile,
      ]).output,
    ).toContain(': OK');
    expect(openssl(['pkey', '-in', keyFile, '-pubout']).output).toBe(
      openssl(['x509', '-in', certFile, '-pubkey', '-noout']).output,
    );
  });
});
