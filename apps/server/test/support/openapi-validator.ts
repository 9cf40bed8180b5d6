// Validates response bodies against Keyfactor's published OpenAPI 3.0.1 document (a test fixture),
// so the lab's responses are checked against the vendor contract rather than our own reading of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export type ValidationResult = { valid: true } | { valid: false; errors: string[] };

/** The operation a request resolves to, for messages and coverage checks. */
export interface OpenApiOperation {
  operationId: string | undefined;
  method: string;
  /** Templated path as written in the document, without the `/KeyfactorAPI` prefix. */
  path: string;
}

export interface OpenApiValidator {
  validateResponse(
    method: string,
    url: string,
    status: number,
    body: unknown,
    contentType?: string,
  ): ValidationResult;
  hasOperation(method: string, url: string): boolean;
  findOperation(method: string, url: string): OpenApiOperation | undefined;
  /** Every documented operation, in document order (for coverage checks). */
  listOperations(): OpenApiOperation[];
}

export const KEYFACTOR_OPENAPI_PATH = join(__dirname, '../fixtures/keyfactor-api-v1.openapi.yaml');

/** The document's `servers` entry ends in this prefix; its `paths` do not carry it. */
const API_PREFIX = '/keyfactorapi';
/** Base id under which the component schemas are registered with ajv. */
const COMPONENTS_ID = 'keyfactor';
const LOCAL_SCHEMA_REF = '#/components/schemas/';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER_PATTERN = /^[+-]?\d+$/;
/** At most this many ajv errors go into a thrown message; the rest are counted. */
const MAX_REPORTED_ERRORS = 40;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Path segments rank: a literal beats a typed template (integer/uuid, which only matches values
 * of that shape) which beats a free string template. ASP.NET routing behaves the same way, which
 * is how `/MetadataFields/{id}` and `/MetadataFields/{name}` coexist as two GETs.
 */
type Segment =
  | { kind: 'literal'; lower: string; rank: 0 }
  | { kind: 'param'; accepts: (value: string) => boolean; rank: 1 | 2 };

interface Operation extends OpenApiOperation {
  segments: Segment[];
  responses: JsonObject;
}

function paramSegment(name: string, parameters: readonly unknown[]): Segment {
  const declared = parameters.find(
    (p): p is JsonObject => isObject(p) && p.in === 'path' && p.name === name,
  );
  const schema = declared && isObject(declared.schema) ? declared.schema : {};
  if (schema.type === 'integer') {
    return { kind: 'param', accepts: (v) => INTEGER_PATTERN.test(v), rank: 1 };
  }
  if (schema.type === 'string' && schema.format === 'uuid') {
    return { kind: 'param', accepts: (v) => UUID_PATTERN.test(v), rank: 1 };
  }
  return { kind: 'param', accepts: (v) => v.length > 0, rank: 2 };
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function buildOperations(paths: JsonObject): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(op)) continue;
      const own = Array.isArray(op.parameters) ? op.parameters : [];
      // Operation-level parameters override path-level ones of the same name.
      const parameters = [...own, ...shared];
      const segments = splitPath(path).map((raw): Segment => {
        const template = /^\{(.+)\}$/.exec(raw);
        return template?.[1] !== undefined
          ? paramSegment(template[1], parameters)
          : { kind: 'literal', lower: raw.toLowerCase(), rank: 0 };
      });
      operations.push({
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        method,
        path,
        segments,
        responses: isObject(op.responses) ? op.responses : {},
      });
    }
  }
  return operations;
}

