import { Module } from '@nestjs/common';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuditModule } from '../audit/audit.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { JobsModule } from '../jobs/jobs.module';
import { MetadataModule } from '../metadata/metadata.module';
import { RequestsModule } from '../requests/requests.module';
import { StoresModule } from '../stores/stores.module';
import { TemplatesModule } from '../templates/templates.module';
import { CertificateIssuer } from './certificate-issuer';
import { ConsoleInventoryController } from './console-inventory.controller';
import { ConsoleRenewalController } from './console-renewal.controller';
import { ConsoleRequestViews } from './console-request-views';
import { DeploymentService } from './deployment.service';
import { CmsApiController } from './cms-api.controller';
import { RenewalService } from './renewal.service';

@Module({
  imports: [
    AuditModule,
    AuthoritiesModule,
    CertificatesModule,
    JobsModule,
    LiveEventsModule,
    MetadataModule,
    RequestsModule,
    StoresModule,
    TemplatesModule,
  ],
  controllers: [CmsApiController, ConsoleRenewalController, ConsoleInventoryController],
  providers: [CertificateIssuer, RenewalService, DeploymentService, ConsoleRequestViews],
  exports: [RenewalService, CertificateIssuer, DeploymentService, ConsoleRequestViews],
})
export class EnrollmentModule {}
