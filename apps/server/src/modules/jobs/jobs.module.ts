import { Module } from '@nestjs/common';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { JobLifecycleService } from './job-lifecycle.service';
import { JobPayloadService } from './job-payload.service';
import { JobQueries } from './jobs.queries';
import { JobsService } from './jobs.service';

@Module({
  imports: [AuthoritiesModule, CertificatesModule, LiveEventsModule],
  providers: [JobsService, JobLifecycleService, JobPayloadService, JobQueries],
  exports: [JobsService, JobLifecycleService, JobPayloadService, JobQueries],
})
export class JobsModule {}
