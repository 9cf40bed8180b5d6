import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MetadataModule } from '../metadata/metadata.module';
import { CollectionsService } from './collections.service';
import { KeyfactorCollectionsController } from './keyfactor-collections.controller';

/** Saved certificate queries (Command's certificate collections). */
@Module({
  imports: [AuditModule, MetadataModule],
  controllers: [KeyfactorCollectionsController],
  providers: [CollectionsService],
  exports: [CollectionsService],
})
export class CollectionsModule {}
