import { Module } from '@nestjs/common';
import { LiveEventsController } from './live-events.controller';
import { LiveEvents } from './live-events.service';

/**
 * What changed in the lab, announced to the console (docs/console.md, "Live updates"). Imports
 * no other module, so any module may publish through it.
 */
@Module({
  controllers: [LiveEventsController],
  providers: [LiveEvents],
  exports: [LiveEvents],
})
export class LiveEventsModule {}
