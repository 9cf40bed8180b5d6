/** Keyfactor error codes are 32-bit hex strings in the 0xA011xxxx family (renew-reference.md section 2). */
export type ErrorCode = `0xA011${string}`;

/**
 * Base class of every error the server throws on purpose. Each module subclasses it with its own
 * code enum (house rule 2); the global error filter turns `httpStatus` and `code` into the response,
 * so services never speak HTTP.
 */
export abstract class AppError extends Error {
  protected constructor(
    readonly code: ErrorCode,
    readonly httpStatus: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
