import { type z } from 'zod';
import { DuplicatePropertyError } from '@certlab/contracts';
import { type DomainError } from '../errors/domain-error';

/**
 * Validates a request body against its contract schema. Every problem is listed in one message,
 * with the property path as the client spelled the contract (`Lookup.CMSID`), so a 400 says
 * exactly what to fix.
 */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  invalid: (message: string) => DomainError,
): z.output<T> {
  let result: z.ZodSafeParseResult<z.output<T>>;
  try {
    result = schema.safeParse(body ?? {});
  } catch (error) {
    if (error instanceof DuplicatePropertyError)
      throw invalid(`Invalid request: ${error.message}.`);
    throw error;
  }
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw invalid(`Invalid request: ${problems.join('; ')}.`);
}
