import { Body, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { parseBody } from '../../common/validation/parse-body';
import { Requires } from '../auth/permissions';
import { KeyfactorApiErrors } from './keyfactor-api.errors';
import { DownloadRequestSchema, downloadLookup } from './keyfactor-api.schemas';
import { toKeyfactorCertificate } from './keyfactor-certificate.mapper';
import {
  KeyfactorCertificateDownload,
  downloadFormat,
} from './keyfactor-certificate-download.service';
import { KeyfactorCertificateSearch } from './keyfactor-certificate-search.service';
import { KeyfactorController } from './keyfactor-controller.decorator';
import { type KeyfactorCertificate, type KeyfactorDownload } from './keyfactor-models';
import { integerId } from './keyfactor-path-params';
import {
  type HeaderWriter,
  KeyfactorQuery,
  type RawQuery,
  readListQuery,
  requireNoCollection,
  writeTotalCount,
} from './keyfactor-query';

@KeyfactorController('Certificates')
export class KeyfactorCertificatesController {
  constructor(
    private readonly search: KeyfactorCertificateSearch,
    private readonly downloads: KeyfactorCertificateDownload,
  ) {}

  /** The query language through `pq.queryString`; the total before paging in `x-total-count`. */
  @Get()
  @Requires('read')
  async query(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorCertificate[]> {
    const query = new KeyfactorQuery(raw);
    requireNoCollection(query);
    const list = readListQuery(query, 'pq');
    const page = await this.search.search({
      queryString: list.queryString,
      includeRevoked: query.boolean('pq.includeRevoked') ?? false,
      includeExpired: query.boolean('pq.includeExpired') ?? false,
      sortField: list.sortField,
      ascending: list.ascending,
      page: list.page,
      limit: list.limit,
    });
    const context = await this.search.mappingContext(page.items, includes(query));
    writeTotalCount(response, page.total);
    return page.items.map((certificate) => toKeyfactorCertificate(certificate, context));
  }

  @Get(':id')
  @Requires('read')
  async get(@Param('id') id: string, @Query() raw: RawQuery): Promise<KeyfactorCertificate> {
    const query = new KeyfactorQuery(raw);
    requireNoCollection(query);
    const certificate = await this.search.get(integerId(id, 'Certificate'));
    return toKeyfactorCertificate(
      certificate,
      await this.search.mappingContext([certificate], includes(query)),
    );
  }

  @Post('Download')
  @HttpCode(200)
  @Requires('read')
  download(
    @Body() body: unknown,
    @Headers('x-certificateformat') format: string | undefined,
    @Query() raw: RawQuery,
  ): Promise<KeyfactorDownload> {
    requireNoCollection(new KeyfactorQuery(raw));
    const wanted = downloadFormat(format);
    const request = parseBody(DownloadRequestSchema, body, KeyfactorApiErrors.invalidRequest);
    return this.downloads.download(downloadLookup(request), wanted, request.includechain ?? false);
  }
}

function includes(query: KeyfactorQuery): { locations: boolean; metadata: boolean } {
  return {
    locations: query.boolean('includeLocations') ?? false,
    metadata: query.boolean('includeMetadata') ?? false,
  };
}
