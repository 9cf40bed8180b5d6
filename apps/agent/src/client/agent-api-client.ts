import {
  AGENT_API_PREFIX,
  LAB_TIME_HEADER,
  type CompleteJobRequest,
  type CompleteJobResponse,
  type InventoryJobConfiguration,
  type JobRequest,
  type ManagementJobConfiguration,
  type PollRequest,
  type PollResponse,
  type RegisterRequest,
  type RegisterResponse,
} from '@certlab/contracts';
import { type z } from 'zod';
import {
  CompleteJobResponseSchema,
  ErrorBodySchema,
  InventoryJobConfigurationSchema,
  ManagementJobConfigurationSchema,
  PollResponseSchema,
  RegisterResponseSchema,
} from './agent-api-responses';
import { type ServerTime } from './server-time';

/**
 * The agent's side of `/KeyfactorAgents`: four JSON POSTs with Basic credentials. Nothing here
 * retries or decides; errors come back as `AgentApiError` for the poller to judge.
 */

/**
 * - `http`: the server answered 4xx/5xx (`status`, and `errorCode` when it sent `{ErrorCode}`).
 * - `network`: no answer (refused, reset, DNS).
 * - `timeout`: no answer in time.
 * - `protocol`: an answer the agent cannot use (not JSON, wrong shape, an endpoint outside the API).
 * - `aborted`: the caller gave up (shutdown).
 */
export type AgentApiErrorKind = 'http' | 'network' | 'timeout' | 'protocol' | 'aborted';

export class AgentApiError extends Error {
  override readonly name = 'AgentApiError';

  constructor(
    readonly kind: AgentApiErrorKind,
    message: string,
    readonly details: { endpoint: string; status?: number; errorCode?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get errorCode(): string | undefined {
    return this.details.errorCode;
  }

  /** Worth trying again later: the server was unreachable, overloaded or briefly confused. */
  get retryable(): boolean {
    switch (this.kind) {
      case 'network':
      case 'timeout':
      case 'protocol':
        return true;
      case 'http':
        return this.status !== undefined && (this.status >= 500 || this.status === 429);
      case 'aborted':
        return false;
    }
  }
}

export function isAgentApiError(error: unknown): error is AgentApiError {
  return error instanceof AgentApiError;
}

/** What the poller needs from the server; the real client below, fakes in tests. */
export interface AgentApi {
  register(request: RegisterRequest, signal?: AbortSignal): Promise<RegisterResponse>;
  poll(request: PollRequest, signal?: AbortSignal): Promise<PollResponse>;
  fetchManagementJob(
    endpoint: string,
    request: JobRequest,
    signal?: AbortSignal,
  ): Promise<ManagementJobConfiguration>;
  fetchInventoryJob(
    endpoint: string,
    request: JobRequest,
    signal?: AbortSignal,
  ): Promise<InventoryJobConfiguration>;
  completeJob(
    endpoint: string,
    request: CompleteJobRequest,
    signal?: AbortSignal,
  ): Promise<CompleteJobResponse>;
}

export interface AgentApiClientOptions {
  /** The server's base URL, e.g. `https://certlab.example:8443/`; the API lives under it. */
  serverUrl: string;
  username: string | undefined;
  password: string | undefined;
  /** Per request, on top of a long poll's wait. */
  requestTimeoutMs?: number;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Told the server's time (`X-Certlab-Time`) from every answer, errors included. */
  serverTime?: ServerTime;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** A job configuration carries a PKCS#12 of at most 1 MiB, base64: 8 MiB is generous. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * Endpoints the server names in job references must be plain paths under the API: the agent sends
 * its credentials there, so a scheme, host, `..`, query or encoded character is refused.
 */
const ENDPOINT_PATH = new RegExp(`^${AGENT_API_PREFIX}(/[A-Za-z0-9_-]+)+$`);

export class AgentApiClient implements AgentApi {
  readonly #origin: string;
  readonly #basePath: string;
  // Kept private and precomputed, so neither the password nor the header shows up when the client
  // is logged, inspected or serialised.
  readonly #authorization: string | undefined;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #serverTime: ServerTime | undefined;

  constructor(options: AgentApiClientOptions) {
    const url = new URL(options.serverUrl);
    this.#origin = url.origin;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#authorization =
      options.username === undefined
        ? undefined
        : `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`, 'utf8').toString('base64')}`;
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#fetch = options.fetch ?? fetch;
    this.#serverTime = options.serverTime;
  }

  register(request: RegisterRequest, signal?: AbortSignal): Promise<RegisterResponse> {
    return this.#post(`${AGENT_API_PREFIX}/Session/Register`, request, RegisterResponseSchema, {
      signal,
    });
  }

  poll(request: PollRequest, signal?: AbortSignal): Promise<PollResponse> {
    const waitMs = (request.WaitSeconds ?? 0) * 1_000;
    return this.#post(`${AGENT_API_PREFIX}/Jobs/Poll`, request, PollResponseSchema, {
      signal,
      extraTimeoutMs: waitMs,
    });
  }

  fetchManagementJob(
    endpoint: string,
    request: JobRequest,
    signal?: AbortSignal,
  ): Promise<ManagementJobConfiguration> {
    return this.#post(endpoint, request, ManagementJobConfigurationSchema, { signal });
  }

  fetchInventoryJob(
    endpoint: string,
    request: JobRequest,
    signal?: AbortSignal,
  ): Promise<InventoryJobConfiguration> {
    return this.#post(endpoint, request, InventoryJobConfigurationSchema, { signal });
  }

  completeJob(
    endpoint: string,
    request: CompleteJobRequest,
    signal?: AbortSignal,
  ): Promise<CompleteJobResponse> {
    return this.#post(endpoint, request, CompleteJobResponseSchema, { signal });
  }

  async #post<T>(
    endpoint: string,
    body: unknown,
    schema: z.ZodType<T>,
    options: { signal: AbortSignal | undefined; extraTimeoutMs?: number },
  ): Promise<T> {
    if (!ENDPOINT_PATH.test(endpoint)) {
      throw new AgentApiError(
        'protocol',
        `refusing endpoint ${JSON.stringify(endpoint.slice(0, 200))}: not a path under ${AGENT_API_PREFIX}`,
        { endpoint: endpoint.slice(0, 200) },
      );
    }
    const timeoutMs = this.#timeoutMs + (options.extraTimeoutMs ?? 0);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (this.#authorization !== undefined) headers.Authorization = this.#authorization;

    let status: number;
    let text: string;
    try {
      const response = await this.#fetch(`${this.#origin}${this.#basePath}${endpoint}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal,
        // A redirect would send the credentials on to wherever it points.
        redirect: 'error',
      });
      status = response.status;
      this.#serverTime?.observe(response.headers.get(LAB_TIME_HEADER));
      text = await readCapped(response, endpoint);
    } catch (error) {
      if (error instanceof AgentApiError) throw error;
      if (options.signal?.aborted) {
        throw new AgentApiError('aborted', `POST ${endpoint}: cancelled`, { endpoint });
      }
      if (timeout.aborted) {
        throw new AgentApiError(
          'timeout',
          `POST ${endpoint}: no answer within ${timeoutMs / 1000} s`,
          { endpoint },
        );
      }
      throw new AgentApiError('network', `POST ${endpoint}: ${describeNetworkError(error)}`, {
        endpoint,
      });
    }

