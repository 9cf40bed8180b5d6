/**
 * Every failure the pki package can report on hostile or unusable input. Callers map these codes
 * to their own wire errors; nothing in this package throws a bare Error for bad input.
 */
export type PkiErrorCode =
  | 'INPUT_TOO_LARGE'
  | 'MALFORMED_PEM'
  | 'MALFORMED_DER'
  | 'UNSUPPORTED_KEY'
  | 'BAD_SIGNATURE'
  | 'BAD_PASSWORD'
  | 'INVALID_PROFILE'
  | 'KEY_MISMATCH'
  | 'CHAIN_INCOMPLETE'
  | 'CHAIN_INVALID';

export class PkiError extends Error {
  override readonly name = 'PkiError';

  constructor(
    readonly code: PkiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isPkiError(error: unknown, code?: PkiErrorCode): error is PkiError {
  return error instanceof PkiError && (code === undefined || error.code === code);
}

/**
 * Runs a parser from a third-party library and turns whatever it throws into a typed PkiError:
 * ASN.1 decoders throw plain Errors (or worse) on truncated or malformed input.
 */
export function parseOrThrow<T>(code: PkiErrorCode, what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError(code, `${what}: ${describe(error)}`, { cause: error });
  }
}

export async function parseOrThrowAsync<T>(
  code: PkiErrorCode,
  what: string,
  parse: () => Promise<T>,
): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError(code, `${what}: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
