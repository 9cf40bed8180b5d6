import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CrlPublisher } from './crl-publisher';
import { PublicationController } from './publication.controller';
import { RevocationService } from './revocation.service';

@Module({
  imports: [AuditModule, AuthoritiesModule],
  controllers: [PublicationController],
  providers: [RevocationService, CrlPublisher],
  exports: [RevocationService],
})
export class RevocationModule {}
