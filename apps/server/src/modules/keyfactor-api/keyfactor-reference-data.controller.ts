import { Get, Param, Query, Res } from '@nestjs/common';
import { AuthoritiesService } from '../authorities/authorities.service';
import { Requires } from '../auth/permissions';
import { MetadataService } from '../metadata/metadata.service';
import { TemplatesService } from '../templates/templates.service';
import { KeyfactorController } from './keyfactor-controller.decorator';
import {
  type KeyfactorCertificateAuthority,
  type KeyfactorMetadataField,
  type KeyfactorTemplate,
  type KeyfactorTemplateDetails,
} from './keyfactor-models';
import { integerId } from './keyfactor-path-params';
import { type HeaderWriter, listPage, type RawQuery } from './keyfactor-query';
import {
  toKeyfactorAuthority,
  toKeyfactorMetadataField,
  toKeyfactorTemplate,
  toKeyfactorTemplateDetails,
} from './keyfactor-reference-data.mapper';

/** What certificates are issued from and described with: CAs, templates, metadata fields. */
@KeyfactorController('', 'Reference data')
export class KeyfactorReferenceDataController {
  constructor(
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly metadata: MetadataService,
  ) {}

  @Get('CertificateAuthority')
  @Requires('read')
  async listAuthorities(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorCertificateAuthority[]> {
    const [authorities, templates] = await Promise.all([
      this.authorities.list(),
      this.templates.list(),
    ]);
    return listPage(
      response,
      authorities.map((authority) => toKeyfactorAuthority(authority, templates)),
      raw,
      'pq',
      { Id: (ca) => ca.Id, LogicalName: (ca) => ca.LogicalName, HostName: (ca) => ca.HostName },
    );
  }

  @Get('Templates')
  @Requires('read')
  async listTemplates(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorTemplate[]> {
    return listPage(response, (await this.templates.list()).map(toKeyfactorTemplate), raw, 'sq', {
      Id: (template) => template.Id,
      CommonName: (template) => template.CommonName,
      TemplateName: (template) => template.TemplateName,
      DisplayName: (template) => template.DisplayName,
      KeyType: (template) => template.KeyType,
    });
  }

  @Get('Templates/:id')
  @Requires('read')
  async getTemplate(@Param('id') id: string): Promise<KeyfactorTemplateDetails> {
    return toKeyfactorTemplateDetails(await this.templates.get(integerId(id, 'Template')));
  }

  @Get('MetadataFields')
  @Requires('read')
  async listMetadataFields(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorMetadataField[]> {
    return listPage(
      response,
      (await this.metadata.list()).map(toKeyfactorMetadataField),
      raw,
      'pq',
      {
        Id: (field) => field.Id,
        Name: (field) => field.Name,
        DataType: (field) => field.DataType,
        DisplayOrder: (field) => field.DisplayOrder,
      },
    );
  }

  @Get('MetadataFields/:id')
  @Requires('read')
  async getMetadataField(@Param('id') id: string): Promise<KeyfactorMetadataField> {
    return toKeyfactorMetadataField(await this.metadata.get(integerId(id, 'Metadata field')));
  }
}
