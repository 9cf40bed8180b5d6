import { z } from 'zod';

/**
 * `RequestDisposition` strings as the classic CMS API and the Keyfactor API put them on the wire
 * (renew-reference.md section 3). `EXTERNAL VALIDATION` follows the reference's lab choice.
 */
export const REQUEST_DISPOSITIONS = [
  'ISSUED',
  'PENDING',
  'DENIED',
  'FAILED',
  'EXTERNAL VALIDATION',
] as const;

export const RequestDispositionSchema = z.enum(REQUEST_DISPOSITIONS);
export type RequestDisposition = z.infer<typeof RequestDispositionSchema>;

/** Orchestrator job results (renew-reference.md section 4): the numbers are the vendor's. */
export const JobResultStatus = {
  Unknown: 0,
  InProcess: 1,
  Success: 2,
  Warning: 3,
  Failure: 4,
} as const;
export type JobResultStatus = (typeof JobResultStatus)[keyof typeof JobResultStatus];

/** Management job operation types (renew-reference.md section 4.2). */
export const ManagementOperationType = {
  Unknown: 0,
  Inventory: 1,
  Add: 2,
  Remove: 3,
  Create: 4,
  CreateAdd: 5,
} as const;
export type ManagementOperationType =
  (typeof ManagementOperationType)[keyof typeof ManagementOperationType];
