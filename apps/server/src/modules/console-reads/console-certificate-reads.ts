import { Injectable } from '@nestjs/common';
import { type z } from 'zod';
import {
  type CertificateDetail,
  type CertificateDownloadFormat,
  type CertificateListQuerySchema,
  type CertificateSummary,
  type Page,
} from '@certlab/contracts';
import { readCertificate } from '@certlab/pki';
import { Clock } from '../../common/clock';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { CertificateFiles } from '../certificates/certificate-files';
import { CertificateQueries } from '../certificates/certificates.queries';
import { CertificatesService } from '../certificates/certificates.service';
import { StoresService } from '../stores/stores.service';
import { TemplatesService } from '../templates/templates.service';
import {
  type SummaryContext,
  toCertificateDetail,
  toCertificateSummary,
} from './console-certificates.mapper';

export type CertificateListRequest = z.output<typeof CertificateListQuerySchema>;

/** A file to send: its bytes, type and name. */
export interface CertificateDownload {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** The certificate list, page and files, asked of the certificates, authorities and stores modules. */
@Injectable()
export class ConsoleCertificateReads {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly queries: CertificateQueries,
    private readonly files: CertificateFiles,
    private readonly authorities: AuthoritiesService,
    private readonly templates: TemplatesService,
    private readonly stores: StoresService,
    private readonly clock: Clock,
  ) {}

  async list(request: CertificateListRequest): Promise<Page<CertificateSummary>> {
    const now = this.clock.now();
    const { items, total } = await this.queries.list({
      query: await this.queries.parse(request.query),
      state: request.state,
      sort: request.sort,
      order: request.order,
      page: request.page,
      limit: request.limit,
      now,
    });
    const context = await this.context(items, now);
    return {
      items: items.map((item) => toCertificateSummary(item, context)),
      total,
      page: request.page,
      limit: request.limit,
    };
  }

  async detail(id: number): Promise<CertificateDetail> {
    const certificate = await this.certificates.get(id);
    const now = this.clock.now();
    const [context, chain, metadata, locations, stores, renewedFrom, renewedBy] = await Promise.all(
      [
        this.context([certificate], now),
        certificate.authorityId === null ? [] : this.authorities.chainOf(certificate.authorityId),
        this.certificates.metadataOf(id),
        this.certificates.locationsOf([id]),
        this.stores.list(),
        this.queries.byIds(certificate.renewedFromId === null ? [] : [certificate.renewedFromId]),
        this.queries.successorsOf(id),
      ],
    );
    const storesById = new Map(stores.map((store) => [store.id, store]));
    return toCertificateDetail(certificate, context, {
      parsed: readCertificate(certificate.certificatePem),
      chain,
      metadata,
      locations: locations.flatMap((location) => {
        const store = storesById.get(location.storeId);
        return store ? [{ alias: location.alias, store }] : [];
      }),
      renewedFrom: renewedFrom[0],
      renewedBy,
    });
  }

  async download(id: number, format: CertificateDownloadFormat): Promise<CertificateDownload> {
    const certificate = await this.certificates.get(id);
    const name = fileBaseName(certificate);
    switch (format) {
      case 'der':
        return {
          body: Buffer.from(this.files.der(certificate)),
          contentType: 'application/pkix-cert',
          fileName: `${name}.cer`,
        };
      case 'chain':
        return {
          body: Buffer.from(await this.files.pemWithChain(certificate), 'utf8'),
          contentType: 'application/x-pem-file',
          fileName: `${name}-chain.pem`,
        };
      case 'pem':
        return {
          body: Buffer.from(this.files.pem(certificate), 'utf8'),
          contentType: 'application/x-pem-file',
          fileName: `${name}.pem`,
        };
    }
  }

  private async context(items: readonly CertificateEntity[], now: Date): Promise<SummaryContext> {
    const ids = items.map((item) => item.id);
    const [authorities, templates, locationCounts, renewedBy] = await Promise.all([
      this.authorities.list(),
      this.templates.list(),
      this.queries.locationCounts(ids),
      this.queries.renewedByIds(ids),
    ]);
    return {
      authorities: new Map(authorities.map((authority) => [authority.id, authority])),
      templates: new Map(templates.map((template) => [template.id, template])),
      locationCounts,
      renewedBy,
      now,
    };
  }
}

/** The CN, or the id, as a name any file system and header takes. */
function fileBaseName(certificate: CertificateEntity): string {
  const cn = certificate.commonName?.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return cn ? cn.slice(0, 100) : `certificate-${certificate.id}`;
}
