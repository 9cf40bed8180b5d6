/**
 * A job the agent cannot carry out as given (no certificate, contents not base64, store properties
 * not a JSON object...). Reported to the server as a Failure with this message; never retried.
 */
export class JobInputError extends Error {
  override readonly name = 'JobInputError';
}