    if (status < 200 || status > 299) {
      const errorBody = ErrorBodySchema.safeParse(parseJson(text));
      const errorCode = errorBody.success ? errorBody.data.ErrorCode : undefined;
      const message = errorBody.success ? errorBody.data.Message : undefined;
      throw new AgentApiError(
        'http',
        `POST ${endpoint}: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${message ? `: ${message.slice(0, 500)}` : ''}`,
        { endpoint, status, ...(errorCode === undefined ? {} : { errorCode }) },
      );
    }
    const json = parseJson(text);
    if (json === undefined) {
      throw new AgentApiError('protocol', `POST ${endpoint}: HTTP ${status} without JSON`, {
        endpoint,
        status,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'invalid';
      throw new AgentApiError('protocol', `POST ${endpoint}: unexpected answer (${where})`, {
        endpoint,
        status,
      });
    }
    return parsed.data;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads the body, refusing more than MAX_RESPONSE_BYTES so a runaway answer cannot exhaust memory. */
async function readCapped(response: Response, endpoint: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (!response.body) return '';
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body.cancel();
    throw tooLarge(endpoint, response.status);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw tooLarge(endpoint, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(endpoint: string, status: number): AgentApiError {
  return new AgentApiError(
    'protocol',
    `POST ${endpoint}: answer larger than ${MAX_RESPONSE_BYTES} bytes`,
    { endpoint, status },
  );
}

/**
 * fetch reports "fetch failed" and hides the reason (ECONNREFUSED, ENOTFOUND...) in `cause`. Read
 * structurally: undici's errors may come from another realm (jest's VM), where instanceof fails.
 */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (typeof cause === 'object' && cause !== null) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : '';
    if (typeof code === 'string') return text ? `${code} (${text})` : code;
    if (text) return text;
  }
  return (error as { message?: unknown } | null)?.message === undefined
    ? String(error)
    : String((error as { message: unknown }).message);
}
