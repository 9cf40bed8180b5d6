import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MetadataErrors } from './metadata.errors';
import { MetadataFieldEntity } from './metadata-field.entity';
import { mergeMetadata } from '@certlab/contracts';

@Injectable()
export class MetadataService {
  constructor(
    @InjectRepository(MetadataFieldEntity) private readonly fields: Repository<MetadataFieldEntity>,
  ) {}

  list(): Promise<MetadataFieldEntity[]> {
    return this.fields.find({ order: { displayOrder: 'ASC', id: 'ASC' } });
  }

  async get(id: number): Promise<MetadataFieldEntity> {
    const field = await this.fields.findOneBy({ id });
    if (!field) throw MetadataErrors.notFound(`Metadata field ${id} was not found.`);
    return field;
  }

  /** The original's values overlaid by the request's, validated; every problem in one 400. */
  async merge(
    original: Record<string, string>,
    overrides: Record<string, unknown>,
  ): Promise<Record<string, string>> {
    const result = mergeMetadata(await this.list(), original, overrides);
    if (!result.ok) {
      throw MetadataErrors.invalidMetadata(
        `Invalid metadata: ${result.problems.map((problem) => problem.message).join('; ')}`,
      );
    }
    return result.values;
  }
}
