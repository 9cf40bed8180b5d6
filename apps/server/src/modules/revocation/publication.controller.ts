import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/permissions';
import { RevocationErrors } from './revocation.errors';
import { RevocationService } from './revocation.service';

/**
 * What relying parties fetch at the URLs in certificates (CRL distribution point, AIA caIssuers).
 * Anonymous on purpose, as in every PKI: a TLS client checking a certificate has no lab account.
 * Both are public data signed by the CA; nothing else is reachable without credentials.
 */
@ApiTags('Publication: CRLs and CA certificates (anonymous)')
@Controller()
export class PublicationController {
  constructor(private readonly revocation: RevocationService) {}

  @Get('crl/:file')
  @Public()
  async crl(@Param('file') file: string): Promise<StreamableFile> {
    const der = await this.revocation.crlByLogicalName(nameOf(file, '.crl'));
    return new StreamableFile(Buffer.from(der), { type: 'application/pkix-crl' });
  }

  @Get('ca/:file')
  @Public()
  async caCertificate(@Param('file') file: string): Promise<StreamableFile> {
    const der = await this.revocation.caCertificateByLogicalName(nameOf(file, '.crt'));
    return new StreamableFile(Buffer.from(der), { type: 'application/pkix-cert' });
  }
}

function nameOf(file: string, extension: '.crl' | '.crt'): string {
  if (!file.toLowerCase().endsWith(extension) || file.length === extension.length) {
    throw RevocationErrors.notPublished(
      `Nothing is published at "${file}"; CA files end in ${extension}.`,
    );
  }
  return file.slice(0, -extension.length);
}
