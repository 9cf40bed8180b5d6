import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { AuthoritiesService } from '../authorities/authorities.service';
import { applyCertificateQuery } from '../certificates/certificate-query.builder';
import { CertificateMetadataEntity } from '../certificates/certificate-metadata.entity';
import { CertificateEntity } from '../certificates/certificate.entity';
import { CertificateErrors } from '../certificates/certificates.errors';
import { CertificatesService } from '../certificates/certificates.service';
import {
  CertificateQueryError,
  parseCertificateQuery,
  type QueryNode,
} from '../certificates/policies/certificate-query';
import { MetadataFieldEntity } from '../metadata/metadata-field.entity';
import { MetadataService } from '../metadata/metadata.service';
import { CertificateRequestEntity } from '../requests/certificate-request.entity';
import { StoresService } from '../stores/stores.service';
import { TemplatesService } from '../templates/templates.service';
import {
  type CertificateMappingContext,
  type StoredLocation,
} from './keyfactor-certificate.mapper';
import { type Page, resolveSortField } from './keyfactor-query';

/** Sortable `pq.sortField` values (the model's names) and the property each sorts on. */
const SORT_PROPERTIES = {
  Id: 'id',
  IssuedCN: 'commonName',
  IssuedDN: 'subject',
  IssuerDN: 'issuerDn',
  SerialNumber: 'serialNumber',
  Thumbprint: 'thumbprint',
  NotBefore: 'notBefore',
  NotAfter: 'notAfter',
  ImportDate: 'createdAt',
  SigningAlgorithm: 'signatureAlgorithm',
} as const satisfies Record<string, keyof CertificateEntity>;
export const CERTIFICATE_SORT_FIELDS = Object.keys(
  SORT_PROPERTIES,
) as (keyof typeof SORT_PROPERTIES)[];

export interface CertificateSearch {
  queryString: string | undefined;
  /** Command leaves revoked and expired certificates out unless asked (`pq.includeRevoked/Expired`). */
  includeRevoked: boolean;
  includeExpired: boolean;
  sortField: string | undefined;
  ascending: boolean;
  page: number;
  limit: number;
}

const ALIAS = 'certificate';

/** The certificate reads of `/KeyfactorAPI/Certificates`: the query language, paging, related rows. */
@Injectable()
export class KeyfactorCertificateSearch {
  constructor(
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    @InjectRepository(CertificateMetadataEntity)
    private readonly metadataValues: Repository<CertificateMetadataEntity>,
    @InjectRepository(CertificateRequestEntity)
    private readonly requests: Repository<CertificateRequestEntity>,
    private readonly certificateService: CertificatesService,
    private readonly metadata: MetadataService,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly stores: StoresService,
    private readonly clock: Clock,
  ) {}

  async search(criteria: CertificateSearch): Promise<Page<CertificateEntity>> {
    // Resolve the sort and the query before touching the table: a bad request costs nothing.
    const sortField = resolveSortField(criteria.sortField ?? 'Id', CERTIFICATE_SORT_FIELDS);
    const query =
      criteria.queryString === undefined ? undefined : await this.parseQuery(criteria.queryString);

    const qb = this.certificates.createQueryBuilder(ALIAS);
    if (query) {
      try {
        applyCertificateQuery(qb, query, ALIAS);
      } catch (error) {
        throw asInvalidQuery(error);
      }
    }
    if (!criteria.includeRevoked) qb.andWhere(`${ALIAS}.revokedAt IS NULL`);
    // Stored times are ISO strings, so "not yet expired" is a string comparison on both databases.
    if (!criteria.includeExpired)
      qb.andWhere(`${ALIAS}.notAfter >= :now`, { now: this.clock.now().toISOString() });

    const direction = criteria.ascending ? 'ASC' : 'DESC';
    // SQLite puts NULLs (a certificate without a CN) first and PostgreSQL last: say which.
    qb.orderBy(`${ALIAS}.${SORT_PROPERTIES[sortField]}`, direction, 'NULLS LAST');
    // A unique tie-breaker keeps pages stable when the sort column repeats.
    if (sortField !== 'Id') qb.addOrderBy(`${ALIAS}.id`, direction);
    qb.offset((criteria.page - 1) * criteria.limit).limit(criteria.limit);

    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  get(id: number): Promise<CertificateEntity> {
    return this.certificateService.get(id);
  }

  /** The rows a page of certificate models refers to, loaded with one query per table. */
  async mappingContext(
    entities: readonly CertificateEntity[],
    include: { locations: boolean; metadata: boolean },
  ): Promise<CertificateMappingContext> {
    const ids = entities.map((entity) => entity.id);
    const requestIds = entities.flatMap((entity) =>
      entity.requestId === null ? [] : [entity.requestId],
    );
    const [authorities, templates, requests] = await Promise.all([
      this.authorities.list(),
      this.templates.list(),
      requestIds.length === 0 ? [] : this.requests.findBy({ id: In(requestIds) }),
    ]);
    return {
      authorities: new Map(authorities.map((authority) => [authority.id, authority])),
      templates: new Map(templates.map((template) => [template.id, template])),
      requests: new Map(requests.map((request) => [request.id, request])),
      ...(include.locations ? { locations: await this.locationsOf(ids) } : {}),
      ...(include.metadata ? { metadata: await this.metadataOf(ids) } : {}),
    };
  }

  private async parseQuery(text: string): Promise<QueryNode> {
    const fields = await this.metadata.list();
    try {
      return parseCertificateQuery(text, { metadataFields: fields.map((field) => field.name) });
    } catch (error) {
      throw asInvalidQuery(error);
    }
  }

  private async locationsOf(ids: number[]): Promise<Map<number, StoredLocation[]>> {
    const [locations, stores] = await Promise.all([
      this.certificateService.locationsOf(ids),
      this.stores.list(),
    ]);
    const storesById = new Map(stores.map((store) => [store.id, store]));
    const byCertificate = new Map<number, StoredLocation[]>();
    for (const location of locations) {
      const store = storesById.get(location.storeId);
      if (!store) continue;
      byCertificate.set(location.certificateId, [
        ...(byCertificate.get(location.certificateId) ?? []),
        { location, store },
      ]);
    }
    return byCertificate;
  }

  private async metadataOf(ids: number[]): Promise<Map<number, Record<string, string>>> {
    const byCertificate = new Map<number, Record<string, string>>(ids.map((id) => [id, {}]));
    if (ids.length === 0) return byCertificate;
    const rows = await this.metadataValues
      .createQueryBuilder('value')
      .innerJoin(MetadataFieldEntity, 'field', 'field.id = value.field_id')
      .select([
        'value.certificate_id AS "certificateId"',
        'field.name AS "name"',
        'value.value AS "value"',
      ])
      .where('value.certificate_id IN (:...ids)', { ids })
      .getRawMany<{ certificateId: number; name: string; value: string }>();
    for (const row of rows) {
      const values = byCertificate.get(Number(row.certificateId));
      if (values) values[row.name] = row.value;
    }
    return byCertificate;
  }
}

function asInvalidQuery(error: unknown): unknown {
  return error instanceof CertificateQueryError
    ? CertificateErrors.invalidQuery(`Invalid pq.queryString: ${error.message}`)
    : error;
}
