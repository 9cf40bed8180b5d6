import { RUN_OUTCOMES, type RunOutcome } from './alert-run.entity';
import { type RunWithResults } from './alert-runs.service';
import { type NotificationEntity } from './notification.entity';

/* certlab's own `/api` answers about alert runs and the outbox (camelCase, certlab's dialect). */

export interface AlertRunResponse {
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

export interface NotificationResponse {
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

export function toAlertRunResponse({ run, results }: RunWithResults): AlertRunResponse {
  const counts = Object.fromEntries(RUN_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    RunOutcome,
    number
  >;
  for (const result of results) counts[result.outcome]++;
  return {
    id: run.id,
    alertId: run.alertId,
    trigger: run.trigger,
    evaluationDate: run.evaluationDate.toISOString(),
    previousEvaluationDate: run.previousEvaluationDate?.toISOString() ?? null,
    sendAlerts: run.sendAlerts,
    actor: run.actor,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    counts,
    results: results.map((result) => ({
      certificateId: result.certificateId,
      outcome: result.outcome,
      newCertificateId: result.newCertificateId,
      requestId: result.requestId,
      message: result.message,
    })),
  };
}

export function toNotificationResponse(row: NotificationEntity): NotificationResponse {
  return {
    id: row.id,
    runId: row.runId,
    alertId: row.alertId,
    recipient: row.recipient,
    subject: row.subject,
    message: row.message,
    certificateIds: row.certificateIds,
    createdAt: row.createdAt.toISOString(),
    delivery: {
      status: row.deliveryStatus,
      attempts: row.attempts,
      lastError: row.lastError,
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
    },
  };
}
