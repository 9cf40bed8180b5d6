import { AppError, type ErrorCode } from './app-error';

/**
 * The error every module throws: a stable Keyfactor-style code, the HTTP status it maps to and a
 * message for the client. Each module lists its codes in `<module>.errors.ts` (house rule 2).
 */
export class DomainError extends AppError {
  constructor(code: ErrorCode, httpStatus: number, message: string, options?: ErrorOptions) {
    super(code, httpStatus, message, options);
  }
}

/** Declares a module's errors once: `errors.unknownTemplate('X')` builds a DomainError. */
export function defineErrors<T extends Record<string, { code: ErrorCode; status: number }>>(
  definitions: T,
): { [K in keyof T]: (message: string) => DomainError } & { codes: { [K in keyof T]: ErrorCode } } {
  const factories = Object.fromEntries(
    Object.entries(definitions).map(([name, { code, status }]) => [
      name,
      (message: string) => new DomainError(code, status, message),
    ]),
  );
  const codes = Object.fromEntries(
    Object.entries(definitions).map(([name, { code }]) => [name, code]),
  );
  return { ...factories, codes } as never;
}
