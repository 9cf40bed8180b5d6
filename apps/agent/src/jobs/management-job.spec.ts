import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InventoryItemStatus,
  JobCompletionStatus,
  type ManagementJobConfiguration,
} from '@certlab/contracts';
import { readCertificates } from '@certlab/pki';
import {
  createTestPki,
  derContents,
  pkcs12Contents,
  type TestLeaf,
  type TestPki,
} from '../../test/factories/certificates';
import {
  type HookResult,
  type PostDeployHook,
  runPostDeployHook,
} from '../hooks/post-deploy-hooks';
import { PemStore, resolveStorePaths } from '../stores';
import { runInventoryJob } from './inventory-job';
import { type JobContext } from './job-context';
import { runManagementJob } from './management-job';

const STORE_PATH = '/etc/ssl/web01.pem';
const PASSWORD = 'per-job-Pfx-pa55';
const JOB_ID = '6f1c2a7e-0b3d-4c55-9a10-1f2e3d4c5b6a';

let pki: TestPki;
let oldLeaf: TestLeaf;
let newLeaf: TestLeaf;
let root: string;

beforeAll(async () => {
  pki = await createTestPki();
  oldLeaf = await pki.issueLeaf('web01.example');
  newLeaf = await pki.issueLeaf('web01.example');
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'certlab-mgmt-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function context(
  hooks: PostDeployHook[] = [],
  runHook = runPostDeployHook,
  serverNow: JobContext['serverNow'] = () => ({ at: new Date(), source: 'local' }),
): JobContext {
  return {
    jobId: JOB_ID,
    rootDir: root,
    clientMachine: 'agent-machine',
    hooks,
    openStore: (location) => new PemStore(location, { backup: true }),
    resolveStoreFiles: resolveStorePaths,
    runHook: (hook, env) => runHook(hook, env),
    environment: { PATH: process.env.PATH },
    serverNow,
  };
}

/** A management job as the server sends it, for the web01 store unless told otherwise. */
function job(overrides: Partial<ManagementJobConfiguration> = {}): ManagementJobConfiguration {
  return {
    Result: { Status: 1 },
    JobId: JOB_ID,
    JobCancelled: false,
    OperationType: 2,
    Overwrite: true,
    JobCertificate: {
      Thumbprint: newLeaf.thumbprint,
      Contents: pkcs12Contents(newLeaf, PASSWORD),
      Alias: '',
      PrivateKeyPassword: PASSWORD,
    },
    CertificateStoreDetails: {
      ClientMachine: 'web01',
      StorePath: STORE_PATH,
      StorePassword: null,
      Properties: '{"IncludesChain":"true"}',
      Type: 'RFPEM',
    },
    LastInventory: [],
    LeaseSeconds: 300,
    ...overrides,
  };
}

const storeFile = () => join(root, STORE_PATH);

/** Puts the old certificate in place, as a previous Add would have. */
async function seedOldCertificate(): Promise<void> {
  const seeded = await runManagementJob(
    job({
      JobCertificate: {
        Thumbprint: oldLeaf.thumbprint,
        Contents: pkcs12Contents(oldLeaf, PASSWORD),
        Alias: '',
        PrivateKeyPassword: PASSWORD,
      },
    }),
    context(),
  );
  expect(seeded.status).toBe(JobCompletionStatus.Success);
}

/** Every file under root with its content, to show a failed job changed nothing. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(path, 'latin1');
    }
  };
  walk(root);
  return files;
}

describe('management Add', () => {
  it('writes the PKCS#12 certificate, key and chain, and reports the new inventory', async () => {
    const outcome = await runManagementJob(job(), context());

    expect(outcome).toMatchObject({ operation: 'Add', status: JobCompletionStatus.Success });
    expect(outcome.message).toBe(
      `Site ${STORE_PATH} on server web01: certificate ${newLeaf.thumbprint} added, verified after writing`,
    );
    const written = readFileSync(storeFile(), 'utf8');
    expect(readCertificates(written).map((c) => c.thumbprint)).toEqual([
      newLeaf.thumbprint,
      ...newLeaf.chain.map((c) => c.thumbprint),
    ]);
    expect(written).toContain('-----BEGIN PRIVATE KEY-----');
    expect(statSync(storeFile()).mode & 0o777).toBe(0o600);
    expect(outcome.inventory).toEqual([
      {
        Alias: newLeaf.thumbprint,
        PrivateKeyEntry: true,
        ItemStatus: InventoryItemStatus.Added,
        UseChainLevel: false,
        Certificates: [newLeaf.certificate.pem, ...newLeaf.chain.map((c) => c.pem)],
      },
    ]);
  });

  it('replaces the old certificate on renewal (Overwrite) and says which one', async () => {
    await seedOldCertificate();

    const outcome = await runManagementJob(
      job({
        LastInventory: [
          {
            Alias: oldLeaf.thumbprint,
            PrivateKeyEntry: true,
            Thumbprints: [oldLeaf.thumbprint, ...oldLeaf.chain.map((c) => c.thumbprint)],
          },
        ],
      }),
      context(),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Success);
    expect(outcome.message).toBe(
      `Site ${STORE_PATH} on server web01: certificate ${newLeaf.thumbprint} added (replaced ${oldLeaf.thumbprint}), verified after writing`,
    );
    expect(outcome.inventory?.map((item) => [item.Alias, item.ItemStatus])).toEqual([
      [newLeaf.thumbprint, InventoryItemStatus.Added],
      [oldLeaf.thumbprint, InventoryItemStatus.Removed],
    ]);
    expect(readCertificates(readFileSync(`${storeFile()}.bak`, 'utf8'))[0]?.thumbprint).toBe(
      oldLeaf.thumbprint,
    );
  });

  it('adds a bare DER certificate when the job has no PKCS#12 password (trust store)', async () => {
    const outcome = await runManagementJob(
      job({
        JobCertificate: {
          Thumbprint: '',
          Contents: derContents(pki.root),
          Alias: '',
          PrivateKeyPassword: '',
        },
        CertificateStoreDetails: {
          ...job().CertificateStoreDetails,
          Properties: '{"IsTrustStore":"true"}',
        },
      }),
      context(),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Success);
    expect(outcome.inventory).toEqual([
      expect.objectContaining({ Alias: pki.root.thumbprint, PrivateKeyEntry: false }),
    ]);
  });

  it.each([
    [
      'a corrupt PKCS#12',
      () => ({ Contents: Buffer.from('not a pfx at all').toString('base64') }),
      /^Site \/etc\/ssl\/web01\.pem on server web01: Failure: the job's certificate cannot be used: .*\(MALFORMED_DER\)$/,
    ],
    [
      'a wrong PKCS#12 password',
      () => ({ PrivateKeyPassword: 'not-the-password' }),
      /: Failure: the job's certificate cannot be used: .*\(BAD_PASSWORD\)$/,
    ],
    [
      'contents that are not base64',
      () => ({ Contents: '%%% not base64 %%%' }),
      /: Failure: JobCertificate\.Contents is not base64$/,
    ],
    ['no contents at all', () => ({ Contents: '' }), /: Failure: the job carries no certificate/],
    [
      'a thumbprint that is not the certificate',
      () => ({ Thumbprint: oldLeaf.thumbprint }),
      /: Failure: .*not the expected .*\(BAD_CERTIFICATE\)$/,
    ],
  ])('fails on %s and leaves the store as it was', async (_label, change, message) => {
    await seedOldCertificate();
    const before = snapshot();

    const outcome = await runManagementJob(
      job({ JobCertificate: { ...job().JobCertificate, ...change() } }),
      context(),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Failure);
    expect(outcome.message).toMatch(message);
    expect(outcome.message).not.toContain(PASSWORD);
    expect(outcome.inventory).toBeUndefined();
    expect(snapshot()).toEqual(before);
  });

  it('refuses to replace an entry without Overwrite, as the vendor does', async () => {
    await seedOldCertificate();

    const outcome = await runManagementJob(job({ Overwrite: false }), context());

    expect(outcome.status).toBe(JobCompletionStatus.Failure);
    expect(outcome.message).toMatch(/overwrite is set to false \(ENTRY_EXISTS\)$/);
  });

  it('fails on a store path that leaves the root, writing nothing outside it', async () => {
    const outcome = await runManagementJob(
      job({
        CertificateStoreDetails: {
          ...job().CertificateStoreDetails,
          StorePath: '../../escape.pem',
        },
      }),
      context(),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Failure);
    expect(outcome.message).toMatch(
      /^Site \.\.\/\.\.\/escape\.pem on server web01: Failure: .*\(PATH_ESCAPE\)$/,
    );
  });

  it('fails on store properties that are not a JSON object', async () => {
    const outcome = await runManagementJob(
      job({ CertificateStoreDetails: { ...job().CertificateStoreDetails, Properties: '{oops' } }),
      context(),
    );

    expect(outcome.message).toBe(
      `Site ${STORE_PATH} on server web01: Failure: the store properties are not valid JSON`,
    );
  });

  it('names the agent machine when the job leaves ClientMachine empty', async () => {
    const outcome = await runManagementJob(
      job({
        OperationType: 5,
        CertificateStoreDetails: { ...job().CertificateStoreDetails, ClientMachine: '' },
      }),
      context(),
    );

    expect(outcome).toEqual({
      operation: 'CreateAdd',
      status: JobCompletionStatus.Failure,
      message: `Site ${STORE_PATH} on server agent-machine: Failure: operation CreateAdd is not supported by this agent`,
    });
  });
});

describe('post-deploy hooks', () => {
  const hook = (command: string): PostDeployHook => ({
    storePath: STORE_PATH,
    command,
    timeoutSeconds: 10,
  });

  it('runs the store hook after a successful write, with the new file in place', async () => {
    const seen = join(root, 'hook-saw.txt');
    const outcome = await runManagementJob(
      job(),
      context([
        hook(`head -1 "$CERTLAB_STORE_FILE" > '${seen}'; echo "$CERTLAB_THUMBPRINT" >> '${seen}'`),
      ]),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Success);
    expect(outcome.message).toMatch(/verified after writing; post-deploy hook succeeded$/);
    expect(readFileSync(seen, 'utf8')).toBe(`-----BEGIN CERTIFICATE-----\n${newLeaf.thumbprint}\n`);
  });

  it('turns a failing hook into a Warning with its exit code and stderr, keeping the new certificate', async () => {
    const outcome = await runManagementJob(
      job(),
      context([hook('echo "reload failed: bad config" >&2; exit 3')]),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Warning);
    expect(outcome.message).toBe(
      `Site ${STORE_PATH} on server web01: certificate ${newLeaf.thumbprint} added, verified after writing; Warning: post-deploy hook exited with code 3: reload failed: bad config`,
    );
    expect(outcome.inventory).toHaveLength(1);
    expect(readCertificates(readFileSync(storeFile(), 'utf8'))[0]?.thumbprint).toBe(
      newLeaf.thumbprint,
    );
  });

  it('does not run hooks when the write failed, nor hooks of other stores', async () => {
    const calls: string[] = [];
    const recording = (h: PostDeployHook): Promise<HookResult> => {
      calls.push(h.command);
      return runPostDeployHook(h, {});
    };

    await runManagementJob(
      job({ JobCertificate: { ...job().JobCertificate, PrivateKeyPassword: 'wrong' } }),
      context([hook('this store')], recording),
    );
    await runManagementJob(
      job(),
      context([{ ...hook('other store'), storePath: '/etc/ssl/api.pem' }], recording),
    );

    expect(calls).toEqual([]);
  });
});

describe('management Remove', () => {
  it('removes the entry by alias, runs the hook, and reports the entry Removed', async () => {
    await seedOldCertificate();
    const seen = join(root, 'removed.txt');

    const outcome = await runManagementJob(
      job({
        OperationType: 3,
        JobCertificate: {
          Thumbprint: '',
          Contents: '',
          Alias: oldLeaf.thumbprint,
          PrivateKeyPassword: '',
        },
        LastInventory: [
          { Alias: oldLeaf.thumbprint, PrivateKeyEntry: true, Thumbprints: [oldLeaf.thumbprint] },
        ],
      }),
      context([
        {
          storePath: STORE_PATH,
          command: `echo "$CERTLAB_OPERATION $CERTLAB_THUMBPRINT" > '${seen}'`,
          timeoutSeconds: 5,
        },
      ]),
    );

    expect(outcome).toMatchObject({
      operation: 'Remove',
      status: JobCompletionStatus.Success,
      message: `Site ${STORE_PATH} on server web01: certificate ${oldLeaf.thumbprint} removed; post-deploy hook succeeded`,
      inventory: [
        expect.objectContaining({
          Alias: oldLeaf.thumbprint,
          ItemStatus: InventoryItemStatus.Removed,
        }),
      ],
    });
    expect(readFileSync(seen, 'utf8')).toBe(`Remove ${oldLeaf.thumbprint}\n`);
  });

  it('is a Warning, and runs no hook, when the entry is already gone', async () => {
    const outcome = await runManagementJob(
      job({
        OperationType: 3,
        JobCertificate: {
          Thumbprint: '',
          Contents: '',
          Alias: oldLeaf.thumbprint,
          PrivateKeyPassword: '',
        },
      }),
      context([{ storePath: STORE_PATH, command: 'exit 9', timeoutSeconds: 5 }]),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Warning);
    expect(outcome.message).toBe(
      `Site ${STORE_PATH} on server web01: certificate ${oldLeaf.thumbprint} is not in the store; nothing removed`,
    );
  });

  it('fails when the job names no alias', async () => {
    const outcome = await runManagementJob(
      job({
        OperationType: 3,
        JobCertificate: { Thumbprint: '', Contents: '', Alias: ' ', PrivateKeyPassword: '' },
      }),
      context(),
    );

    expect(outcome.message).toMatch(/: Failure: the job names no alias/);
  });
});

describe('inventory', () => {
  it('reports the store against LastInventory (management OperationType 1 and inventory jobs)', async () => {
    await seedOldCertificate();
    const last = [
      {
        Alias: oldLeaf.thumbprint,
        PrivateKeyEntry: true,
        Thumbprints: [oldLeaf.thumbprint, ...oldLeaf.chain.map((c) => c.thumbprint)],
      },
      { Alias: 'F'.repeat(40), PrivateKeyEntry: false, Thumbprints: ['F'.repeat(40)] },
    ];

    const viaManagement = await runManagementJob(
      job({ OperationType: 1, LastInventory: last }),
      context(),
    );
    const viaInventory = await runInventoryJob(
      { CertificateStoreDetails: job().CertificateStoreDetails, LastInventory: last },
      context(),
    );

    for (const outcome of [viaManagement, viaInventory]) {
      expect(outcome.operation).toBe('Inventory');
      expect(outcome.status).toBe(JobCompletionStatus.Success);
      expect(outcome.message).toBe(
        `Site ${STORE_PATH} on server web01: inventory: 1 entry (0 added, 0 modified, 1 unchanged, 1 removed)`,
      );
      expect(outcome.inventory?.map((item) => item.ItemStatus)).toEqual([
        InventoryItemStatus.Unchanged,
        InventoryItemStatus.Removed,
      ]);
    }
  });

  it('reports an empty inventory for a store file that does not exist yet', async () => {
    const outcome = await runInventoryJob(
      { CertificateStoreDetails: job().CertificateStoreDetails, LastInventory: [] },
      context(),
    );

    expect(outcome).toMatchObject({ status: JobCompletionStatus.Success, inventory: [] });
    expect(outcome.message).toMatch(/inventory: 0 entries/);
  });

  it('fails, with the reason, on a store file that is not PEM', async () => {
    writeFileSync(join(root, 'garbage.pem'), '-----BEGIN CERTIFICATE-----\nnot base64!\n');

    const outcome = await runInventoryJob(
      {
        CertificateStoreDetails: { ...job().CertificateStoreDetails, StorePath: '/garbage.pem' },
        LastInventory: [],
      },
      context(),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Failure);
    expect(outcome.message).toMatch(
      /^Site \/garbage\.pem on server web01: Failure: .*\((INVALID_STORE|BAD_CERTIFICATE)\)$/,
    );
    expect(outcome.inventory).toBeUndefined();
  });
});

describe("validity at the server's time", () => {
  const DAY_MS = 86_400_000;
  const inSixtyDays = () => new Date(Date.now() + 60 * DAY_MS);
  const pfxJob = (leaf: TestLeaf) =>
    job({
      JobCertificate: {
        Thumbprint: leaf.thumbprint,
        Contents: pkcs12Contents(leaf, PASSWORD),
        Alias: '',
        PrivateKeyPassword: PASSWORD,
      },
    });
  const serverAt = (at: Date) => () => ({ at, source: 'server' as const });

  it('delivers a certificate valid at the server time though not yet at local time', async () => {
    const future = await pki.issueLeaf('web01.example', { issuedAt: inSixtyDays() });

    const outcome = await runManagementJob(
      pfxJob(future),
      context([], runPostDeployHook, serverAt(inSixtyDays())),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Success);
    expect(readCertificates(readFileSync(storeFile(), 'utf8'))[0]?.thumbprint).toBe(
      future.thumbprint,
    );
  });

  it('refuses a certificate not yet valid at the local time when the server sent none', async () => {
    await seedOldCertificate();
    const before = snapshot();
    const future = await pki.issueLeaf('web01.example', { issuedAt: inSixtyDays() });

    const outcome = await runManagementJob(pfxJob(future), context());

    expect(outcome.status).toBe(JobCompletionStatus.Failure);
    expect(outcome.message).toMatch(
      new RegExp(
        `^Site ${STORE_PATH} on server web01: Failure: certificate ${future.thumbprint} is not yet valid at this machine's time .* \\(the server sent no time\\): valid from .* to .*; nothing written$`,
      ),
    );
    expect(snapshot()).toEqual(before);
  });

  it('refuses a certificate that has expired at the server time', async () => {
    const outcome = await runManagementJob(
      pfxJob(newLeaf),
      context([], runPostDeployHook, serverAt(new Date(Date.now() + 120 * DAY_MS))),
    );

    expect(outcome.status).toBe(JobCompletionStatus.Failure);
    expect(outcome.message).toContain(
      `Site ${STORE_PATH} on server web01: Failure: certificate ${newLeaf.thumbprint} has expired at the server's time`,
    );
    expect(outcome.message).toContain(`to ${newLeaf.certificate.notAfter.toISOString()}`);
  });
});
