import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type RevokeResult, RevokeRequestSchema } from '@certlab/contracts';
import { parseApiBody, positiveIdParam } from '../../common/api/api-params';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { CertificatesService } from '../certificates/certificates.service';
import { isRevocationReason } from './revocation-reason';
import { RevocationErrors } from './revocation.errors';
import { RevocationService } from './revocation.service';

/**
 * `POST /api/certificates/{id}/revoke`: permission `approve`, as in the Keyfactor API (revoking
 * takes a service down: a manager's decision, not an enroller's).
 */
@ApiTags('Console: revocation')
@Controller('api')
export class ConsoleRevocationController {
  constructor(
    private readonly revocation: RevocationService,
    private readonly certificates: CertificatesService,
  ) {}

  @Post('certificates/:id/revoke')
  @HttpCode(200)
  @Requires('approve')
  async revoke(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<RevokeResult> {
    const certificateId = positiveIdParam(id, 'Certificate id');
    const request = parseApiBody(RevokeRequestSchema, body);
    // The path names one certificate: an unknown one is a 404 here, not the batch call's 400.
    await this.certificates.get(certificateId);
    if (!isRevocationReason(request.reason))
      throw RevocationErrors.invalidReason(`Reason ${request.reason} is not an RFC 5280 reason.`);
    const result = await this.revocation.revoke(
      { certificateIds: [certificateId], reason: request.reason, comment: request.comment },
      actor,
    );
    const revoked = await this.certificates.get(certificateId);
    return {
      certificateId,
      revoked: result.revokedIds.includes(certificateId),
      revocation: {
        at: revoked.revokedAt?.toISOString() ?? '',
        reason: revoked.revocationReason ?? '',
      },
    };
  }
}
