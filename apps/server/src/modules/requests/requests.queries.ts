import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CertificateRequestEntity, type RequestStatus } from './certificate-request.entity';

/** Reads of certificate requests for people's views: newest first, paged. */
@Injectable()
export class RequestQueries {
  constructor(
    @InjectRepository(CertificateRequestEntity)
    private readonly requests: Repository<CertificateRequestEntity>,
  ) {}

  async list(
    status: RequestStatus | undefined,
    paging: { page: number; limit: number },
  ): Promise<{ items: CertificateRequestEntity[]; total: number }> {
    const [items, total] = await this.requests.findAndCount({
      where: status === undefined ? {} : { status },
      order: { id: 'DESC' },
      skip: (paging.page - 1) * paging.limit,
      take: paging.limit,
    });
    return { items, total };
  }

  countPending(): Promise<number> {
    return this.requests.countBy({ status: 'PENDING' });
  }
}
