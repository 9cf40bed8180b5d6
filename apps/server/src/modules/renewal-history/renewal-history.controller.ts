import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type CertificateDiff, type RenewalTimeline } from '@certlab/contracts';
import { positiveIdParam } from '../../common/api/api-params';
import { Requires } from '../auth/permissions';
import { RenewalHistoryService } from './renewal-history.service';

/** Read models for people: what happened to a renewal, and what changed in the certificate. */
@ApiTags('Renewal history')
@Controller('api')
export class RenewalHistoryController {
  constructor(private readonly history: RenewalHistoryService) {}

  @Get('renewals/:requestId/timeline')
  @Requires('read')
  timelineOfRequest(@Param('requestId') requestId: string): Promise<RenewalTimeline> {
    return this.history.timelineOfRequest(positiveIdParam(requestId, 'Request id'));
  }

  @Get('certificates/:id/timeline')
  @Requires('read')
  timelineOfCertificate(@Param('id') id: string): Promise<RenewalTimeline> {
    return this.history.timelineOfCertificate(positiveIdParam(id, 'Certificate id'));
  }

  @Get('certificates/:id/diff')
  @Requires('read')
  diff(@Param('id') id: string, @Query('with') withId: unknown): Promise<CertificateDiff> {
    return this.history.diff(
      positiveIdParam(id, 'Certificate id'),
      withId === undefined ? undefined : positiveIdParam(withId, '"with"'),
    );
  }
}
