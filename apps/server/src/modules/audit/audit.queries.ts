import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { AuditEventEntity } from './audit-event.entity';
import { AuditService } from './audit.service';

export interface AuditFilter {
  /** Exact, or a family: `certificate.*` matches every `certificate.` action. */
  action?: string;
  actor?: string;
  subjectType?: string;
  subjectId?: string;
}

export interface ChainCheck {
  intact: boolean;
  events: number;
  firstBrokenEventId: number | null;
  checkedAt: Date;
}

const FAMILY_SUFFIX = '.*';

/** Reads of the audit trail for people: filtered pages, the values present, the chain's state. */
@Injectable()
export class AuditQueries {
  constructor(
    @InjectRepository(AuditEventEntity)
    private readonly events: Repository<AuditEventEntity>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Newest first. */
  async list(
    filter: AuditFilter,
    paging: { page: number; limit: number },
  ): Promise<{ items: AuditEventEntity[]; total: number }> {
    const qb = this.events.createQueryBuilder('event');
    if (filter.action?.endsWith(FAMILY_SUFFIX)) {
      const family = filter.action.slice(0, -FAMILY_SUFFIX.length);
      // A prefix match, not LIKE: `_` and `%` in an action name stay literal.
      qb.andWhere('SUBSTR(event.action, 1, :familyLength) = :family', {
        family: `${family}.`,
        familyLength: family.length + 1,
      });
    } else if (filter.action !== undefined) {
      qb.andWhere('event.action = :action', { action: filter.action });
    }
    if (filter.actor !== undefined) qb.andWhere('event.actor = :actor', { actor: filter.actor });
    if (filter.subjectType !== undefined)
      qb.andWhere('event.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId !== undefined)
      qb.andWhere('event.subject_id = :subjectId', { subjectId: filter.subjectId });
    const [items, total] = await qb
      .orderBy('event.id', 'DESC')
      .skip((paging.page - 1) * paging.limit)
      .take(paging.limit)
      .getManyAndCount();
    return { items, total };
  }

  /** The distinct actions, actors and subject types, sorted, for filters. */
  async facets(): Promise<{ actions: string[]; actors: string[]; subjectTypes: string[] }> {
    const distinct = async (column: string) =>
      (
        await this.events
          .createQueryBuilder('event')
          .select(`DISTINCT event.${column}`, 'value')
          .orderBy('value', 'ASC')
          .getRawMany<{ value: string }>()
      ).map((row) => row.value);
    const [actions, actors, subjectTypes] = await Promise.all([
      distinct('action'),
      distinct('actor'),
      distinct('subject_type'),
    ]);
    return { actions, actors, subjectTypes };
  }

  /** Every hash recomputed now (AuditService.verifyChain). */
  async checkChain(): Promise<ChainCheck> {
    const [broken, events] = await Promise.all([
      this.audit.verifyChain(this.events.manager),
      this.events.count(),
    ]);
    return {
      intact: broken === undefined,
      events,
      firstBrokenEventId: broken ?? null,
      checkedAt: this.clock.now(),
    };
  }
}
