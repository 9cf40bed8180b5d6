import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { JobsModule } from '../jobs/jobs.module';
import { LabSeeder } from './lab-seeder.service';
import { LabService } from './lab.service';

@Module({
  imports: [AuthModule, AuditModule, CertificatesModule, JobsModule],
  providers: [LabSeeder, LabService],
  exports: [LabService],
})
export class LabModule {}
