import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AuthorityView, type MetadataFieldView, type TemplateView } from '@certlab/contracts';
import { Requires } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificateQueries } from '../certificates/certificates.queries';
import { MetadataService } from '../metadata/metadata.service';
import { TemplatesService } from '../templates/templates.service';
import {
  toAuthorityView,
  toMetadataFieldView,
  toTemplateView,
} from './console-reference-data.mapper';

/** The lab's reference data: the CA hierarchy, templates and where they are offered, metadata fields. */
@ApiTags('Console: reference data')
@Controller('api')
export class ConsoleReferenceDataController {
  constructor(
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly metadata: MetadataService,
    private readonly certificates: CertificateQueries,
  ) {}

  @Get('authorities')
  @Requires('read')
  async authorityList(): Promise<AuthorityView[]> {
    const [authorities, issued] = await Promise.all([
      this.authorities.list(),
      this.certificates.issuedCounts(),
    ]);
    return authorities.map((authority) =>
      toAuthorityView(authority, issued.get(authority.id) ?? 0),
    );
  }

  @Get('templates')
  @Requires('read')
  async templateList(): Promise<TemplateView[]> {
    return (await this.templates.list()).map(toTemplateView);
  }

  @Get('metadata-fields')
  @Requires('read')
  async metadataFields(): Promise<MetadataFieldView[]> {
    return (await this.metadata.list()).map(toMetadataFieldView);
  }
}
