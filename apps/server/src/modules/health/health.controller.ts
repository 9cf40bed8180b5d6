import { Controller, Get } from '@nestjs/common';
import { Requires } from '../auth/permissions';
import { type HealthReport, HealthService } from './health.service';

@Controller('api/health')
@Requires('read')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  check(): HealthReport {
    return this.health.report();
  }
}
