import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { RenewalService, type WorkflowResult } from '../enrollment/renewal.service';
import { type RequestStatus } from '../requests/certificate-request.entity';
import { KeyfactorApiErrors } from './keyfactor-api.errors';
import { ApprovalRequestSchema, DenialRequestSchema } from './keyfactor-api.schemas';
import { KeyfactorController } from './keyfactor-controller.decorator';
import {
  type KeyfactorApproveDenyResult,
  type KeyfactorPendingRequest,
  type KeyfactorRequestDetails,
} from './keyfactor-models';
import { integerId } from './keyfactor-path-params';
import {
  type HeaderWriter,
  KeyfactorQuery,
  pageOf,
  type RawQuery,
  readListQuery,
  writeTotalCount,
} from './keyfactor-query';
import {
  toPendingRequest,
  toProcessedRequest,
  toRequestDetails,
} from './keyfactor-workflow.mapper';
import { KeyfactorWorkflowReads } from './keyfactor-workflow-reads.service';

/** Requests that wait for (or got) a manager's decision; Approve and Deny go through RenewalService. */
@KeyfactorController('Workflow/Certificates', 'Workflow')
export class KeyfactorWorkflowController {
  constructor(
    private readonly reads: KeyfactorWorkflowReads,
    private readonly renewals: RenewalService,
  ) {}

  // Pending and Denied are declared before `:id` so the literal paths win.
  @Get('Pending')
  @Requires('read')
  pending(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorPendingRequest[]> {
    return this.list('PENDING', raw, response);
  }

  @Get('Denied')
  @Requires('read')
  denied(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorPendingRequest[]> {
    return this.list('DENIED', raw, response);
  }

  @Get(':id')
  @Requires('read')
  async details(@Param('id') id: string): Promise<KeyfactorRequestDetails> {
    const request = await this.reads.get(integerId(id, 'Certificate request'));
    const [context, targets] = await Promise.all([
      this.reads.mappingContext(),
      this.reads.targets(request),
    ]);
    return toRequestDetails(request, context, targets);
  }

  /** Issues each request and schedules delivery to the stores it remembers; one failure does not stop the rest. */
  @Post('Approve')
  @HttpCode(200)
  @Requires('approve')
  async approve(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorApproveDenyResult> {
    const ids = parseBody(ApprovalRequestSchema, body, KeyfactorApiErrors.invalidRequest);
    const result = await this.renewals.approve(ids, actor);
    return this.report(ids, result, (request) =>
      request.certificateId === null
        ? 'Approved.'
        : `Approved; certificate ${request.certificateId} issued.`,
    );
  }

  @Post('Deny')
  @HttpCode(200)
  @Requires('approve')
  async deny(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorApproveDenyResult> {
    const request = parseBody(DenialRequestSchema, body, KeyfactorApiErrors.invalidRequest);
    const comment = request.comment ?? '';
    const result = await this.renewals.deny(request.certificaterequestids, comment, actor);
    return this.report(request.certificaterequestids, result, () => comment || 'Denied.');
  }

  private async list(
    status: RequestStatus,
    raw: RawQuery,
    response: HeaderWriter,
  ): Promise<KeyfactorPendingRequest[]> {
    const list = readListQuery(new KeyfactorQuery(raw), 'pagedQuery');
    const [requests, context] = await Promise.all([
      this.reads.listByStatus(status),
      this.reads.mappingContext(),
    ]);
    const page = pageOf(
      requests.map((request) => toPendingRequest(request, context)),
      list,
      {
        Id: (request) => request.Id,
        SubmissionDate: (request) => request.SubmissionDate,
        CommonName: (request) => request.CommonName,
        Requester: (request) => request.Requester,
        Template: (request) => request.Template,
      },
    );
    writeTotalCount(response, page.total);
    return page.items;
  }

  /**
   * Successes are the requests acted on, Failures those that could not be (with the reason as
   * Comment). Denials would list requests refused for lack of permission; the guard answers those
   * with 403 before anything happens, so it stays empty.
   */
  private async report(
    ids: readonly number[],
    result: WorkflowResult,
    successComment: (request: WorkflowResult['succeeded'][number]) => string,
  ): Promise<KeyfactorApproveDenyResult> {
    const [context, rows] = await Promise.all([this.reads.mappingContext(), this.reads.byIds(ids)]);
    return {
      Successes: result.succeeded.map((request) =>
        toProcessedRequest(request.id, request, context, successComment(request)),
      ),
      Failures: result.failed.map((failure) =>
        toProcessedRequest(failure.requestId, rows.get(failure.requestId), context, failure.reason),
      ),
      Denials: [],
    };
  }
}
