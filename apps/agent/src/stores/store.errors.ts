/**
 * Every way a store operation can fail, as data (house rule 2): the job runner maps the code to a
 * job result (Failure with the message) and never needs to parse text. Messages name files and
 * thumbprints but never carry key material or passwords.
 */
export type StoreErrorCode =
  /** The store path, or the separate key path, would leave the agent's root. */
  | 'PATH_ESCAPE'
  /** The store is misconfigured, or its file is not a PEM store certlab can manage. */
  | 'INVALID_STORE'
  /** Add without overwrite to a store that already holds the entry (or, non-trust, any entry). */
  | 'ENTRY_EXISTS'
  | 'ENTRY_NOT_FOUND'
  /** A private key was given for a trust store, which holds certificates only. */
  | 'TRUST_STORE_KEY'
  /** What would be written, or what was written and re-read, does not check out. */
  | 'VERIFY_FAILED'
  /** The job's certificates or key cannot be read. */
  | 'BAD_CERTIFICATE'
  /** The file system refused (permissions, disk full, …). */
  | 'IO';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

/** Wraps a file-system failure; the Node message names the path and the errno, nothing secret. */
export function ioError(what: string, error: unknown): StoreError {
  return new StoreError('IO', `${what}: ${errorMessage(error)}`, { cause: error });
}

/**
 * The message of anything thrown. Duck-typed rather than `instanceof Error`: errors from Node's
 * fs can come from another realm (jest's sandbox, worker threads), where instanceof fails.
 */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String(error.message);
  }
  return String(error);
}

/** The errno code (`ENOENT`, `ELOOP`…) of a Node system error, duck-typed for the same reason. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return typeof error.code === 'string' ? error.code : undefined;
  }
  return undefined;
}
