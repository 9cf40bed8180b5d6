import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type SelectQueryBuilder } from 'typeorm';
import {
  type CertificateSortKey,
  type CertificateState,
  CERTIFICATE_STATES,
  stateBoundaries,
} from '@certlab/contracts';
import { MetadataService } from '../metadata/metadata.service';
import { applyCertificateQuery } from './certificate-query.builder';
import { CertificateLocationEntity } from './certificate-location.entity';
import { CertificateEntity } from './certificate.entity';
import { CertificateErrors } from './certificates.errors';
import {
  CertificateQueryError,
  parseCertificateQuery,
  type QueryNode,
} from './policies/certificate-query';

export interface CertificateListCriteria {
  query: QueryNode | undefined;
  state: CertificateState | undefined;
  sort: CertificateSortKey;
  order: 'asc' | 'desc';
  page: number;
  limit: number;
  /** The lab clock's now: where the states' boundaries lie. */
  now: Date;
}

/** Certificates counted per state, for one group of issuer and key algorithm. */
export interface StateCountRow {
  authorityId: number | null;
  /** Only for certificates no lab CA issued (authorityId null). */
  issuerDn: string | null;
  keyAlgorithm: string;
  counts: Record<CertificateState, number>;
}

const SORT_COLUMNS: Readonly<Record<CertificateSortKey, string>> = {
  id: 'id',
  commonName: 'common_name',
  issuer: 'issuer_dn',
  keyAlgorithm: 'key_algorithm',
  notBefore: 'not_before',
  notAfter: 'not_after',
  serialNumber: 'serial_number',
};

const ALIAS = 'certificate';

/**
 * Reads of the certificates module for people's views (the console's list, page and dashboard):
 * set queries only, so a page or a count costs the same over 13 certificates or 10,000.
 */
@Injectable()
export class CertificateQueries {
  constructor(
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    @InjectRepository(CertificateLocationEntity)
    private readonly locations: Repository<CertificateLocationEntity>,
    private readonly metadata: MetadataService,
  ) {}

  /** The query language with the lab's metadata fields; a bad query is a 400 with the parser's message. */
  async parse(text: string | undefined): Promise<QueryNode | undefined> {
    if (text === undefined || text.trim() === '') return undefined;
    const fields = await this.metadata.list();
    try {
      return parseCertificateQuery(text, { metadataFields: fields.map((field) => field.name) });
    } catch (error) {
      if (error instanceof CertificateQueryError)
        throw CertificateErrors.invalidQuery(error.message);
      throw error;
    }
  }

  /**
   * One page in the asked order, id as the tie-breaker. The page's ids are found first and only
   * those rows are read whole: sorting 10,000 rows never drags their PEMs through the sorter.
   */
  async list(
    criteria: CertificateListCriteria,
  ): Promise<{ items: CertificateEntity[]; total: number }> {
    const qb = this.certificates.createQueryBuilder(ALIAS);
    if (criteria.query) applyCertificateQuery(qb, criteria.query, ALIAS);
    if (criteria.state) whereState(qb, criteria.state, criteria.now);
    const direction = criteria.order === 'asc' ? 'ASC' : 'DESC';
    const column = `${ALIAS}.${SORT_COLUMNS[criteria.sort]}`;
    const [total, rows] = await Promise.all([
      qb.clone().getCount(),
      qb
        .clone()
        .select(`${ALIAS}.id`, 'id')
        // SQLite puts NULLs (no CN) first and PostgreSQL last: always last here.
        .orderBy(column, direction, 'NULLS LAST')
        .addOrderBy(`${ALIAS}.id`, direction)
        .offset((criteria.page - 1) * criteria.limit)
        .limit(criteria.limit)
        .getRawMany<{ id: number }>(),
    ]);
    const ids = rows.map((row) => Number(row.id));
    const byId = new Map((await this.byIds(ids)).map((row) => [row.id, row]));
    return { items: ids.flatMap((id) => byId.get(id) ?? []), total };
  }

  async byIds(ids: readonly number[]): Promise<CertificateEntity[]> {
    return ids.length === 0 ? [] : this.certificates.findBy({ id: In([...new Set(ids)]) });
  }

  /** How many stores hold each certificate; absent means none. */
  async locationCounts(ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.locations
      .createQueryBuilder('location')
      .select(['location.certificate_id AS "certificateId"', 'COUNT(*) AS "count"'])
      .where('location.certificate_id IN (:...ids)', { ids: [...ids] })
      .groupBy('location.certificate_id')
      .getRawMany<{ certificateId: number; count: number | string }>();
    return new Map(rows.map((row) => [Number(row.certificateId), Number(row.count)]));
  }

  /** The newest certificate that renewed each of these, where one did. */
  async renewedByIds(ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.certificates
      .createQueryBuilder(ALIAS)
      .select([`${ALIAS}.renewed_from_id AS "renewedFromId"`, `MAX(${ALIAS}.id) AS "newest"`])
      .where(`${ALIAS}.renewed_from_id IN (:...ids)`, { ids: [...ids] })
      .groupBy(`${ALIAS}.renewed_from_id`)
      .getRawMany<{ renewedFromId: number; newest: number }>();
    return new Map(rows.map((row) => [Number(row.renewedFromId), Number(row.newest)]));
  }

  /** Every certificate that renewed this one, oldest first. */
  successorsOf(id: number): Promise<CertificateEntity[]> {
    return this.certificates.find({ where: { renewedFromId: id }, order: { id: 'ASC' } });
  }

