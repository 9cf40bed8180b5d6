import { Module } from '@nestjs/common';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { MetadataModule } from '../metadata/metadata.module';
import { CertificateFiles } from './certificate-files';
import { CertificateQueries } from './certificates.queries';
import { CertificatesService } from './certificates.service';

@Module({
  imports: [AuthoritiesModule, MetadataModule],
  providers: [CertificatesService, CertificateQueries, CertificateFiles],
  exports: [CertificatesService, CertificateQueries, CertificateFiles],
})
export class CertificatesModule {}
