import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { type CertificateDiff, type RenewalTimeline } from '@certlab/contracts';
import { readCertificate } from '@certlab/pki';
import { AgentEntity } from '../agents/agent.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificateEntity } from '../certificates/certificate.entity';
import { OrchestratorJobEntity } from '../jobs/orchestrator-job.entity';
import { CertificateRequestEntity } from '../requests/certificate-request.entity';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { diffCertificates, type DiffSide } from './policies/certificate-diff';
import { buildRenewalTimeline, type TimelineFacts } from './policies/renewal-timeline';
import { RenewalHistoryErrors } from './renewal-history.errors';

/**
 * Read models for people, built from what the renewal already wrote: the request, the issued
 * certificate, the delivery jobs and the audit trail. No event store of its own.
 */
@Injectable()
export class RenewalHistoryService {
  constructor(
    @InjectRepository(CertificateRequestEntity)
    private readonly requests: Repository<CertificateRequestEntity>,
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    @InjectRepository(OrchestratorJobEntity)
    private readonly jobs: Repository<OrchestratorJobEntity>,
    @InjectRepository(CertificateStoreEntity)
    private readonly stores: Repository<CertificateStoreEntity>,
    @InjectRepository(AgentEntity)
    private readonly agents: Repository<AgentEntity>,
    @InjectRepository(AuditEventEntity)
    private readonly audit: Repository<AuditEventEntity>,
    private readonly authorities: AuthoritiesService,
  ) {}

  async timelineOfRequest(requestId: number): Promise<RenewalTimeline> {
    const request = await this.requests.findOneBy({ id: requestId });
    if (!request) {
      throw RenewalHistoryErrors.notFound(`Certificate request ${requestId} was not found.`);
    }
    const [original, issued] = await Promise.all([
      request.renewalOfCertificateId === null
        ? null
        : this.certificates.findOneBy({ id: request.renewalOfCertificateId }),
      request.certificateId === null
        ? null
        : this.certificates.findOneBy({ id: request.certificateId }),
    ]);
    const facts: TimelineFacts = {
      request,
      jobs: await this.deliveries(requestId),
    };
    const decision = await this.latestEvent('request', requestId, [
      'request.approved',
      'request.denied',
    ]);
    if (decision) {
      facts.decision = {
        action: decision.action === 'request.approved' ? 'approved' : 'denied',
        // The request's resolution time: the audit event is written after the issuance it records.
        at: request.resolvedAt ?? decision.at,
        actor: decision.actor,
      };
    }
    if (issued) {
      facts.issued = {
        id: issued.id,
        thumbprint: issued.thumbprint,
        serialNumber: issued.serialNumber,
        createdAt: issued.createdAt,
        issuer: issued.issuerDn,
      };
    }
    if (original?.revokedAt) {
      const event = await this.latestEvent('certificate', original.id, ['certificate.revoked']);
      const details = event?.details ?? {};
      facts.oldRevocation = {
        certificateId: original.id,
        at: event?.at ?? original.revokedAt,
        actor: event?.actor ?? 'unknown',
        reason: original.revocationReason ?? 'unspecified',
        effectiveDate: original.revokedAt,
        ...(typeof details.comment === 'string' ? { comment: details.comment } : {}),
      };
    }
    return {
      requestId: request.id,
      status: request.status,
      requester: request.requester,
      renewalOf: original
        ? { id: original.id, subject: original.subject, thumbprint: original.thumbprint }
        : null,
      certificate: issued
        ? { id: issued.id, subject: issued.subject, thumbprint: issued.thumbprint }
        : null,
      steps: buildRenewalTimeline(facts),
    };
  }

  /** The timeline of the renewal that produced the certificate. */
  async timelineOfCertificate(certificateId: number): Promise<RenewalTimeline> {
    const certificate = await this.certificate(certificateId);
    if (certificate.requestId === null) {
      throw RenewalHistoryErrors.noRenewal(
        `Certificate ${certificateId} was not issued by a certlab request (it was seeded or imported), so it has no renewal timeline.`,
      );
    }
    return this.timelineOfRequest(certificate.requestId);
  }

