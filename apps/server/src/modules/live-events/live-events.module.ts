import { Module } from '@nestjs/common';
import { LiveEvents } from './live-events.service';

/**
 * What changed in the lab, announced to the console (docs/console.md, "Live updates"). Imports
 * nothing but the database's unit of work, so any module may publish through it.
 */
@Module({
  providers: [LiveEvents],
  exports: [LiveEvents],
})
export class LiveEventsModule {}
