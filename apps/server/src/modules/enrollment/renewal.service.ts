import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type CmsLookup, type RequestDisposition } from '@certlab/contracts';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { isCaCertificate } from '../certificates/policies/ca-certificate';
import { JobLifecycleService } from '../jobs/job-lifecycle.service';
import { JobsService } from '../jobs/jobs.service';
import { MetadataService } from '../metadata/metadata.service';
import { type CertificateRequestEntity } from '../requests/certificate-request.entity';
import { RequestsService } from '../requests/requests.service';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { StoresService } from '../stores/stores.service';
import { type TemplateEntity } from '../templates/template.entity';
import { TemplatesService } from '../templates/templates.service';
import { CertificateIssuer, type IssuedWithKey } from './certificate-issuer';
import { LiveEvents } from '../live-events/live-events.service';
import { EnrollmentErrors } from './enrollment.errors';

export interface RenewalInput {
  lookup: CmsLookup;
  /** Template short name; the original's when absent. */
  template?: string;
  /** `host\logical`; the original's CA when absent. */
  caConfiguration?: string;
  metadata?: Record<string, unknown>;
  /** Stores to deliver to. None: issue only. */
  storeIds?: readonly string[];
  /**
   * Runs inside the issuing transaction, after the certificate and its jobs are written: a caller's
   * own bookkeeping commits or rolls back with the issuance (a campaign item marked issued this way
   * is never renewed twice). Not called when the renewal waits for approval.
   */
  onIssued?: (
    manager: EntityManager,
    outcome: { certificate: CertificateEntity; request: CertificateRequestEntity },
  ) => Promise<void>;
}

export interface RenewalOutcome {
  disposition: Extract<RequestDisposition, 'ISSUED' | 'PENDING'>;
  request: CertificateRequestEntity;
  original: CertificateEntity;
  certificate?: CertificateEntity;
  /** Stores a delivery job was scheduled for, in request order. */
  stores: CertificateStoreEntity[];
}

export interface WorkflowResult {
  succeeded: CertificateRequestEntity[];
  failed: { requestId: number; reason: string }[];
}

/**
 * The renewal use case (docs/server.md). Every entry point (classic CMS API, Keyfactor API,
 * console, alert handlers) comes through here. Everything is checked before anything is written;
 * what is written, is written in one transaction.
 */