  /** Old (`withId`, by default the certificate it renewed) against new (`certificateId`). */
  async diff(certificateId: number, withId?: number): Promise<CertificateDiff> {
    const certificate = await this.certificate(certificateId);
    const otherId = withId ?? certificate.renewedFromId;
    if (otherId === null) {
      throw RenewalHistoryErrors.nothingToCompare(
        `Certificate ${certificateId} did not renew another certificate; name one with ?with=<id>.`,
      );
    }
    const other = await this.certificate(otherId);
    const [newSide, oldSide] = await Promise.all([this.side(certificate), this.side(other)]);
    return diffCertificates(oldSide, newSide);
  }

  private async certificate(id: number): Promise<CertificateEntity> {
    const certificate = await this.certificates.findOneBy({ id });
    if (!certificate) throw RenewalHistoryErrors.notFound(`Certificate ${id} was not found.`);
    return certificate;
  }

  private async side(entity: CertificateEntity): Promise<DiffSide> {
    const certificate = readCertificate(entity.certificatePem);
    const chain =
      entity.authorityId === null
        ? [certificate.issuer]
        : (await this.authorities.chainOf(entity.authorityId)).map((ca) => ca.subject);
    return { id: entity.id, certificate, chain };
  }

  private async deliveries(requestId: number): Promise<TimelineFacts['jobs']> {
    const jobs = await this.jobs.find({
      where: { requestId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (jobs.length === 0) return [];
    const [stores, agents, completions] = await Promise.all([
      this.stores.findBy({ id: In([...new Set(jobs.map((job) => job.storeId))]) }),
      this.agents.findBy({
        id: In([...new Set(jobs.flatMap((job) => (job.claimedBy ? [job.claimedBy] : [])))]),
      }),
      this.audit.find({
        where: {
          subjectType: 'job',
          subjectId: In(jobs.map((job) => job.id)),
          action: 'job.completed',
        },
        order: { id: 'ASC' },
      }),
    ]);
    const storeById = new Map(stores.map((store) => [store.id, store]));
    const machineOfAgent = new Map(agents.map((agent) => [agent.id, agent.clientMachine]));
    const completionOf = new Map(completions.map((event) => [event.subjectId, event]));
    return jobs.map((job) => {
      const store = storeById.get(job.storeId);
      const claimedOn = job.claimedBy ? (machineOfAgent.get(job.claimedBy) ?? null) : null;
      const event = completionOf.get(job.id);
      const finished =
        job.status === 'Succeeded' || job.status === 'Warning' || job.status === 'Failed';
      return {
        job: {
          id: job.id,
          storeId: job.storeId,
          clientMachine: store?.clientMachine ?? '',
          storePath: store?.storePath ?? '',
          alias: job.alias,
        },
        createdAt: job.createdAt,
        requestedBy: job.requestedBy,
        claimedAt: job.claimedAt,
        claimedOn,
        attempts: job.attempts,
        status: job.status,
        ...(event
          ? {
              completion: {
                at: event.at,
                actor: `agent ${claimedOn ?? store?.clientMachine ?? event.actor}`,
                outcome: text(event.details.outcome) ?? job.status,
                message: text(event.details.message) ?? job.resultMessage ?? '',
              },
            }
          : finished && job.completedAt
            ? {
                // Failed by the server after its claims ran out: no agent reported anything.
                completion: {
                  at: job.completedAt,
                  actor: 'system',
                  outcome: job.status,
                  message: job.resultMessage ?? '',
                },
              }
            : {}),
      };
    });
  }

  private latestEvent(
    subjectType: string,
    subjectId: number,
    actions: string[],
  ): Promise<AuditEventEntity | null> {
    return this.audit.findOne({
      where: { subjectType, subjectId: String(subjectId), action: In(actions) },
      order: { id: 'DESC' },
    });
  }
}

/** An audit detail that should be text; anything else counts as absent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
