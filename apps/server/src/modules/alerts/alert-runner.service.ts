import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppError } from '../../common/errors/app-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { AuthoritiesService } from '../authorities/authorities.service';
import { applyCertificateQuery } from '../certificates/certificate-query.builder';
import { CertificateEntity } from '../certificates/certificate.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { CollectionsService } from '../collections/collections.service';
import { LiveEvents } from '../live-events/live-events.service';
import { TemplatesService } from '../templates/templates.service';
import {
  AlertReportedCertificateEntity,
  AlertRunEntity,
  AlertRunResultEntity,
  type RunOutcome,
  type RunTrigger,
} from './alert-run.entity';
import { type ExpirationAlertEntity } from './expiration-alert.entity';
import { outboxMessages } from './alert-outbox';
import { NotificationsService } from './notifications.service';
import { type PreviewDecision, previewDecision } from './policies/alert-preview';
import { resolveRecipients, substituteTokens, type TokenValues } from './policies/alert-tokens';
import { type HandlerResult, RenewalHandler } from './renewal-handler';
import { parameterValue } from './event-handlers';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A Test (or a preview) reports at most this many certificates over all its alerts (renew-reference §5). */
export const TEST_CAP = 100;
/** The metadata field `{certemail}` reads (renew-reference.md section 6). */
const EMAIL_FIELD = 'Email-Contact';

export interface RunRequest {
  trigger: RunTrigger;
  evaluationDate: Date;
  previousEvaluationDate: Date | null;
  sendAlerts: boolean;
  actor: string;
  /** At most this many certificates over all alerts of the call (a Test's 100); none: no cap. */
  cap?: number;
}

/** One reported certificate, rendered, with what the handler did. */
export interface AlertReport {
  alertId: number;
  runId: number;
  certificate: CertificateEntity;
  authorityName: string;
  subject: string;
  message: string;
  recipients: string[];
  sendDate: Date;
  outcome: RunOutcome;
}

export interface RunSummary {
  runs: AlertRunEntity[];
  reports: AlertReport[];
  /** True when the cap stopped the call before every due certificate was reported. */
  capped: boolean;
}

/** What a run would do with each certificate an alert has due, at an evaluation date. */
export interface AlertPreview {
  alert: ExpirationAlertEntity;
  certificates: { certificate: CertificateEntity; decision: PreviewDecision }[];
}

/**
 * Evaluates expiration alerts: which certificates each reports (report-once), what its handler
 * does with them, the run record and the outbox. One evaluation at a time in the process, whoever
 * asks (the scheduler, a Test), so two runs never report or renew the same certificate.
 */
