import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditQueries } from './audit.queries';

/** Checks the audit trail's hash chain once at boot, so a tampered trail is said out loud. */
@Injectable()
export class AuditChainCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditChainCheck.name);

  constructor(private readonly queries: AuditQueries) {}

  async onApplicationBootstrap(): Promise<void> {
    const check = await this.queries.checkChain();
    if (check.intact) {
      this.logger.log(`audit trail: hash chain intact (${check.events} events)`);
      return;
    }
    this.logger.error(
      `audit trail: hash chain BROKEN at event ${check.firstBrokenEventId} (of ${check.events} events): ` +
        'an event was edited or deleted after it was written; GET /api/audit/chain shows the state',
    );
  }
}
