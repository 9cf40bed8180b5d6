import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CmsRenewResponse } from '@certlab/contracts';
import { readCertificates } from '@certlab/pki';
import {
  freePort,
  type RunningProcess,
  type ServerProcess,
  startAgent,
  startServer,
  tempDir,
  waitFor,
} from './support/processes';

/**
 * A real TLS consumer: nginx (Debian's package) serves web01's store on a loopback port. After a
 * renewal the agent writes the store and runs its reload hook, and `openssl s_client` receives
 * the new certificate.
 */
const NGINX = '/usr/sbin/nginx';
const WEB01_STORE = '9e7d5c3b-1a2f-4b6e-8d0c-7f5e3a1b9c24';

const data = tempDir('tls');
const root = join(data.path, 'stores', 'web01.jdk.cms');
const certFile = join(root, 'etc/ssl/certs/web01.pem');
const keyFile = join(root, 'etc/ssl/private/web01.key');
const nginxDir = join(data.path, 'nginx');
const nginxConf = join(nginxDir, 'nginx.conf');
let tlsPort: number;
let server: ServerProcess;
let agent: RunningProcess;

function nginx(...args: string[]): { status: number; output: string } {
  const result = spawnSync(NGINX, ['-p', nginxDir, '-c', nginxConf, ...args], { encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** The certificate a TLS client receives from nginx right now. */
function servedThumbprint(): string | undefined {
  const result = spawnSync(
    'openssl',
    ['s_client', '-connect', `127.0.0.1:${tlsPort}`, '-servername', 'www.jdk.cms'],
    {
      input: '',
      encoding: 'utf8',
      timeout: 10_000,
    },
  );
  return readCertificates(result.stdout ?? '')[0]?.thumbprint;
}

beforeAll(async () => {
  tlsPort = await freePort();
  mkdirSync(join(nginxDir, 'logs'), { recursive: true });
  writeFileSync(
    nginxConf,
    [
      'daemon on;',
      `pid ${join(nginxDir, 'nginx.pid')};`,
      `error_log ${join(nginxDir, 'logs/error.log')};`,
      'events { worker_connections 64; }',
      'http {',
      `  access_log ${join(nginxDir, 'logs/access.log')};`,
      `  client_body_temp_path ${nginxDir}/body; proxy_temp_path ${nginxDir}/proxy; fastcgi_temp_path ${nginxDir}/fastcgi; uwsgi_temp_path ${nginxDir}/uwsgi; scgi_temp_path ${nginxDir}/scgi;`,
      `  server { listen 127.0.0.1:${tlsPort} ssl; server_name www.jdk.cms; ssl_certificate ${certFile}; ssl_certificate_key ${keyFile}; return 200 "certlab\\n"; }`,
      '}',
      '',
    ].join('\n'),
  );
  server = await startServer({ dataDir: join(data.path, 'server') });
  const configFile = join(data.path, 'agent.json');
  // The hook is the agent's own configuration: the server never sends commands.
  writeFileSync(
    configFile,
    JSON.stringify({
      hooks: [
        {
          storePath: '/etc/ssl/certs/web01.pem',
          command: `${NGINX} -p ${nginxDir} -c ${nginxConf} -s reload`,
          timeoutSeconds: 20,
        },
      ],
    }),
  );
  agent = startAgent({ serverUrl: server.url, clientMachine: 'web01.jdk.cms', root, configFile });
  // The seeded certificate lands first (its hook fails harmlessly: nginx is not running yet).
  await waitFor(
    () => readCertificates(existsSync(certFile) ? readFileSync(certFile, 'utf8') : '')[0],
    30_000,
    () => agent.output(),
  );
  await waitFor(
    () => existsSync(keyFile),
    10_000,
    () => agent.output(),
  );
  const started = nginx();
  expect(started.status).toBe(0);
}, 90_000);

afterAll(async () => {
  nginx('-s', 'quit');
  await agent.stop();
  await server.stop();
  data.remove();
});

it('nginx serves the renewed certificate after the agent writes it and runs the reload hook', async () => {
  const seeded = (await server.request('GET', '/KeyfactorAPI/Certificates/1')).body as {
    Thumbprint: string;
  };
  await waitFor(
    () => servedThumbprint() === seeded.Thumbprint,
    10_000,
    () => `nginx serves ${servedThumbprint()}`,
  );

  const response = await server.request('POST', '/CMSApi/CertEnroll/3/Renew', {
    Lookup: { Type: 'CMSID', CMSID: 1 },
    CertStores: [WEB01_STORE],
  });
  const { Thumbprint } = response.body as CmsRenewResponse;
  expect(Thumbprint).not.toBe(seeded.Thumbprint);

  await waitFor(
    () => servedThumbprint() === Thumbprint,
    15_000,
    () => `nginx still serves ${servedThumbprint()}:\n${agent.output()}`,
    250,
  );
  const history = (await server.request('GET', '/KeyfactorAPI/OrchestratorJobs/JobHistory'))
    .body as { Message: string; Result: number }[];
  expect(history.find((entry) => entry.Message.includes(Thumbprint))?.Result).toBe(2);
});