@Injectable()
export class AlertRunner {
  private readonly logger = new Logger(AlertRunner.name);
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    @InjectRepository(AlertRunEntity)
    private readonly runs: Repository<AlertRunEntity>,
    private readonly certificateService: CertificatesService,
    private readonly collections: CollectionsService,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly handler: RenewalHandler,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  /** Runs the alerts one after another, after any evaluation already under way. */
  run(alerts: readonly ExpirationAlertEntity[], request: RunRequest): Promise<RunSummary> {
    const result = this.tail.then(() => this.runExclusive(alerts, request));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * The dry run: the same due-certificate query and cap as a run, and what the handler would do
   * with each. Reads only: no run row, no report-once row, no renewal, no audit event.
   */
  async preview(
    alerts: readonly ExpirationAlertEntity[],
    evaluationDate: Date,
    cap = TEST_CAP,
  ): Promise<AlertPreview[]> {
    const [authorities, templates] = await Promise.all([
      this.authorities.list(),
      this.templates.list(),
    ]);
    const authorityOf = (name: string | undefined, id: number | null) =>
      authorities.find((ca) =>
        name ? ca.configName.toLowerCase() === name.toLowerCase() : ca.id === id,
      ) ?? null;
    const templateOf = (name: string | undefined, id: number | null) => {
      const found = templates.find((candidate) =>
        name ? candidate.shortName.toLowerCase() === name.toLowerCase() : candidate.id === id,
      );
      return found
        ? { ...found, allowedAuthorityIds: found.allowedAuthorities.map((ca) => ca.id) }
        : null;
    };
    const previews: AlertPreview[] = [];
    let left = cap;
    for (const alert of alerts) {
      const due = left > 0 ? await this.dueCertificates(alert, evaluationDate, left) : [];
      left -= due.length;
      const locations = await this.certificateService.locationsOf(due.map((row) => row.id));
      const parameters = alert.handlerParameters;
      previews.push({
        alert,
        certificates: due.map((certificate) => ({
          certificate,
          decision: previewDecision({
            handlerEnabled: alert.handlerId !== null && alert.useHandler,
            stores: locations.filter((location) => location.certificateId === certificate.id)
              .length,
            template: templateOf(parameterValue(parameters, 'Template'), certificate.templateId),
            authority: authorityOf(
              parameterValue(parameters, 'CAConfiguration'),
              certificate.authorityId,
            ),
          }),
        })),
      });
    }
    return previews;
  }

  private async runExclusive(
    alerts: readonly ExpirationAlertEntity[],
    request: RunRequest,
  ): Promise<RunSummary> {
    const summary: RunSummary = { runs: [], reports: [], capped: false };
    const names = await this.names();
    let left = request.cap ?? Number.POSITIVE_INFINITY;
    for (const alert of alerts) {
      if (left <= 0) {
        summary.capped = true;
        break;
      }
      const due = await this.dueCertificates(alert, request.evaluationDate, left + 1);
      if (due.length > left) {
        summary.capped = true;
        due.length = left;
      }
      left -= due.length;
      const { run, reports } = await this.runOne(alert, due, request, names);
      summary.runs.push(run);
      summary.reports.push(...reports);
    }
    return summary;
  }

  /**
   * The report-once rule: NotAfter within [evaluation, evaluation + warning days], in the alert's
   * collection, not revoked, not renewed already, never reported by this alert before.
   */
  private async dueCertificates(
    alert: ExpirationAlertEntity,
    evaluationDate: Date,
    limit: number,
  ): Promise<CertificateEntity[]> {
    const collection = await this.collections.get(alert.collectionId);
    const query = await this.collections.parse(collection.query);
    const qb = this.certificates.createQueryBuilder('certificate');
    const column = (table: string, name: string) => `${qb.escape(table)}.${qb.escape(name)}`;
    qb.where(`${column('certificate', 'not_after')} >= :alertFrom`, {
      alertFrom: evaluationDate.toISOString(),
    })
      .andWhere(`${column('certificate', 'not_after')} <= :alertTo`, {
        alertTo: new Date(evaluationDate.getTime() + alert.warningDays * DAY_MS).toISOString(),
      })
      .andWhere(`${column('certificate', 'revoked_at')} IS NULL`)
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM ${qb.escape('certificates')} ${qb.escape('alert_renewal')}` +
          ` WHERE ${column('alert_renewal', 'renewed_from_id')} = ${column('certificate', 'id')})`,
      )
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM ${qb.escape('alert_reported_certificates')} ${qb.escape('alert_reported')}` +
          ` WHERE ${column('alert_reported', 'alert_id')} = :alertId` +
          ` AND ${column('alert_reported', 'certificate_id')} = ${column('certificate', 'id')})`,
        { alertId: alert.id },
      );
    if (query) applyCertificateQuery(qb, query);
    qb.orderBy('certificate.notAfter', 'ASC').addOrderBy('certificate.id', 'ASC');
    if (Number.isFinite(limit)) qb.limit(limit);
    return qb.getMany();
  }

  private async runOne(
    alert: ExpirationAlertEntity,
    due: CertificateEntity[],
    request: RunRequest,
    names: Names,
  ): Promise<{ run: AlertRunEntity; reports: AlertReport[] }> {
    const run = await this.runs.save(
      this.runs.create({
        alertId: alert.id,
        trigger: request.trigger,
        evaluationDate: request.evaluationDate,
        previousEvaluationDate: request.previousEvaluationDate,
        sendAlerts: request.sendAlerts,
        actor: request.actor,
        startedAt: this.clock.now(),
        finishedAt: null,
      }),
    );
    this.live.publish({ type: 'alerts', ids: [alert.id], runIds: [run.id] });
    const reports: AlertReport[] = [];
    for (const certificate of due) {
      const values = await this.tokenValues(certificate, names);
      const handled = await this.handle(alert, run, certificate);
      reports.push({
        alertId: alert.id,
        runId: run.id,
        certificate,
        authorityName: names.authority(certificate.authorityId) ?? certificate.issuerDn,
        subject: substituteTokens(alert.subject, values),
        message: substituteTokens(alert.message, values),
        recipients: resolveRecipients(alert.recipients, values),
        sendDate: request.evaluationDate,
        outcome: handled.outcome,
      });
    }
    const messages = request.sendAlerts ? outboxMessages(alert, run, reports) : [];
    const finishedAt = this.clock.now();
    const ids = await this.unitOfWork.run(async (manager) => {
      await manager.getRepository(AlertRunEntity).update({ id: run.id }, { finishedAt });
      this.live.publishOnCommit(manager, { type: 'alerts', ids: [alert.id], runIds: [run.id] });
      await this.audit.record(manager, {
        actor: request.actor,
        action: 'alert.ran',
        subjectType: 'expiration-alert',
        subjectId: alert.id,
        details: {
          run: run.id,
          trigger: request.trigger,
          evaluationDate: request.evaluationDate.toISOString(),
          outcomes: countOutcomes(reports),
          messages: messages.length,
        },
      });
      return this.notifications.record(manager, messages);
    });
    this.notifications.dispatch(ids);
    return { run: { ...run, finishedAt }, reports };
  }

  /**
   * The handler's work and its bookkeeping. A renewal records its result and the report-once row
   * inside the issuing transaction, so a crash cannot leave a renewed certificate unrecorded.
   * A failure is recorded but not marked reported: the next run tries again.
   */
  private async handle(
    alert: ExpirationAlertEntity,
    run: AlertRunEntity,
    certificate: CertificateEntity,
  ): Promise<HandlerResult> {
    const record = async (manager: EntityManager, result: HandlerResult) => {
      await manager.getRepository(AlertRunResultEntity).insert({
        runId: run.id,
        certificateId: certificate.id,
        outcome: result.outcome,
        newCertificateId: result.newCertificateId ?? null,
        requestId: result.requestId ?? null,
        message: result.message ?? null,
      });
      if (result.outcome !== 'failed') {
        await manager.getRepository(AlertReportedCertificateEntity).insert({
          alertId: alert.id,
          certificateId: certificate.id,
          runId: run.id,
          reportedAt: this.clock.now(),
        });
      }
    };
    let result: HandlerResult;
    if (alert.handlerId === null || !alert.useHandler) {
      result = { outcome: 'reported' };
    } else {
      try {
        result = await this.handler.handle(alert, certificate, (manager, issued) =>
          record(manager, issued),
        );
        if (result.outcome === 'renewed') return result;
      } catch (error) {
        if (!(error instanceof AppError)) {
          this.logger.error(
            `alert ${alert.id}: renewing certificate ${certificate.id} failed`,
            error instanceof Error ? error.stack : String(error),
          );
        }
        result = {
          outcome: 'failed',
          message:
            error instanceof AppError ? error.message : 'Unexpected error; see the server log.',
        };
      }
    }
    await this.unitOfWork.run((manager) => record(manager, result));
    return result;
  }

  private async tokenValues(certificate: CertificateEntity, names: Names): Promise<TokenValues> {
    const metadata = await this.certificateService.metadataOf(certificate.id);
    return {
      cn: certificate.commonName ?? '',
      certnotafterdate: certificate.notAfter.toISOString(),
      certnotbeforedate: certificate.notBefore.toISOString(),
      serial: certificate.serialNumber,
      thumbprint: certificate.thumbprint,
      certemail: metadata[EMAIL_FIELD] ?? '',
      issuercn: /(?:^|,)\s*CN=((?:\\.|[^,+\\])*)/i.exec(certificate.issuerDn)?.[1] ?? '',
      template: names.template(certificate.templateId) ?? '',
    };
  }

  private async names(): Promise<Names> {
    const [authorities, templates] = await Promise.all([
      this.authorities.list(),
      this.templates.list(),
    ]);
    const authorityNames = new Map(authorities.map((ca) => [ca.id, ca.configName]));
    const templateNames = new Map(templates.map((template) => [template.id, template.shortName]));
    return {
      authority: (id) => (id === null ? undefined : authorityNames.get(id)),
      template: (id) => (id === null ? undefined : templateNames.get(id)),
    };
  }
}

function countOutcomes(reports: readonly AlertReport[]): Partial<Record<RunOutcome, number>> {
  const counts: Partial<Record<RunOutcome, number>> = {};
  for (const report of reports) counts[report.outcome] = (counts[report.outcome] ?? 0) + 1;
  return counts;
}

interface Names {
  authority(id: number | null): string | undefined;
  template(id: number | null): string | undefined;
}
