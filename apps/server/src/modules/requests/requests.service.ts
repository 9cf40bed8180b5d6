import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { CertificateRequestEntity } from './certificate-request.entity';
import { RequestErrors } from './requests.errors';

@Injectable()
export class RequestsService {
  constructor(
    @InjectRepository(CertificateRequestEntity)
    private readonly requests: Repository<CertificateRequestEntity>,
  ) {}

  async create(
    manager: EntityManager,
    request: Omit<CertificateRequestEntity, 'id'>,
  ): Promise<CertificateRequestEntity> {
    const repository = manager.getRepository(CertificateRequestEntity);
    return repository.save(repository.create(request));
  }

  async get(id: number, manager?: EntityManager): Promise<CertificateRequestEntity> {
    const request = await (
      manager?.getRepository(CertificateRequestEntity) ?? this.requests
    ).findOneBy({ id });
    if (!request) throw RequestErrors.notFound(`Certificate request ${id} was not found.`);
    return request;
  }

  listByStatus(status: CertificateRequestEntity['status']): Promise<CertificateRequestEntity[]> {
    return this.requests.find({ where: { status }, order: { id: 'ASC' } });
  }

  async update(
    manager: EntityManager,
    id: number,
    changes: Partial<CertificateRequestEntity>,
  ): Promise<void> {
    await manager.getRepository(CertificateRequestEntity).update({ id }, changes);
  }
}