/** Request path relative to `/KeyfactorAPI`: accepts absolute URLs; drops query and fragment. */
function requestSegments(url: string): string[] {
  let path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url;
  path = path.replace(/[?#].*$/s, '');
  if (path.toLowerCase() === API_PREFIX || path.toLowerCase().startsWith(`${API_PREFIX}/`)) {
    path = path.slice(API_PREFIX.length);
  }
  return splitPath(path).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

function matches(op: Operation, segments: readonly string[]): boolean {
  return (
    op.segments.length === segments.length &&
    op.segments.every((s, i) => {
      const value = segments[i] ?? '';
      return s.kind === 'literal' ? s.lower === value.toLowerCase() : s.accepts(value);
    })
  );
}

/** Negative when `a` is more specific than `b`, comparing segment ranks left to right. */
function compareSpecificity(a: Operation, b: Operation): number {
  for (let i = 0; i < a.segments.length; i++) {
    const diff = (a.segments[i]?.rank ?? 0) - (b.segments[i]?.rank ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Converts one OpenAPI 3.0 schema into what ajv (draft-07) reads: local component refs become
 * refs into the registered components document, and `nullable` is spelled so ajv accepts it.
 * Walks only schema-valued keywords so that property names and examples are never rewritten.
 */
function toAjvSchema(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    // Examples are documentation; dropping them keeps the compiled schemas small.
    if (key === 'example') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(LOCAL_SCHEMA_REF)) {
      out.$ref = `${COMPONENTS_ID}${value}`;
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toAjvSchema(sub)]),
      );
    } else if (['items', 'additionalProperties', 'not'].includes(key)) {
      out[key] = toAjvSchema(value);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(key) && Array.isArray(value)) {
      out[key] = value.map(toAjvSchema);
    } else {
      out[key] = value;
    }
  }
  if (out.nullable === true) {
    // OpenAPI 3.0 means "null is also allowed", enum included (the document marks e.g.
    // RevocationReason nullable without listing null); ajv checks enum independently of type.
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    // ajv refuses `nullable` without `type` (e.g. beside a $ref): say the same thing with anyOf.
    if (out.type === undefined) {
      const rest = { ...out };
      delete rest.nullable;
      return { anyOf: [rest, { type: 'null' }] };
    }
  }
  return out;
}

function isJsonMediaType(mediaType: string): boolean {
  return /^(application|text)\/([a-z0-9.+-]+\+)?json$/i.test(mediaType);
}

/** Empty as seen by the usual clients: fetch gives '', supertest gives {} for no body. */
function isEmptyBody(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    body === '' ||
    (isObject(body) &&
      Object.getPrototypeOf(body) === Object.prototype &&
      !Object.keys(body).length)
  );
}

function formatAjvError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  let detail = '';
  if (error.keyword === 'enum' && isObject(error.params)) {
    detail = `: ${JSON.stringify(error.params.allowedValues)}`;
  } else if (error.keyword === 'additionalProperties' && isObject(error.params)) {
    detail = `: ${String(error.params.additionalProperty)}`;
  }
  return `${where} ${error.message ?? error.keyword}${detail} (schema ${error.schemaPath})`;
}

function publicView(op: Operation): OpenApiOperation {
  return { operationId: op.operationId, method: op.method, path: op.path };
}

function operationLabel(op: OpenApiOperation): string {
  return `${op.operationId ?? '(no operationId)'}: ${op.method.toUpperCase()} ${op.path}`;
}

