import { Module } from '@nestjs/common';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuditService } from './audit.service';

@Module({ imports: [LiveEventsModule], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
