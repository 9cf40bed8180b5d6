import {
  type ApiErrorBody,
  CONSOLE_CLIENT_HEADER,
  CONSOLE_CLIENT_VALUE,
  CSRF_HEADER,
  LAB_CLOCK_HEADER,
  LAB_TIME_HEADER,
} from '@certlab/contracts';

/*
 * The one way the console talks to the server: same-origin fetch with the session cookie, the
 * console's name on every call (so a 401 never opens the browser's Basic prompt), the CSRF token
 * on every state-changing call, and errors parsed into `ApiError` with the server's Message.
 */

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's `ErrorCode` (`0xA011…`), or `network` / `unreadable`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The title of a failed action's banner: `refused` ("The server refused the renewal") when the
 * server answered, and no claim of a refusal when it could not be reached at all.
 */
export function failureTitle(error: unknown, refused: string): string {
  return error instanceof ApiError && error.status === 0 ? 'No answer from the server' : refused;
}

/** The words to show for any failure, thrown by the client or not. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

let csrfToken: string | null = null;
let unauthorizedListener: (() => void) | null = null;
let serverTimeListener: ((serverNow: Date, virtual: boolean) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any call (but the session's own) answers 401: the session has ended. */
export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

/** Called with `X-Certlab-Time` and `X-Certlab-Clock` of every response. */
export function onServerTime(listener: ((serverNow: Date, virtual: boolean) => void) | null): void {
  serverTimeListener = listener;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
  signal?: AbortSignal;
  /** The session calls handle 401 themselves (it means "not signed in", not "signed out"). */
  ignoreUnauthorized?: boolean;
}

/** `/api/x?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  if (!query) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).Message === 'string'
  );
}

function reportServerTime(response: Response): void {
  const time = response.headers.get(LAB_TIME_HEADER);
  if (!time || !serverTimeListener) return;
  const serverNow = new Date(time);
  if (!Number.isNaN(serverNow.getTime()))
    serverTimeListener(serverNow, response.headers.get(LAB_CLOCK_HEADER) === 'virtual');
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    [CONSOLE_CLIENT_HEADER]: CONSOLE_CLIENT_VALUE,
    Accept: 'application/json',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server could not be reached. Is the lab running?');
  }
  reportServerTime(response);

  const text = await response.text();
  let body: unknown = undefined;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }

  if (!response.ok) {
    if (response.status === 401 && !options.ignoreUnauthorized) unauthorizedListener?.();
    if (isErrorBody(body)) throw new ApiError(response.status, body.ErrorCode, body.Message);
    throw new ApiError(
      response.status,
      'unreadable',
      `The server refused the request without saying why (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}).`,
    );
  }
  if (text !== '' && body === undefined)
    throw new ApiError(
      response.status,
      'unreadable',
      'The server sent an answer the console cannot read.',
    );
  return body as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) =>
    apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) =>
    apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};
