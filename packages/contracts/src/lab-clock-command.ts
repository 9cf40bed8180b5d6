import { z } from 'zod';
import { type LabClockCommand, MAX_LAB_CLOCK_STEP_MS, parseLabDuration } from './lab-clock';

/*
 * The body of `POST /api/lab/clock`, apart from lab-clock.ts so that what a browser needs on its
 * first page (headers, the view, durations) does not bring the schema library with it.
 */

const ISO_INSTANT = z.iso.datetime({ offset: true });
const ISO_DAY = z.iso.date();

/**
 * `POST /api/lab/clock` body: exactly one of `{ "advance": "+60d" }`, `{ "set": "<ISO-8601>" }`,
 * `{ "freeze": true }`, `{ "resume": true }`, `{ "reset": true }`.
 */
export const LabClockCommandSchema = z
  .object({
    advance: z.union([z.number(), z.string().max(64)]).optional(),
    set: z
      .string()
      .refine(
        (value) => ISO_INSTANT.safeParse(value).success || ISO_DAY.safeParse(value).success,
        'must be an ISO-8601 date ("2027-01-01") or date and time ("2027-01-01T09:00:00Z")',
      )
      .optional(),
    freeze: z.literal(true).optional(),
    resume: z.literal(true).optional(),
    reset: z.literal(true).optional(),
  })
  .strict()
  .transform((body, ctx): LabClockCommand => {
    const given = Object.keys(body);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `name exactly one of advance, set, freeze, resume, reset (got ${given.length === 0 ? 'none' : given.join(', ')})`,
      });
      return z.NEVER;
    }
    if (body.advance !== undefined) {
      const milliseconds = parseLabDuration(body.advance);
      if (milliseconds === undefined || Math.abs(milliseconds) > MAX_LAB_CLOCK_STEP_MS) {
        ctx.addIssue({
          code: 'custom',
          path: ['advance'],
          message:
            milliseconds === undefined
              ? 'must be seconds (a number), "+60d" / "-2h" / "90m" / "1d12h" (units w d h m s) or an ISO-8601 duration such as "P60D" (no years or months)'
              : 'must be at most 100 years either way',
        });
        return z.NEVER;
      }
      return { kind: 'advance', milliseconds: Math.round(milliseconds) };
    }
    if (body.set !== undefined) return { kind: 'set', at: new Date(body.set) };
    if (body.freeze) return { kind: 'freeze' };
    if (body.resume) return { kind: 'resume' };
    return { kind: 'reset' };
  });
export type LabClockCommandBody = z.input<typeof LabClockCommandSchema>;
