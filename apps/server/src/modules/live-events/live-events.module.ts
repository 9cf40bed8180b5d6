import { Module } from '@nestjs/common';
import { LiveEvents } from './live-events.service';

/**
 * What changed in the lab, announced to the console (docs/console.md, "Live updates"). Imports
 * no other module, so any module may publish through it; `GET /api/events` (console-reads)
 * streams it.
 */
@Module({
  providers: [LiveEvents],
  exports: [LiveEvents],
})
export class LiveEventsModule {}
