import { Module } from '@nestjs/common';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuditChainCheck } from './audit-chain-check';
import { AuditQueries } from './audit.queries';
import { AuditService } from './audit.service';

@Module({
  imports: [LiveEventsModule],
  providers: [AuditService, AuditQueries, AuditChainCheck],
  exports: [AuditService, AuditQueries],
})
export class AuditModule {}
