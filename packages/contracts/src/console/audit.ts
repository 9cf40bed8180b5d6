import { z } from 'zod';
import { limitParam, pageParam } from './params';

/* The hash-chained audit trail, read and checked by the server. */

export interface AuditEventView {
  id: number;
  at: string;
  actor: string;
  /** `certificate.renewed`, `request.approved`, `clock.advanced`… */
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

/** `GET /api/audit`: newest first; filters match exactly (action may end with `.*` for a family). */
export const AuditQuerySchema = z.strictObject({
  action: z.string().max(64).optional(),
  actor: z.string().max(255).optional(),
  subjectType: z.string().max(32).optional(),
  subjectId: z.string().max(64).optional(),
  page: pageParam,
  limit: limitParam(50, 500),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

/** `GET /api/audit/chain`: every hash recomputed by the server, now. */
export interface AuditChainStatus {
  intact: boolean;
  events: number;
  /** The first event whose hash or link does not hold. */
  firstBrokenEventId: number | null;
  checkedAt: string;
}

/** `GET /api/audit/facets`: the actions, actors and subject types present, for the filters. */
export interface AuditFacets {
  actions: string[];
  actors: string[];
  subjectTypes: string[];
}
