import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type CertificateDetail,
  CertificateDownloadQuerySchema,
  CertificateListQuerySchema,
  type CertificateSummary,
  type Page,
} from '@certlab/contracts';
import { parseQueryString, positiveIdParam } from '../../common/api/api-params';
import { Requires } from '../auth/permissions';
import { ConsoleCertificateReads } from './console-certificate-reads';

/** The console's certificate list, certificate page and downloads. */
@ApiTags('Console: certificates')
@Controller('api/certificates')
export class ConsoleCertificatesController {
  constructor(private readonly reads: ConsoleCertificateReads) {}

  /** The query language, a state, server-side sort and paging; revoked and expired included. */
  @Get()
  @Requires('read')
  list(@Query() query: unknown): Promise<Page<CertificateSummary>> {
    return this.reads.list(parseQueryString(CertificateListQuerySchema, query));
  }

  @Get(':id')
  @Requires('read')
  detail(@Param('id') id: string): Promise<CertificateDetail> {
    return this.reads.detail(positiveIdParam(id, 'Certificate id'));
  }

  @Get(':id/download')
  @Requires('read')
  async download(@Param('id') id: string, @Query() query: unknown): Promise<StreamableFile> {
    const certificateId = positiveIdParam(id, 'Certificate id');
    const { format } = parseQueryString(CertificateDownloadQuerySchema, query);
    const file = await this.reads.download(certificateId, format);
    return new StreamableFile(file.body, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }
}