  /** Counts per state, grouped by issuing CA (or issuer DN) and key algorithm, in one query. */
  async stateCounts(now: Date): Promise<StateCountRow[]> {
    const { expiredBefore, expiringUntil } = stateBoundaries(now);
    const qb = this.certificates.createQueryBuilder(ALIAS);
    const col = (name: string) => `${qb.escape(ALIAS)}.${qb.escape(name)}`;
    const issuerOfForeign = `CASE WHEN ${col('authority_id')} IS NULL THEN ${col('issuer_dn')} END`;
    const sum = (condition: string, name: CertificateState) =>
      `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS "${name}"`;
    const notRevoked = `${col('revoked_at')} IS NULL`;
    const rows = await qb
      .select([
        `${col('authority_id')} AS "authorityId"`,
        `${issuerOfForeign} AS "issuerDn"`,
        `${col('key_algorithm')} AS "keyAlgorithm"`,
        sum(`${col('revoked_at')} IS NOT NULL`, 'revoked'),
        sum(`${notRevoked} AND ${col('not_after')} < :expiredBefore`, 'expired'),
        sum(
          `${notRevoked} AND ${col('not_after')} >= :expiredBefore AND ${col('not_after')} <= :expiringUntil`,
          'expiring',
        ),
        sum(`${notRevoked} AND ${col('not_after')} > :expiringUntil`, 'valid'),
      ])
      .setParameters({ expiredBefore, expiringUntil })
      .groupBy(col('authority_id'))
      .addGroupBy(issuerOfForeign)
      .addGroupBy(col('key_algorithm'))
      .getRawMany<Record<string, unknown>>();
    return rows.map((row) => ({
      authorityId: row.authorityId === null ? null : Number(row.authorityId),
      issuerDn: typeof row.issuerDn === 'string' ? row.issuerDn : null,
      keyAlgorithm: String(row.keyAlgorithm),
      counts: Object.fromEntries(
        CERTIFICATE_STATES.map((state) => [state, Number(row[state] ?? 0)]),
      ) as Record<CertificateState, number>,
    }));
  }

  /** Certificates not revoked, by the UTC day of their NotAfter (ISO strings: portable SUBSTR). */
  async expiryByDay(): Promise<{ day: string; count: number }[]> {
    const day = `SUBSTR(${ALIAS}.not_after, 1, 10)`;
    const rows = await this.certificates
      .createQueryBuilder(ALIAS)
      .select([`${day} AS "day"`, 'COUNT(*) AS "count"'])
      .where(`${ALIAS}.revoked_at IS NULL`)
      .groupBy(day)
      .orderBy(day, 'ASC')
      .getRawMany<{ day: string; count: number | string }>();
    return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
  }

  /** Certificates each lab CA issued, any state. */
  async issuedCounts(): Promise<Map<number, number>> {
    const rows = await this.certificates
      .createQueryBuilder(ALIAS)
      .select([`${ALIAS}.authority_id AS "authorityId"`, 'COUNT(*) AS "count"'])
      .where(`${ALIAS}.authority_id IS NOT NULL`)
      .groupBy(`${ALIAS}.authority_id`)
      .getRawMany<{ authorityId: number; count: number | string }>();
    return new Map(rows.map((row) => [Number(row.authorityId), Number(row.count)]));
  }

  /** How many certificates certlab believes each store holds; absent means none. */
  async countsByStore(): Promise<Map<string, number>> {
    const rows = await this.locations
      .createQueryBuilder('location')
      .select(['location.store_id AS "storeId"', 'COUNT(*) AS "count"'])
      .groupBy('location.store_id')
      .getRawMany<{ storeId: string; count: number | string }>();
    return new Map(rows.map((row) => [row.storeId, Number(row.count)]));
  }

  /** What a store holds, by alias, with each certificate. */
  async inventoryOf(storeId: string): Promise<{ alias: string; certificate: CertificateEntity }[]> {
    const locations = await this.locations.find({
      where: { storeId },
      order: { alias: 'ASC', id: 'ASC' },
    });
    const certificates = new Map(
      (await this.byIds(locations.map((location) => location.certificateId))).map((row) => [
        row.id,
        row,
      ]),
    );
    return locations.flatMap((location) => {
      const certificate = certificates.get(location.certificateId);
      return certificate ? [{ alias: location.alias, certificate }] : [];
    });
  }
}

/** The same boundaries as `certificateState`, as SQL on the stored ISO strings. */
function whereState(
  qb: SelectQueryBuilder<CertificateEntity>,
  state: CertificateState,
  now: Date,
): void {
  const { expiredBefore, expiringUntil } = stateBoundaries(now);
  const notAfter = `${ALIAS}.not_after`;
  if (state === 'revoked') {
    qb.andWhere(`${ALIAS}.revoked_at IS NOT NULL`);
    return;
  }
  qb.andWhere(`${ALIAS}.revoked_at IS NULL`);
  if (state === 'expired') qb.andWhere(`${notAfter} < :expiredBefore`, { expiredBefore });
  if (state === 'expiring') {
    qb.andWhere(`${notAfter} >= :expiredBefore AND ${notAfter} <= :expiringUntil`, {
      expiredBefore,
      expiringUntil,
    });
  }
  if (state === 'valid') qb.andWhere(`${notAfter} > :expiringUntil`, { expiringUntil });
}
