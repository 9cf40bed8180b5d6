import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { TemplateEntity } from './template.entity';
import { TemplateErrors } from './templates.errors';

@Injectable()
export class TemplatesService {
  constructor(
    @InjectRepository(TemplateEntity) private readonly templates: Repository<TemplateEntity>,
  ) {}

  list(): Promise<TemplateEntity[]> {
    return this.templates.find({ relations: { allowedAuthorities: true }, order: { id: 'ASC' } });
  }

  async get(id: number): Promise<TemplateEntity> {
    const template = await this.templates.findOne({
      where: { id },
      relations: { allowedAuthorities: true },
    });
    if (!template) throw TemplateErrors.notFound(`Template ${id} was not found.`);
    return template;
  }

  /** By short name, case-insensitively (Windows template names are). */
  async findByShortName(shortName: string): Promise<TemplateEntity> {
    const template = await this.templates
      .createQueryBuilder('template')
      .leftJoinAndSelect('template.allowedAuthorities', 'authority')
      .where('LOWER(template.short_name) = LOWER(:shortName)', { shortName })
      .getOne();
    if (!template) throw TemplateErrors.unknownTemplate(`Template "${shortName}" does not exist.`);
    return template;
  }

  assertAllowedOn(template: TemplateEntity, authority: CertificateAuthorityEntity): void {
    if (!template.allowedAuthorities.some((allowed) => allowed.id === authority.id)) {
      throw TemplateErrors.notAllowedOnAuthority(
        `Template "${template.shortName}" is not available on certificate authority "${authority.configName}".`,
      );
    }
  }
}
