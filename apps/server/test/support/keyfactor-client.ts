// The Keyfactor API client the keyfactor-api e2e specs share: calls with the headers vendor clients
// send, each answer checked against the vendor contract so that a test cannot forget to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { call, type LabServer, startLabServer } from './lab-server';
import {
  expectValidKeyfactorResponse,
  KEYFACTOR_OPENAPI_PATH,
  loadKeyfactorOpenApi,
} from './openapi-validator';

export type Json = Record<string, unknown>;
export type Reply = Awaited<ReturnType<typeof call>>;

/** certlab's version, which every `/KeyfactorAPI` answer names in x-keyfactor-product-version. */
export const PRODUCT_VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
/** The vendor's error codes, as in `{ErrorCode, Message}` error bodies. */
export const ERROR_CODE = /^0xA011[0-9A-F]{4}$/;
/** The cherry store of the default lab (alias 'cherry' holds certificate 7). */
export const CHERRY_STORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';

/** GETs certlab serves that the v1 document lacks, with the vendor model their bodies must match. */
const ADDITIONS: { route: string; pattern: RegExp; schema: string; array: boolean }[] = [
  {
    route: 'GET /CertificateStores',
    pattern: /^\/KeyfactorAPI\/CertificateStores(\?.*)?$/,
    schema: 'Models.CertificateStore',
    array: true,
  },
  {
    route: 'GET /CertificateStores/{id}',
    pattern: /^\/KeyfactorAPI\/CertificateStores\/[^/?]+$/,
    schema: 'Models.CertificateStore',
    array: false,
  },
];
/** The routes certlab serves beyond the v1 document, as `Status/Endpoints` lists them. */
export const CERTLAB_ADDITIONS = ADDITIONS.map((addition) => addition.route);

const validator = loadKeyfactorOpenApi();
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

/**
 * The vendor's contract: the document's schema for a 2xx (or, for a certlab addition, the model
 * it serves), `{ErrorCode, Message}` for an error, and certlab's version on every answer.
 */
export function expectKeyfactorAnswer(method: string, path: string, reply: Reply): void {
  expect(reply.headers.get('x-keyfactor-product-version')).toBe(PRODUCT_VERSION);
  if (reply.status >= 400) {
    expect(reply.body).toEqual({
      ErrorCode: expect.stringMatching(ERROR_CODE),
      Message: expect.any(String),
    });
    return;
  }
  const addition = validator.hasOperation(method, path)
    ? undefined
    : ADDITIONS.find(
        (entry) => entry.route.startsWith(`${method.toUpperCase()} `) && entry.pattern.test(path),
      );
  if (!addition) {
    expectValidKeyfactorResponse(validator, method, path, reply.status, reply.body);
    return;
  }
  const validate = componentValidator(addition.schema);
  for (const item of addition.array ? (reply.body as unknown[]) : [reply.body]) {
    if (!validate(item)) throw new Error(`${method} ${path}: ${JSON.stringify(validate.errors)}`);
  }
}

export interface KeyfactorCallOptions {
  /** Basic `user:password`; the admin's when absent, none at all when null. */
  credentials?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  omitRequestedWith?: boolean;
}

/**
 * `kf(method, path, options)`: a Keyfactor API call as the admin (unless told otherwise) with the
 * headers vendor clients send (plus `defaults.headers`), whose answer `expectKeyfactorAnswer` checks.
 */
export function keyfactorClient(
  getServer: () => LabServer,
  defaults: { headers?: Record<string, string> } = {},
): (method: string, path: string, options?: KeyfactorCallOptions) => Promise<Reply> {
  return async (method, path, options = {}) => {
    const server = getServer();
    const headers = {
      ...(options.omitRequestedWith ? {} : { 'x-keyfactor-requested-with': 'APIClient' }),
      ...defaults.headers,
      ...options.headers,
    };
    const credentials =
      options.credentials === null ? undefined : (options.credentials ?? server.credentials.admin);
    const reply = await call(server, method, path, { credentials, body: options.body, headers });
    expectKeyfactorAnswer(method, path, reply);
    return reply;
  };
}

/** Starts the default lab before the file's tests and removes it after them; returns its getter. */
export function useLabServer(): () => LabServer {
  let server: LabServer | undefined;
  beforeAll(async () => {
    server = await startLabServer();
  });
  afterAll(async () => {
    await server?.close({ remove: true });
  });
  return () => {
    if (!server)
      throw new Error('the lab server is not running (outside a test, or it failed to start)');
    return server;
  };
}
