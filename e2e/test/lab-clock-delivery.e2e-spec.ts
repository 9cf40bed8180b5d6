import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CmsRenewResponse, type LabClockView } from '@certlab/contracts';
import { readCertificates } from '@certlab/pki';
import {
  type RunningProcess,
  type ServerProcess,
  startAgent,
  startServer,
  tempDir,
  waitFor,
} from './support/processes';

/**
 * A lab whose clock runs 60 days ahead still delivers: the server issues from its virtual now, so
 * the renewed certificate is not yet valid by real time, and the agent, judging validity by the
 * server's `X-Certlab-Time`, writes it anyway. Real server and agent processes, real files.
 */
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';
const CHERRY_MACHINE = '192.168.41.171';
const DAY_MS = 86_400_000;

let server: ServerProcess;
let agent: RunningProcess;
const data = tempDir('clock-lab');
const root = tempDir('clock-agent');
const cherrystore = join(root.path, 'home/pi/cherry/cherrystore');
const leafOnDisk = () =>
  existsSync(cherrystore) ? readCertificates(readFileSync(cherrystore, 'utf8'))[0] : undefined;

beforeAll(async () => {
  server = await startServer({ dataDir: data.path });
  agent = startAgent({ serverUrl: server.url, clientMachine: CHERRY_MACHINE, root: root.path });
  // The seeded certificate 7 is delivered first, at real time.
  await waitFor(leafOnDisk, 60_000, () => `cherrystore never written:\n${agent.output()}`, 200);
}, 90_000);

afterAll(async () => {
  await agent.stop('SIGTERM');
  await server.stop('SIGTERM');
  data.remove();
  root.remove();
});

describe('a lab clock 60 days ahead', () => {
  it('renews from the virtual now and the agent delivers what real time calls not yet valid', async () => {
    const advanced = await server.request('POST', '/api/lab/clock', { advance: '+60d' });
    expect(advanced.status).toBe(200);
    expect(advanced.body).toMatchObject({ mode: 'offset', offsetSeconds: 5_184_000 });

    const renewal = await server.request('POST', '/CMSApi/CertEnroll/3/Renew', {
      Lookup: { Type: 'CMSID', CMSID: 7 },
      CertStores: [CHERRYSTORE],
      Template: 'UserServer',
      CAConfiguration: 'CA1.jdk.com\\jdk-CA1',
    });
    expect(renewal.status).toBe(200);
    const { Thumbprint } = renewal.body as CmsRenewResponse;

    await waitFor(
      () => leafOnDisk()?.thumbprint === Thumbprint,
      30_000,
      () => `renewal not delivered:\n${agent.output()}`,
    );
    const written = new X509Certificate(readFileSync(cherrystore, 'utf8'));
    const notBefore = Date.parse(written.validFrom);
    // Not valid by real time, valid by the server's.
    expect(notBefore).toBeGreaterThan(Date.now() + 59 * DAY_MS);
    const clock = (await server.request('GET', '/api/lab/clock')).body as LabClockView;
    expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(notBefore);
    // The agent logs the job once it has reported back, a moment after the file is in place.
    await waitFor(
      () => new RegExp(`status=Success .*certificate ${Thumbprint} added`).test(agent.output()),
      10_000,
      () => `the agent never reported the delivery:\n${agent.output()}`,
    );
  });
});
