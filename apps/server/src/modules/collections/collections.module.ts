import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MetadataModule } from '../metadata/metadata.module';
import { CollectionsService } from './collections.service';
import { ConsoleCollectionsController } from './console-collections.controller';
import { KeyfactorCollectionsController } from './keyfactor-collections.controller';

/** Saved certificate queries (Command's certificate collections). */
@Module({
  imports: [AuditModule, MetadataModule],
  controllers: [KeyfactorCollectionsController, ConsoleCollectionsController],
  providers: [CollectionsService],
  exports: [CollectionsService],
})
export class CollectionsModule {}
