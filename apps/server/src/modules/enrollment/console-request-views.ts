import { Injectable } from '@nestjs/common';
import { type RenewalDelivery, type RequestView } from '@certlab/contracts';
import { Clock } from '../../common/clock';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { CertificateQueries } from '../certificates/certificates.queries';
import { toCertificateRef } from '../certificates/console-certificate-ref.mapper';
import { type OrchestratorJobEntity } from '../jobs/orchestrator-job.entity';
import { type CertificateRequestEntity } from '../requests/certificate-request.entity';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { StoresService, storeDisplayName } from '../stores/stores.service';
import { type TemplateEntity } from '../templates/template.entity';
import { TemplatesService } from '../templates/templates.service';

/** The rows a page of request views refers to, one query per table. */
interface RequestContext {
  templates: Map<number, TemplateEntity>;
  authorities: Map<number, CertificateAuthorityEntity>;
  certificates: Map<number, CertificateEntity>;
  stores: Map<string, CertificateStoreEntity>;
  now: Date;
}

/**
 * Requests as the console shows them (the approvals list, and the answer of approve and deny),
 * built here once for both: the workflow's owner knows what a request refers to.
 */
@Injectable()
export class ConsoleRequestViews {
  constructor(
    private readonly templates: TemplatesService,
    private readonly authorities: AuthoritiesService,
    private readonly certificates: CertificateQueries,
    private readonly stores: StoresService,
    private readonly clock: Clock,
  ) {}

  async toViews(requests: readonly CertificateRequestEntity[]): Promise<RequestView[]> {
    const context = await this.context(requests);
    return requests.map((request) => toRequestView(request, context));
  }

  /** Delivery jobs as a renewal's answer lists them. */
  async toDeliveries(jobs: readonly OrchestratorJobEntity[]): Promise<RenewalDelivery[]> {
    const stores = new Map((await this.stores.list()).map((store) => [store.id, store]));
    return jobs.map((job) => {
      const store = stores.get(job.storeId);
      return {
        jobId: job.id,
        storeId: job.storeId,
        storeName: store ? storeDisplayName(store) : '',
      };
    });
  }

  private async context(requests: readonly CertificateRequestEntity[]): Promise<RequestContext> {
    const renewed = requests.flatMap((request) =>
      request.renewalOfCertificateId === null ? [] : [request.renewalOfCertificateId],
    );
    const [templates, authorities, certificates, stores] = await Promise.all([
      this.templates.list(),
      this.authorities.list(),
      this.certificates.byIds(renewed),
      this.stores.list(),
    ]);
    return {
      templates: new Map(templates.map((template) => [template.id, template])),
      authorities: new Map(authorities.map((authority) => [authority.id, authority])),
      certificates: new Map(certificates.map((certificate) => [certificate.id, certificate])),
      stores: new Map(stores.map((store) => [store.id, store])),
      now: this.clock.now(),
    };
  }
}

function toRequestView(request: CertificateRequestEntity, context: RequestContext): RequestView {
  const template = context.templates.get(request.templateId);
  const authority = context.authorities.get(request.authorityId);
  const original =
    request.renewalOfCertificateId === null
      ? undefined
      : context.certificates.get(request.renewalOfCertificateId);
  return {
    id: request.id,
    status: request.status,
    requester: request.requester,
    submittedAt: request.submittedAt.toISOString(),
    resolvedAt: request.resolvedAt?.toISOString() ?? null,
    resolvedBy: request.resolvedBy,
    comment: request.comment,
    subject: request.subject,
    keyAlgorithm: request.keyAlgorithm,
    template: template ? { id: template.id, shortName: template.shortName } : null,
    authority: authority ? { id: authority.id, configName: authority.configName } : null,
    renewalOf: original ? toCertificateRef(original, context.now) : null,
    certificateId: request.certificateId,
    stores: request.targetStoreIds.map((id) => {
      const store = context.stores.get(id);
      return { id, name: store ? storeDisplayName(store) : id };
    }),
    metadata: request.metadata,
  };
}
