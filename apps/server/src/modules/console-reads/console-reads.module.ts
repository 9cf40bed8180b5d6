import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { AuditModule } from '../audit/audit.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { EnrollmentModule } from '../enrollment/enrollment.module';
import { JobsModule } from '../jobs/jobs.module';
import { LiveEventsModule } from '../live-events/live-events.module';
import { MetadataModule } from '../metadata/metadata.module';
import { RequestsModule } from '../requests/requests.module';
import { StoresModule } from '../stores/stores.module';
import { TemplatesModule } from '../templates/templates.module';
import { ConsoleAuditController } from './console-audit.controller';
import { ConsoleCertificateReads } from './console-certificate-reads';
import { ConsoleCertificatesController } from './console-certificates.controller';
import { ConsoleDashboardController } from './console-dashboard.controller';
import { ConsoleDeliveryController } from './console-delivery.controller';
import { ConsoleDeliveryReads } from './console-delivery-reads';
import { ConsoleEventsController } from './console-events.controller';
import { ConsoleReferenceDataController } from './console-reference-data.controller';
import { ConsoleRequestsController } from './console-requests.controller';

/** The console's cross-module read models (README.md beside this file). No tables of its own. */
@Module({
  imports: [
    AgentsModule,
    AuditModule,
    AuthoritiesModule,
    CertificatesModule,
    EnrollmentModule,
    JobsModule,
    LiveEventsModule,
    MetadataModule,
    RequestsModule,
    StoresModule,
    TemplatesModule,
  ],
  controllers: [
    ConsoleDashboardController,
    ConsoleReferenceDataController,
    ConsoleCertificatesController,
    ConsoleDeliveryController,
    ConsoleRequestsController,
    ConsoleEventsController,
    ConsoleAuditController,
  ],
  providers: [ConsoleCertificateReads, ConsoleDeliveryReads],
})
export class ConsoleReadsModule {}