@Injectable()
export class RenewalService {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly metadata: MetadataService,
    private readonly stores: StoresService,
    private readonly requests: RequestsService,
    private readonly jobs: JobsService,
    private readonly lifecycle: JobLifecycleService,
    private readonly audit: AuditService,
    private readonly issuer: CertificateIssuer,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly events: LiveEvents,
  ) {}

  async renew(input: RenewalInput, actor: Actor): Promise<RenewalOutcome> {
    const original = await this.certificates.lookup(input.lookup);
    if (isCaCertificate(original)) {
      throw EnrollmentErrors.cannotIssue(
        `Certificate ${original.id} is a CA certificate (${original.subject}); certlab renews leaf certificates, not the lab's authorities.`,
      );
    }
    const authority = input.caConfiguration
      ? await this.authorities.findByConfiguration(input.caConfiguration)
      : await this.originalAuthority(original);
    const template = input.template
      ? await this.templates.findByShortName(input.template)
      : await this.originalTemplate(original);
    this.templates.assertAllowedOn(template, authority);
    const metadata = await this.metadata.merge(
      await this.certificates.metadataOf(original.id),
      input.metadata ?? {},
    );
    const stores = await this.stores.requireAll(input.storeIds ?? []);

    const request: Omit<CertificateRequestEntity, 'id'> = {
      status: 'PENDING',
      requester: actor.username,
      submittedAt: this.clock.now(),
      resolvedAt: null,
      resolvedBy: null,
      comment: null,
      templateId: template.id,
      authorityId: authority.id,
      subject: original.subject,
      subjectAltNames: original.subjectAltNames,
      keyAlgorithm: template.keyAlgorithm,
      metadata,
      targetStoreIds: stores.map((store) => store.id),
      renewalOfCertificateId: original.id,
      certificateId: null,
    };

    if (template.requiresApproval) {
      const pending = await this.unitOfWork.run(async (manager) => {
        const saved = await this.requests.create(manager, request);
        await this.audit.record(manager, {
          actor: actor.username,
          action: 'certificate.renewal-requested',
          subjectType: 'request',
          subjectId: saved.id,
          details: {
            renewalOf: original.id,
            template: template.shortName,
            authority: authority.configName,
            stores: request.targetStoreIds,
          },
        });
        this.events.publishOnCommit(manager, { type: 'requests', ids: [saved.id] });
        return saved;
      });
      return { disposition: 'PENDING', request: pending, original, stores: [] };
    }

    const issued = await this.issuer.issue({
      template,
      authority,
      subject: original.subject,
      subjectAltNames: original.subjectAltNames,
    });
    const result = await this.unitOfWork.run(async (manager) => {
      const saved = await this.requests.create(manager, {
        ...request,
        status: 'ISSUED',
        resolvedAt: this.clock.now(),
        resolvedBy: actor.username,
      });
      const outcome = await this.recordIssued(manager, {
        request: saved,
        original,
        issued,
        template,
        authority,
        stores,
        actor,
      });
      await input.onIssued?.(manager, {
        certificate: outcome.certificate,
        request: { ...saved, certificateId: outcome.certificate.id },
      });
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'certificate.renewed',
        subjectType: 'certificate',
        subjectId: outcome.certificate.id,
        details: {
          renewalOf: original.id,
          request: saved.id,
          template: template.shortName,
          authority: authority.configName,
          thumbprint: outcome.certificate.thumbprint,
          stores: stores.map((store) => store.id),
        },
      });
      return {
        disposition: 'ISSUED' as const,
        request: { ...saved, certificateId: outcome.certificate.id },
        original,
        certificate: outcome.certificate,
        stores,
      };
    });
    // Wake agents' long polls now that the jobs are committed.
    this.lifecycle.notifyScheduled();
    return result;
  }

  /** Issues every pending request and schedules its remembered stores; others fail one by one. */
  async approve(requestIds: readonly number[], actor: Actor): Promise<WorkflowResult> {
    const result: WorkflowResult = { succeeded: [], failed: [] };
    for (const requestId of requestIds) {
      try {
        result.succeeded.push(await this.approveOne(requestId, actor));
      } catch (error) {
        result.failed.push({
          requestId,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return result;
  }

  async deny(
    requestIds: readonly number[],
    comment: string,
    actor: Actor,
  ): Promise<WorkflowResult> {
    const result: WorkflowResult = { succeeded: [], failed: [] };
    for (const requestId of requestIds) {
      try {
        const denied = await this.unitOfWork.run(async (manager) => {
          const request = await this.pendingRequest(manager, requestId);
          const changes = {
            status: 'DENIED' as const,
            resolvedAt: this.clock.now(),
            resolvedBy: actor.username,
            comment,
          };
          await this.requests.update(manager, request.id, changes);
          await this.audit.record(manager, {
            actor: actor.username,
            action: 'request.denied',
            subjectType: 'request',
            subjectId: request.id,
            details: { comment },
          });
          this.events.publishOnCommit(manager, { type: 'requests', ids: [request.id] });
          return { ...request, ...changes };
        });
        result.succeeded.push(denied);
      } catch (error) {
        result.failed.push({
          requestId,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return result;
  }

  private async approveOne(requestId: number, actor: Actor): Promise<CertificateRequestEntity> {
    const request = await this.requests.get(requestId);
    if (request.status !== 'PENDING')
      throw EnrollmentErrors.invalidRequest(
        `Request ${requestId} is ${request.status}, not PENDING.`,
      );
    const [template, authority, stores] = await Promise.all([
      this.templates.get(request.templateId),
      this.authorities.get(request.authorityId),
      this.stores.requireAll(request.targetStoreIds),
    ]);
    const original =
      request.renewalOfCertificateId === null
        ? null
        : await this.certificates.get(request.renewalOfCertificateId);
    const issued = await this.issuer.issue({
      template,
      authority,
      subject: request.subject,
      subjectAltNames: request.subjectAltNames,
    });
    const result = await this.unitOfWork.run(async (manager) => {
      // Re-read inside the transaction: a concurrent approval or denial may have won.
      const current = await this.pendingRequest(manager, requestId);
      const changes = {
        status: 'ISSUED' as const,
        resolvedAt: this.clock.now(),
        resolvedBy: actor.username,
      };
      await this.requests.update(manager, current.id, changes);
      const { certificate } = await this.recordIssued(manager, {
        request: current,
        original,
        issued,
        template,
        authority,
        stores,
        actor,
      });
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'request.approved',
        subjectType: 'request',
        subjectId: current.id,
        details: {
          certificate: certificate.id,
          thumbprint: certificate.thumbprint,
          stores: stores.map((store) => store.id),
        },
      });
      return { ...current, ...changes, certificateId: certificate.id };
    });
    // Wake agents' long polls now that the jobs are committed.
    this.lifecycle.notifyScheduled();
    return result;
  }

  /** Writes what an issuance produced: the certificate, its request link and one job per store. */
  private async recordIssued(
    manager: EntityManager,
    input: {
      request: CertificateRequestEntity;
      original: CertificateEntity | null;
      issued: IssuedWithKey;
      template: TemplateEntity;
      authority: CertificateAuthorityEntity;
      stores: CertificateStoreEntity[];
      actor: Actor;
    },
  ): Promise<{ certificate: CertificateEntity }> {
    const { request, original, issued, template, authority, stores, actor } = input;
    const certificate = await this.certificates.record(manager, {
      certificate: issued.certificate,
      encryptedPrivateKey: issued.encryptedPrivateKey,
      authorityId: authority.id,
      templateId: template.id,
      requestId: request.id,
      renewedFromId: original?.id ?? null,
      metadata: request.metadata,
      createdAt: this.clock.now(),
    });
    await this.requests.update(manager, request.id, { certificateId: certificate.id });
    this.events.publishOnCommit(manager, { type: 'requests', ids: [request.id] });
    this.events.publishOnCommit(manager, {
      type: 'certificates',
      ids: original ? [certificate.id, original.id] : [certificate.id],
    });
    const aliases = original
      ? await this.certificates.locationAliases(original.id)
      : new Map<string, string>();
    for (const store of stores) {
      // Overwrite the old certificate's entry where it has one; otherwise the vendor's default alias.
      const alias = aliases.get(store.id) ?? certificate.thumbprint;
      await this.jobs.scheduleAdd(manager, {
        store,
        certificateId: certificate.id,
        alias,
        requestId: request.id,
        requestedBy: actor.username,
      });
    }
    return { certificate };
  }

  private async pendingRequest(
    manager: EntityManager,
    requestId: number,
  ): Promise<CertificateRequestEntity> {
    const request = await this.requests.get(requestId, manager);
    if (request.status !== 'PENDING')
      throw EnrollmentErrors.invalidRequest(
        `Request ${requestId} is ${request.status}, not PENDING.`,
      );
    return request;
  }

  private async originalAuthority(
    original: CertificateEntity,
  ): Promise<CertificateAuthorityEntity> {
    if (original.authorityId === null) {
      throw EnrollmentErrors.missingDefault(
        `Certificate ${original.id} was not issued by a lab CA; give CAConfiguration.`,
      );
    }
    return this.authorities.get(original.authorityId);
  }

  private async originalTemplate(original: CertificateEntity): Promise<TemplateEntity> {
    if (original.templateId === null) {
      throw EnrollmentErrors.missingDefault(
        `Certificate ${original.id} has no template; give Template.`,
      );
    }
    return this.templates.get(original.templateId);
  }
}
