import { Module } from '@nestjs/common';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuditModule } from '../audit/audit.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { EnrollmentModule } from '../enrollment/enrollment.module';
import { JobsModule } from '../jobs/jobs.module';
import { MetadataModule } from '../metadata/metadata.module';
import { RevocationModule } from '../revocation/revocation.module';
import { TemplatesModule } from '../templates/templates.module';
import { CampaignDeliveries } from './campaign-deliveries.service';
import { CampaignPlanChanges } from './campaign-plan-changes';
import { CampaignPlanner } from './campaign-planner.service';
import { CampaignRunner } from './campaign-runner.service';
import { CampaignTrust } from './campaign-trust.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [
    AuditModule,
    AuthoritiesModule,
    CertificatesModule,
    EnrollmentModule,
    JobsModule,
    LiveEventsModule,
    MetadataModule,
    RevocationModule,
    TemplatesModule,
  ],
  controllers: [CampaignsController],
  providers: [
    CampaignPlanner,
    CampaignPlanChanges,
    CampaignTrust,
    CampaignDeliveries,
    CampaignRunner,
    CampaignsService,
  ],
})
export class CampaignsModule {}
