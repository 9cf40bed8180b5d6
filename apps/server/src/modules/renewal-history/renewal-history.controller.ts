import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type CertificateDiff, type RenewalTimeline } from '@certlab/contracts';
import { Requires } from '../auth/permissions';
import { RenewalHistoryErrors } from './renewal-history.errors';
import { RenewalHistoryService } from './renewal-history.service';

/** Read models for people: what happened to a renewal, and what changed in the certificate. */
@ApiTags('Renewal history')
@Controller('api')
export class RenewalHistoryController {
  constructor(private readonly history: RenewalHistoryService) {}

  @Get('renewals/:requestId/timeline')
  @Requires('read')
  timelineOfRequest(@Param('requestId') requestId: string): Promise<RenewalTimeline> {
    return this.history.timelineOfRequest(positiveId(requestId, 'Request id'));
  }

  @Get('certificates/:id/timeline')
  @Requires('read')
  timelineOfCertificate(@Param('id') id: string): Promise<RenewalTimeline> {
    return this.history.timelineOfCertificate(positiveId(id, 'Certificate id'));
  }

  @Get('certificates/:id/diff')
  @Requires('read')
  diff(@Param('id') id: string, @Query('with') withId: unknown): Promise<CertificateDiff> {
    return this.history.diff(
      positiveId(id, 'Certificate id'),
      withId === undefined ? undefined : positiveId(withId, '"with"'),
    );
  }
}

function positiveId(value: unknown, name: string): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2 ** 31 - 1) {
    throw RenewalHistoryErrors.malformedId(
      `${name} must be a positive integer, not ${JSON.stringify(value)}.`,
    );
  }
  return Number(value);
}
