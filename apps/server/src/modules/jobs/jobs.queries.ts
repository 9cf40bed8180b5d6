import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { type JobStatus, OrchestratorJobEntity } from './orchestrator-job.entity';

export interface JobFilter {
  storeId?: string;
  certificateId?: number;
  requestId?: number;
  status?: JobStatus;
  operationType?: number;
}

/** Reads of orchestrator jobs for people's views: filtered, newest first, paged. */
@Injectable()
export class JobQueries {
  constructor(
    @InjectRepository(OrchestratorJobEntity)
    private readonly jobs: Repository<OrchestratorJobEntity>,
  ) {}

  /** Newest first; jobs created at the same instant keep a stable order by id. */
  async list(
    filter: JobFilter,
    paging: { page: number; limit: number },
  ): Promise<{ items: OrchestratorJobEntity[]; total: number }> {
    const [items, total] = await this.jobs.findAndCount({
      where: whereOf(filter),
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (paging.page - 1) * paging.limit,
      take: paging.limit,
    });
    return { items, total };
  }

  /** The delivery jobs a request scheduled, in the order they were written. */
  byRequest(requestId: number): Promise<OrchestratorJobEntity[]> {
    return this.jobs.find({ where: { requestId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Ids only: to tell the jobs a call scheduled from those that were there before it. */
  async idsOf(filter: JobFilter): Promise<Set<string>> {
    const rows = await this.jobs.find({ select: { id: true }, where: whereOf(filter) });
    return new Set(rows.map((row) => row.id));
  }

  byIds(ids: readonly string[]): Promise<OrchestratorJobEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.jobs.findBy({ id: In([...ids]) });
  }
}

function whereOf(filter: JobFilter) {
  return {
    ...(filter.storeId === undefined ? {} : { storeId: filter.storeId }),
    ...(filter.certificateId === undefined ? {} : { certificateId: filter.certificateId }),
    ...(filter.requestId === undefined ? {} : { requestId: filter.requestId }),
    ...(filter.status === undefined ? {} : { status: filter.status }),
    ...(filter.operationType === undefined ? {} : { operationType: filter.operationType }),
  };
}
