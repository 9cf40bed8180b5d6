import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificatesService } from '../certificates/certificates.service';
import {
  CertificateRequestEntity,
  type RequestStatus,
} from '../requests/certificate-request.entity';
import { RequestsService } from '../requests/requests.service';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { TemplatesService } from '../templates/templates.service';
import { type RequestMappingContext, type RequestTargets } from './keyfactor-workflow.mapper';

/** Read views over certificate requests for `/KeyfactorAPI/Workflow/Certificates`. */
@Injectable()
export class KeyfactorWorkflowReads {
  constructor(
    @InjectRepository(CertificateRequestEntity)
    private readonly requestRows: Repository<CertificateRequestEntity>,
    @InjectRepository(CertificateStoreEntity)
    private readonly storeRows: Repository<CertificateStoreEntity>,
    private readonly requests: RequestsService,
    private readonly certificates: CertificatesService,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
  ) {}

  listByStatus(status: RequestStatus): Promise<CertificateRequestEntity[]> {
    return this.requests.listByStatus(status);
  }

  get(id: number): Promise<CertificateRequestEntity> {
    return this.requests.get(id);
  }

  /** Requests by id, for reporting Approve/Deny outcomes (unknown ids are simply absent). */
  async byIds(ids: readonly number[]): Promise<Map<number, CertificateRequestEntity>> {
    const rows = ids.length === 0 ? [] : await this.requestRows.findBy({ id: In([...ids]) });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async mappingContext(): Promise<RequestMappingContext> {
    const [authorities, templates] = await Promise.all([
      this.authorities.list(),
      this.templates.list(),
    ]);
    return {
      authorities: new Map(authorities.map((authority) => [authority.id, authority])),
      templates: new Map(templates.map((template) => [template.id, template])),
    };
  }

  /**
   * The stores a request remembers, in request order, with the alias the renewed certificate has
   * in each (the entry the delivery will overwrite). A store removed since is left out.
   */
  async targets(request: CertificateRequestEntity): Promise<RequestTargets> {
    const ids = request.targetStoreIds;
    const stores = ids.length === 0 ? [] : await this.storeRows.findBy({ id: In(ids) });
    const byId = new Map(stores.map((store) => [store.id, store]));
    const aliases =
      request.renewalOfCertificateId === null
        ? new Map<string, string>()
        : await this.certificates.locationAliases(request.renewalOfCertificateId);
    return {
      stores: ids.flatMap((id) => byId.get(id) ?? []),
      aliases,
    };
  }
}
