import { z } from 'zod';
import { isoInstant, limitParam, pageParam } from './params';

/*
 * Certificate collections (saved queries) and expiration alerts over them, with the renewal
 * handler, the one global schedule, a preview that changes nothing, runs and the outbox.
 */

export interface CollectionView {
  id: number;
  name: string;
  description: string;
  /** Certificate query language; '' selects every certificate. */
  query: string;
  createdAt: string;
}

/** `POST /api/collections`. The query is checked by the server's parser; a bad one is a 400. */
export const CollectionInputSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'name must not be empty')
    .max(100, 'name is longer than 100 characters'),
  description: z.string().max(1000, 'description is longer than 1000 characters').default(''),
  query: z.string().max(4096, 'query is longer than 4096 characters').default(''),
});
export type CollectionInput = z.input<typeof CollectionInputSchema>;

/** The renewal handler's settings: Template and CA default to each certificate's own when empty. */
export interface AlertRenewalSettings {
  enabled: boolean;
  template: string | null;
  caConfiguration: string | null;
}

export interface AlertView {
  id: number;
  displayName: string;
  /** With tokens such as `{cn}`, `{certnotafterdate}`, `{certemail}`. */
  subject: string;
  message: string;
  warningDays: number;
  collection: { id: number; name: string; query: string };
  recipients: string[];
  renewal: AlertRenewalSettings;
  createdAt: string;
}

/** `POST /api/alerts/expiration`, `PUT /api/alerts/expiration/{id}`. */
export const AlertInputSchema = z.strictObject({
  displayName: z.string().trim().min(1, 'displayName must not be empty').max(255),
  subject: z.string().max(1024, 'subject is longer than 1024 characters'),
  message: z.string().max(65_536, 'message is longer than 65536 characters'),
  warningDays: z
    .number({ error: 'warningDays is required (a number of days)' })
    .int('warningDays must be a whole number of days')
    .min(1, 'warningDays must be at least 1')
    .max(36_500, 'warningDays must be at most 36500'),
  collectionId: z
    .number({ error: 'collectionId is required' })
    .int()
    .min(1, 'collectionId is required'),
  recipients: z
    .array(z.string().trim().min(1, 'a recipient must not be empty').max(320))
    .max(100)
    .default([]),
  renewal: z
    .strictObject({
      enabled: z.boolean(),
      template: z.string().trim().max(128).nullish(),
      caConfiguration: z.string().trim().max(255).nullish(),
    })
    .default({ enabled: false }),
});
export type AlertInput = z.input<typeof AlertInputSchema>;

const timeOfDay = isoInstant('time');

/** The one global schedule of every expiration alert; times of day are UTC. */
export const AlertScheduleSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('immediate') }),
  z.strictObject({ kind: z.literal('interval'), minutes: z.number().int().min(1).max(527_040) }),
  z.strictObject({ kind: z.literal('daily'), time: timeOfDay }),
  z.strictObject({
    kind: z.literal('weekly'),
    days: z.array(z.number().int().min(0).max(6)).min(1, 'name at least one weekday'),
    time: timeOfDay,
  }),
  z.strictObject({
    kind: z.literal('monthly'),
    day: z.number().int().min(1).max(31),
    time: timeOfDay,
  }),
  z.strictObject({ kind: z.literal('exactlyOnce'), time: timeOfDay }),
]);
export type AlertScheduleSpec = z.output<typeof AlertScheduleSpecSchema>;

/** `PUT /api/alerts/expiration/schedule`: `{schedule: null}` switches it off (said, never implied). */
export const AlertScheduleInputSchema = z.strictObject({
  schedule: AlertScheduleSpecSchema.nullable(),
});

export interface AlertScheduleView {
  schedule: AlertScheduleSpec | null;
  /** When the schedule was set (occurrences before it never fire). */
  setAt: string | null;
  lastRunAt: string | null;
}

/** `POST /api/alerts/expiration/preview` and `/run`: evaluate at a date (default: the lab clock's now). */
export const AlertEvaluationRequestSchema = z.strictObject({
  /** Only these alerts; all when absent. */
  alertIds: z.array(z.number().int().min(1)).max(100).optional(),
  evaluationDate: isoInstant('evaluationDate').optional(),
  /** Run only: also write the messages to the outbox. */
  sendAlerts: z.boolean().default(false),
});
export type AlertEvaluationRequest = z.input<typeof AlertEvaluationRequestSchema>;

/** What a run would do with one certificate, as the preview says it. */
export const PREVIEW_ACTIONS = ['renew', 'approval', 'skip', 'report'] as const;
export type PreviewAction = (typeof PREVIEW_ACTIONS)[number];

export interface AlertPreviewView {
  evaluationDate: string;
  alerts: {
    alertId: number;
    displayName: string;
    certificates: {
      certificateId: number;
      commonName: string | null;
      notAfter: string;
      /** renew: the handler would renew it into `stores` stores; approval: the template needs it. */
      action: PreviewAction;
      stores: number;
      template: string | null;
      caConfiguration: string | null;
      /** Why it would be skipped or fail (no store, template not on the CA…). */
      note: string | null;
    }[];
  }[];
}

export const RUN_OUTCOMES = ['renewed', 'pending', 'skipped', 'failed', 'reported'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export interface AlertRunView {
  id: number;
  alertId: number;
  trigger: string;
  evaluationDate: string;
  previousEvaluationDate: string | null;
  sendAlerts: boolean;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<RunOutcome, number>;
  results: {
    certificateId: number;
    outcome: RunOutcome;
    newCertificateId: number | null;
    requestId: number | null;
    message: string | null;
  }[];
}

export interface NotificationView {
  id: number;
  runId: number;
  alertId: number;
  recipient: string;
  subject: string;
  message: string;
  certificateIds: number[];
  createdAt: string;
  delivery: {
    status: string;
    attempts: number;
    lastError: string | null;
    deliveredAt: string | null;
  };
}

export const NotificationListQuerySchema = z.strictObject({
  page: pageParam,
  limit: limitParam(50, 1000),
});
