import { type AlertRunEntity } from './alert-run.entity';
import { type ExpirationAlertEntity } from './expiration-alert.entity';
import { type NewNotification } from './notifications.service';

/** What a message says about one reported certificate (the runner's `ReportedCertificate` fits). */
export interface ReportedCertificate {
  certificate: { id: number };
  subject: string;
  message: string;
  recipients: readonly string[];
}

/**
 * One message per recipient per run: the certificates' rendered messages one after another, under
 * the first certificate's rendered subject ("and N more" when there are several).
 */
export function outboxMessages(
  alert: ExpirationAlertEntity,
  run: AlertRunEntity,
  reports: readonly ReportedCertificate[],
): NewNotification[] {
  const byRecipient = new Map<string, ReportedCertificate[]>();
  for (const report of reports) {
    for (const recipient of report.recipients) {
      byRecipient.set(recipient, [...(byRecipient.get(recipient) ?? []), report]);
    }
  }
  return [...byRecipient].map(([recipient, mine]) => {
    const first = mine[0];
    const more = mine.length - 1;
    return {
      runId: run.id,
      alertId: alert.id,
      recipient,
      subject: `${first?.subject ?? ''}${more > 0 ? ` (and ${more} more)` : ''}`,
      message: mine.map((report) => report.message).join('\n\n'),
      certificateIds: mine.map((report) => report.certificate.id),
    };
  });
}
