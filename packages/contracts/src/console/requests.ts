import { z } from 'zod';
import { limitParam, pageParam } from './params';
import { type CertificateRef, type RenewalDelivery } from './certificates';

/* The approval workflow: renewals whose template needs a manager's approval. */

export const REQUEST_STATUSES = ['PENDING', 'ISSUED', 'DENIED', 'FAILED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface RequestView {
  id: number;
  status: RequestStatus;
  requester: string;
  submittedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  comment: string | null;
  subject: string;
  keyAlgorithm: string;
  template: { id: number; shortName: string } | null;
  authority: { id: number; configName: string } | null;
  renewalOf: CertificateRef | null;
  /** The certificate issued once approved. */
  certificateId: number | null;
  /** Where the certificate goes once approved. */
  stores: { id: string; name: string }[];
  metadata: Record<string, string>;
}

/** `GET /api/requests`: newest first. */
export const RequestListQuerySchema = z.strictObject({
  status: z.enum(REQUEST_STATUSES).optional(),
  page: pageParam,
  limit: limitParam(50, 200),
});

/** `POST /api/requests/{id}/deny`. */
export const DenyRequestSchema = z.strictObject({
  comment: z
    .string({ error: 'comment is required: say why the request is denied' })
    .trim()
    .min(1, 'comment is required: say why the request is denied')
    .max(1024, 'comment is longer than 1024 characters'),
});

/** Answer of approve and deny. */
export interface RequestDecision {
  request: RequestView;
  /** Approve: the certificate issued and the deliveries scheduled. */
  certificate: CertificateRef | null;
  deliveries: RenewalDelivery[];
}
