import { Injectable } from '@nestjs/common';
import { type CmsLookup } from '@certlab/contracts';
import { CertificateFiles } from '../certificates/certificate-files';
import { CertificatesService } from '../certificates/certificates.service';
import { KeyfactorApiErrors, MISSING_CERTIFICATE_FORMAT_MESSAGE } from './keyfactor-api.errors';
import { type KeyfactorDownload } from './keyfactor-models';

export type DownloadFormat = 'PEM' | 'DER';

/** The `X-CertificateFormat` header of a download: required, PEM or DER. */
export function downloadFormat(header: string | undefined): DownloadFormat {
  const value = header?.trim().toUpperCase();
  if (!value) throw KeyfactorApiErrors.missingCertificateFormat(MISSING_CERTIFICATE_FORMAT_MESSAGE);
  if (value !== 'PEM' && value !== 'DER') {
    throw KeyfactorApiErrors.unsupportedCertificateFormat(
      `Certificate format '${header}' is not supported; certlab downloads PEM or DER (P7B is not implemented).`,
    );
  }
  return value;
}

/** `POST /Certificates/Download`: the certificate, and with PEM its chain, base64 in `Content`. */
@Injectable()
export class KeyfactorCertificateDownload {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly files: CertificateFiles,
  ) {}

  async download(
    lookup: CmsLookup,
    format: DownloadFormat,
    includeChain: boolean,
  ): Promise<KeyfactorDownload> {
    // DER holds exactly one certificate; dropping the chain silently would hand back less than
    // was asked for, so the caller is told to use PEM instead.
    if (format === 'DER' && includeChain) {
      throw KeyfactorApiErrors.unsupportedCertificateFormat(
        'A DER download holds one certificate; use PEM to include the chain, or set IncludeChain to false.',
      );
    }
    const entity = await this.certificates.lookup(lookup);
    if (format === 'DER')
      return { Content: Buffer.from(this.files.der(entity)).toString('base64') };
    const pem = includeChain ? await this.files.pemWithChain(entity) : this.files.pem(entity);
    return { Content: Buffer.from(pem, 'utf8').toString('base64') };
  }
}
