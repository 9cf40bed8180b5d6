import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { DEFAULT_LAB, call, type LabServer, startLabServer } from './support/lab-server';
import {
  expectValidKeyfactorResponse,
  KEYFACTOR_OPENAPI_PATH,
  loadKeyfactorOpenApi,
} from './support/openapi-validator';

/*
 * The Keyfactor API's reference data and inventory views over real HTTP against the default lab:
 * CAs, templates, metadata fields, stores and their inventory, orchestrator jobs and agents. Every
 * answer is checked against the vendor's OpenAPI document; the two store GETs the document lacks
 * are checked against its `Models.CertificateStore`.
 */

const CHERRY_STORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';
const ERROR_CODE = /^0xA011[0-9A-F]{4}$/;

type Json = Record<string, unknown>;
type Reply = Awaited<ReturnType<typeof call>>;

const seed = parse(readFileSync(DEFAULT_LAB, 'utf8')) as {
  authorities: { configuration: string }[];
};
const validator = loadKeyfactorOpenApi();
let server: LabServer;

/** GETs certlab serves that the v1 document lacks, with the model their bodies must match. */
const UNDOCUMENTED: { pattern: RegExp; schema: string; array: boolean }[] = [
  {
    pattern: /^\/KeyfactorAPI\/CertificateStores(\?.*)?$/,
    schema: 'Models.CertificateStore',
    array: true,
  },
  {
    pattern: /^\/KeyfactorAPI\/CertificateStores\/[^/?]+$/,
    schema: 'Models.CertificateStore',
    array: false,
  },
];
let componentAjv: Ajv | undefined;

/** A validator for one component schema of the vendor document (parsed once, on first use). */
function componentValidator(name: string): ValidateFunction {
  if (!componentAjv) {
    const document = parse(readFileSync(KEYFACTOR_OPENAPI_PATH, 'utf8')) as { components: Json };
    componentAjv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(componentAjv);
    componentAjv.addSchema({ $id: 'keyfactor', components: document.components });
  }
  const ref = `keyfactor#/components/schemas/${name}`;
  return componentAjv.getSchema(ref) ?? componentAjv.compile({ $ref: ref });
}

function expectKeyfactorAnswer(method: string, path: string, reply: Reply): void {
  expect(reply.headers.get('x-keyfactor-product-version')).toEqual(expect.any(String));
  if (reply.status >= 400) {
    expect(reply.body).toEqual({
      ErrorCode: expect.stringMatching(ERROR_CODE),
      Message: expect.any(String),
    });
    return;
  }
  if (validator.hasOperation(method, path)) {
    expectValidKeyfactorResponse(validator, method, path, reply.status, reply.body);
    return;
  }
  const undocumented = UNDOCUMENTED.find((entry) => entry.pattern.test(path));
  if (!undocumented)
    throw new Error(`${method} ${path} is neither documented nor a known certlab addition`);
  const validate = componentValidator(undocumented.schema);
  for (const item of undocumented.array ? (reply.body as unknown[]) : [reply.body]) {
    if (!validate(item)) throw new Error(`${method} ${path}: ${JSON.stringify(validate.errors)}`);
  }
}

/** A Keyfactor API GET (admin unless told otherwise) whose answer is checked against the vendor contract. */
async function kf(path: string, credentials?: string): Promise<Reply> {
  const reply = await call(server, 'GET', path, {
    credentials: credentials ?? server.credentials.admin,
    headers: { 'x-keyfactor-requested-with': 'APIClient' },
  });
  expectKeyfactorAnswer('GET', path, reply);
  return reply;
}

beforeAll(async () => {
  server = await startLabServer();
});

afterAll(async () => {
  await server.close({ remove: true });
});

describe('reference data', () => {
  it('lists the CAs, templates and metadata fields of the lab', async () => {
    const authorities = (await kf('/KeyfactorAPI/CertificateAuthority')).body as Json[];
    const templates = (await kf('/KeyfactorAPI/Templates')).body as Json[];
    const fields = (await kf('/KeyfactorAPI/MetadataFields')).body as Json[];

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
    const templates = (await kf('/KeyfactorAPI/Templates')).body as Json[];
    const ecdsa = templates.find((template) => template.CommonName === 'WebServerECDSA')!;
    const details = (await kf(`/KeyfactorAPI/Templates/${ecdsa.Id as number}`)).body as Json;
    const field = (await kf('/KeyfactorAPI/MetadataFields/1')).body as Json;

    expect(details).toMatchObject({
      KeyType: 'ECC',
      KeySize: '256',
      Curve: '1.2.840.10045.3.1.7',
      TemplatePolicy: { ECCValidCurves: ['1.2.840.10045.3.1.7'] },
    });
    expect(field.Id).toBe(1);
    expect((await kf('/KeyfactorAPI/Templates/9999')).status).toBe(404);
    expect((await kf('/KeyfactorAPI/MetadataFields/9999')).status).toBe(404);
  });
});

describe('stores, inventory, jobs and agents', () => {
  it('lists the stores and gets one by GUID: 404 when unknown, 400 when malformed', async () => {
    const stores = (await kf('/KeyfactorAPI/CertificateStores')).body as Json[];
    const cherry = (await kf(`/KeyfactorAPI/CertificateStores/${CHERRY_STORE.toUpperCase()}`))
      .body as Json;

    expect(stores).toHaveLength(5);
    expect(cherry).toMatchObject({
      Id: CHERRY_STORE,
      ClientMachine: '192.168.41.171',
      Storepath: '/home/pi/cherry/cherrystore',
      Approved: true,
    });
    expect(
      (await kf('/KeyfactorAPI/CertificateStores/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    expect((await kf('/KeyfactorAPI/CertificateStores/not-a-guid')).status).toBe(400);
  });

  it("inventories the cherry store: the alias 'cherry' holds certificate 7", async () => {
    const { Thumbprint } = (await kf('/KeyfactorAPI/Certificates/7')).body as Json;
    const inventory = (await kf(`/KeyfactorAPI/CertificateStores/${CHERRY_STORE}/Inventory`))
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

  it('lists the agents and no jobs before any renewal', async () => {
    const agents = (await kf('/KeyfactorAPI/Agents')).body as Json[];

    expect(agents.map((agent) => agent.ClientMachine).sort()).toEqual([
      '192.168.41.171',
      'db01.jdk.cms',
      'web01.jdk.cms',
    ]);
    expect((await kf('/KeyfactorAPI/OrchestratorJobs/ScheduledJobs')).body).toEqual([]);
    expect((await kf('/KeyfactorAPI/OrchestratorJobs/JobHistory')).body).toEqual([]);
  });

  it('lets the auditor read', async () => {
    expect((await kf('/KeyfactorAPI/Certificates', server.credentials.auditor)).status).toBe(200);
    expect((await kf('/KeyfactorAPI/Agents', server.credentials.auditor)).status).toBe(200);
  });
});
