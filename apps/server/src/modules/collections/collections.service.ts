import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/permissions';
import {
  CertificateQueryError,
  parseCertificateQuery,
  type QueryNode,
} from '../certificates/policies/certificate-query';
import { MetadataService } from '../metadata/metadata.service';
import { CertificateCollectionEntity } from './certificate-collection.entity';
import { CollectionErrors } from './collections.errors';

/** Saved certificate queries. The query is checked when saved, so an alert never runs a bad one. */
@Injectable()
export class CollectionsService {
  constructor(
    @InjectRepository(CertificateCollectionEntity)
    private readonly collections: Repository<CertificateCollectionEntity>,
    private readonly metadata: MetadataService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  list(): Promise<CertificateCollectionEntity[]> {
    return this.collections.find({ order: { id: 'ASC' } });
  }

  async get(id: number): Promise<CertificateCollectionEntity> {
    const collection = await this.collections.findOneBy({ id });
    if (!collection) throw CollectionErrors.notFound(`Certificate collection ${id} was not found.`);
    return collection;
  }

  async getByName(name: string): Promise<CertificateCollectionEntity> {
    const collection = await this.collections.findOneBy({ nameKey: name.trim().toLowerCase() });
    if (!collection)
      throw CollectionErrors.notFound(`Certificate collection "${name}" was not found.`);
    return collection;
  }

  async create(
    input: { name: string; description: string; query: string },
    actor: Actor,
  ): Promise<CertificateCollectionEntity> {
    await this.parse(input.query);
    const nameKey = input.name.toLowerCase();
    if (await this.collections.existsBy({ nameKey })) {
      throw CollectionErrors.duplicateName(
        `A certificate collection named "${input.name}" already exists.`,
      );
    }
    return this.unitOfWork.run(async (manager) => {
      const repository = manager.getRepository(CertificateCollectionEntity);
      const saved = await repository.save(
        repository.create({ ...input, nameKey, createdAt: this.clock.now() }),
      );
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'collection.created',
        subjectType: 'collection',
        subjectId: saved.id,
        details: { name: saved.name, query: saved.query },
      });
      return saved;
    });
  }

  /** The collection's query, parsed; undefined when it selects every certificate. */
  async parse(query: string): Promise<QueryNode | undefined> {
    if (query.trim() === '') return undefined;
    const fields = await this.metadata.list();
    try {
      return parseCertificateQuery(query, { metadataFields: fields.map((field) => field.name) });
    } catch (error) {
      if (error instanceof CertificateQueryError)
        throw CollectionErrors.invalidQuery(`Invalid Query: ${error.message}`);
      throw error;
    }
  }
}
