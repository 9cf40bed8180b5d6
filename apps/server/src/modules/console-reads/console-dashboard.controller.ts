import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type DashboardView } from '@certlab/contracts';
import { Clock } from '../../common/clock';
import { Requires } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificateQueries } from '../certificates/certificates.queries';
import { RequestQueries } from '../requests/requests.queries';
import { toDashboard } from './console-dashboard.mapper';

/** `GET /api/dashboard`: the lab at a glance, counted in SQL on the lab clock. */
@ApiTags('Console: dashboard')
@Controller('api/dashboard')
export class ConsoleDashboardController {
  constructor(
    private readonly certificates: CertificateQueries,
    private readonly requests: RequestQueries,
    private readonly authorities: AuthoritiesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Requires('read')
  async dashboard(): Promise<DashboardView> {
    const now = this.clock.now();
    const [counts, expiryByDay, authorities, pendingApprovals] = await Promise.all([
      this.certificates.stateCounts(now),
      this.certificates.expiryByDay(),
      this.authorities.list(),
      this.requests.countPending(),
    ]);
    return toDashboard({
      now,
      virtual: this.clock.isVirtual(),
      counts,
      authorities,
      expiryByDay,
      pendingApprovals,
    });
  }
}
