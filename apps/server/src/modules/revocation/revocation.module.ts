import { Module } from '@nestjs/common';
import { LiveEventsModule } from '../live-events/live-events.module';
import { AuditModule } from '../audit/audit.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { ConsoleRevocationController } from './console-revocation.controller';
import { CrlPublisher } from './crl-publisher';
import { PublicationController } from './publication.controller';
import { RevocationService } from './revocation.service';

@Module({
  imports: [AuditModule, AuthoritiesModule, CertificatesModule, LiveEventsModule],
  controllers: [PublicationController, ConsoleRevocationController],
  providers: [RevocationService, CrlPublisher],
  exports: [RevocationService],
})
export class RevocationModule {}
