import { Module } from '@nestjs/common';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuditModule } from '../audit/audit.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CrlPublisher } from './crl-publisher';
import { PublicationController } from './publication.controller';
import { RevocationService } from './revocation.service';

@Module({
  imports: [AuditModule, AuthoritiesModule, LiveEventsModule],
  controllers: [PublicationController],
  providers: [RevocationService, CrlPublisher],
  exports: [RevocationService],
})
export class RevocationModule {}
