import { Global, Module } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { AuditModule } from '../audit/audit.module';
import { LiveEventsModule } from '../live-events/live-events.module';
import { LabClock } from './lab-clock';
import { LabClockController } from './lab-clock.controller';
import { LabClockEntity } from './lab-clock.entity';
import { LabClockService, loadLabClock } from './lab-clock.service';

/**
 * Provides the server's `Clock`. The clock is an async provider: Nest resolves it (reading the
 * stored state, after the migrations ran) before it builds anything that injects `Clock`, so no
 * service, seeder or `onModuleInit` can read time before the lab's clock is in place.
 */
@Global()
@Module({
  imports: [AuditModule, LiveEventsModule],
  controllers: [LabClockController],
  providers: [
    {
      provide: LabClock,
      inject: [getRepositoryToken(LabClockEntity)],
      useFactory: (repository: Repository<LabClockEntity>) => loadLabClock(repository),
    },
    { provide: Clock, useExisting: LabClock },
    LabClockService,
  ],
  exports: [Clock, LabClock],
})
export class LabClockModule {}
