import { type z } from 'zod';

/** A schema's issues by the first segment of their path ('' for the whole form), first one wins. */
export function issuesByField(error: z.ZodError): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '';
    byField[key] ??= issue.message;
  }
  return byField;
}

/** A whole number typed into a form, or NaN (which the schemas refuse with their own words). */
export function parseWholeNumber(text: string): number {
  const trimmed = text.trim();
  return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
