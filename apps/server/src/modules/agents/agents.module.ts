import { Module } from '@nestjs/common';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuditModule } from '../audit/audit.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { JobsModule } from '../jobs/jobs.module';
import { StoresModule } from '../stores/stores.module';
import { AgentApiController } from './agent-api.controller';
import { AgentProtocolService } from './agent-protocol.service';
import { AgentSessions } from './agent-sessions';
import { AgentsService } from './agents.service';
import { ConsoleAgentsController } from './console-agents.controller';

@Module({
  imports: [AuditModule, CertificatesModule, JobsModule, LiveEventsModule, StoresModule],
  controllers: [AgentApiController, ConsoleAgentsController],
  providers: [AgentsService, AgentSessions, AgentProtocolService],
  exports: [AgentsService],
})
export class AgentsModule {}
