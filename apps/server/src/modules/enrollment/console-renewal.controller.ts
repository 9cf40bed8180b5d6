import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  DenyRequestSchema,
  type RenewResult,
  RenewRequestSchema,
  type RequestDecision,
} from '@certlab/contracts';
import { parseApiBody, positiveIdParam } from '../../common/api/api-params';
import { Clock } from '../../common/clock';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { toCertificateRef } from '../certificates/console-certificate-ref.mapper';
import { CertificateQueries } from '../certificates/certificates.queries';
import { JobQueries } from '../jobs/jobs.queries';
import { RequestErrors } from '../requests/requests.errors';
import { RequestsService } from '../requests/requests.service';
import { ConsoleRequestViews } from './console-request-views';
import { EnrollmentErrors } from './enrollment.errors';
import { RenewalService, type WorkflowResult } from './renewal.service';

/** The console's renewal and approval: `RenewalService`, as every other entry point. */
@ApiTags('Console: renewal and approval')
@Controller('api')
export class ConsoleRenewalController {
  constructor(
    private readonly renewals: RenewalService,
    private readonly requests: RequestsService,
    private readonly views: ConsoleRequestViews,
    private readonly jobs: JobQueries,
    private readonly certificates: CertificateQueries,
    private readonly clock: Clock,
  ) {}

  @Post('certificates/:id/renew')
  @HttpCode(200)
  @Requires('enroll')
  async renew(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<RenewResult> {
    const certificateId = positiveIdParam(id, 'Certificate id');
    const request = parseApiBody(RenewRequestSchema, body);
    const outcome = await this.renewals.renew(
      {
        lookup: { type: 'cmsid', cmsid: certificateId },
        template: request.template,
        caConfiguration: request.caConfiguration,
        metadata: request.metadata,
        storeIds: request.storeIds,
      },
      actor,
    );
    const issued = outcome.certificate;
    return {
      disposition: outcome.disposition,
      message: issued
        ? outcome.stores.length > 0
          ? `Renewed as certificate ${issued.id}; delivery to ${outcome.stores.length} store${outcome.stores.length === 1 ? '' : 's'} scheduled.`
          : `Renewed as certificate ${issued.id}.`
        : `Request ${outcome.request.id} waits for a manager's approval; delivery is scheduled once it is approved.`,
      requestId: outcome.request.id,
      certificate: issued
        ? { ...toCertificateRef(issued, this.clock.now()), serialNumber: issued.serialNumber }
        : null,
      deliveries: await this.views.toDeliveries(await this.jobs.byRequest(outcome.request.id)),
    };
  }

  @Post('requests/:id/approve')
  @HttpCode(200)
  @Requires('approve')
  async approve(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<RequestDecision> {
    const requestId = positiveIdParam(id, 'Request id');
    await this.requests.get(requestId);
    return this.decision(requestId, await this.renewals.approve([requestId], actor));
  }

  @Post('requests/:id/deny')
  @HttpCode(200)
  @Requires('approve')
  async deny(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<RequestDecision> {
    const requestId = positiveIdParam(id, 'Request id');
    const { comment } = parseApiBody(DenyRequestSchema, body);
    await this.requests.get(requestId);
    return this.decision(requestId, await this.renewals.deny([requestId], comment, actor));
  }

  /**
   * The one request's outcome. The workflow reports a failure as its reason only, so it is told
   * apart by the request's state: no longer pending, or pending but it could not be issued.
   */
  private async decision(requestId: number, result: WorkflowResult): Promise<RequestDecision> {
    const request = await this.requests.get(requestId);
    const failure = result.failed.find((failed) => failed.requestId === requestId);
    if (failure) {
      throw request.status === 'PENDING'
        ? EnrollmentErrors.cannotIssue(failure.reason)
        : RequestErrors.notPending(failure.reason);
    }
    const [[view], [certificate], jobs] = await Promise.all([
      this.views.toViews([request]),
      this.certificates.byIds(request.certificateId === null ? [] : [request.certificateId]),
      this.jobs.byRequest(requestId),
    ]);
    if (!view) throw new Error(`request ${requestId} has no view`);
    return {
      request: view,
      certificate: certificate ? toCertificateRef(certificate, this.clock.now()) : null,
      deliveries: await this.views.toDeliveries(jobs),
    };
  }
}
