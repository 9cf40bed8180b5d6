import { Controller, Get } from '@nestjs/common';
import { type HealthReport, HealthService } from './health.service';

// Open to anyone on purpose for now; the auth issue decides whether health stays public (a load
// balancer probe usually needs it to be).
@Controller('api/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  check(): HealthReport {
    return this.health.report();
  }
}
