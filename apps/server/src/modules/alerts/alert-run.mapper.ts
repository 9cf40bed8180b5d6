import {
  type AlertRunView,
  type NotificationView,
  RUN_OUTCOMES,
  type RunOutcome,
} from '@certlab/contracts';
import { type RunWithResults } from './alert-runs.service';
import { type NotificationEntity } from './notification.entity';

/* The `/api` answers about alert runs and the outbox, built from entities. */

export function toAlertRunView({ run, results }: RunWithResults): AlertRunView {
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

export function toNotificationView(row: NotificationEntity): NotificationView {
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