class KeyfactorOpenApiValidator implements OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly operations: Operation[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: unknown) {
    if (!isObject(document) || !isObject(document.paths) || !isObject(document.components)) {
      throw new Error('OpenAPI document has no paths or components');
    }
    this.operations = buildOperations(document.paths);
    const schemas = isObject(document.components.schemas) ? document.components.schemas : {};
    // strict: false lets OpenAPI-only keywords (example, x-*, discriminator...) through; ajv
    // implements `nullable` itself. allErrors so a failing test lists every mismatch at once.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    // ajv-formats covers every format the document uses (int32/int64/float/double/byte included).
    addFormats(this.ajv);
    // One document for all components: operation schemas then compile lazily, pulling in only
    // the component schemas they reference. securitySchemes are left out: not JSON Schema.
    this.ajv.addSchema({
      $id: COMPONENTS_ID,
      components: {
        schemas: Object.fromEntries(
          Object.entries(schemas).map(([name, schema]) => [name, toAjvSchema(schema)]),
        ),
      },
    });
  }

  findOperation(method: string, url: string): OpenApiOperation | undefined {
    const found = this.resolve(method, url);
    return found && publicView(found);
  }

  listOperations(): OpenApiOperation[] {
    return this.operations.map(publicView);
  }

  hasOperation(method: string, url: string): boolean {
    return this.resolve(method, url) !== undefined;
  }

  validateResponse(
    method: string,
    url: string,
    status: number,
    body: unknown,
    contentType?: string,
  ): ValidationResult {
    const op = this.resolve(method, url);
    if (!op) {
      return { valid: false, errors: [`no operation in the document matches ${method} ${url}`] };
    }
    const fail = (message: string): ValidationResult => ({
      valid: false,
      errors: [`${operationLabel(op)}: ${message}`],
    });

    const statusKey = [String(status), `${String(status).charAt(0)}XX`, 'default'].find(
      (key) => key in op.responses,
    );
    const response = statusKey === undefined ? undefined : op.responses[statusKey];
    if (statusKey === undefined || !isObject(response)) {
      const declared = Object.keys(op.responses).join(', ');
      return fail(`no response declared for status ${status} (declared: ${declared})`);
    }
    if (typeof response.$ref === 'string') {
      // Not used by this document; refusing beats silently reading it as "no content".
      return fail(`status ${statusKey} is a $ref response (${response.$ref}), not supported`);
    }
    const content = isObject(response.content) ? response.content : {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      return isEmptyBody(body)
        ? { valid: true }
        : fail(`status ${statusKey} declares no content, but the body is ${JSON.stringify(body)}`);
    }

    const mediaType = this.pickMediaType(mediaTypes, contentType);
    if (typeof mediaType !== 'string') return fail(mediaType.error);
    const media = content[mediaType];
    if (!isObject(media) || media.schema === undefined) {
      return fail(`status ${statusKey} ${mediaType} has no schema`);
    }

    const key = `${op.method} ${op.path} ${statusKey} ${mediaType}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const schema = toAjvSchema(media.schema);
      if (!isObject(schema))
        return fail(`status ${statusKey} ${mediaType} schema is not an object`);
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return { valid: true };
    return { valid: false, errors: (validate.errors ?? []).map(formatAjvError) };
  }

  private resolve(method: string, url: string): Operation | undefined {
    const lowerMethod = method.toLowerCase();
    const segments = requestSegments(url);
    return this.operations
      .filter((op) => op.method === lowerMethod && matches(op, segments))
      .sort(compareSpecificity)[0];
  }

  /** The declared JSON media type to validate against, or why there is none. */
  private pickMediaType(
    declared: readonly string[],
    contentType: string | undefined,
  ): string | { error: string } {
    if (contentType !== undefined) {
      const wanted = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      const found = declared.find((m) => m.toLowerCase() === wanted);
      if (found === undefined) {
        return { error: `content type ${wanted} not declared (declared: ${declared.join(', ')})` };
      }
      return isJsonMediaType(found) ? found : { error: `cannot validate non-JSON ${found} bodies` };
    }
    const json = declared.find((m) => m.toLowerCase() === 'application/json');
    return (
      json ??
      declared.find(isJsonMediaType) ?? {
        error: `no JSON media type declared (declared: ${declared.join(', ')})`,
      }
    );
  }
}

let cached: OpenApiValidator | undefined;

/**
 * The validator for the Keyfactor v1 document, parsed once per module registry (jest gives each
 * test file its own, so this is once per test file; parsing the 900 KB YAML dominates the cost).
 */
export function loadKeyfactorOpenApi(): OpenApiValidator {
  cached ??= new KeyfactorOpenApiValidator(parse(readFileSync(KEYFACTOR_OPENAPI_PATH, 'utf8')));
  return cached;
}

/** Throws with every schema mismatch when `body` is not a valid documented response. */
export function expectValidKeyfactorResponse(
  validator: OpenApiValidator,
  method: string,
  url: string,
  status: number,
  body: unknown,
): void {
  const result = validator.validateResponse(method, url, status, body);
  if (result.valid) return;
  const op = validator.findOperation(method, url);
  const shown = result.errors.slice(0, MAX_REPORTED_ERRORS);
  const more = result.errors.length - shown.length;
  throw new Error(
    [
      `${method.toUpperCase()} ${url} -> ${status} does not match the Keyfactor OpenAPI document` +
        (op ? ` (operation ${operationLabel(op)})` : ''),
      ...shown.map((e) => `  ${e}`),
      ...(more > 0 ? [`  ...and ${more} more`] : []),
    ].join('\n'),
  );
}
