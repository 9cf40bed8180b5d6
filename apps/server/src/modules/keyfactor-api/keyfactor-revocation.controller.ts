import { Body, HttpCode, Post } from '@nestjs/common';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { RevocationService } from '../revocation/revocation.service';
import { KeyfactorApiErrors } from './keyfactor-api.errors';
import { RevokeRequestSchema } from './keyfactor-api.schemas';
import { KeyfactorController } from './keyfactor-controller.decorator';
import { rfc5280RevocationReason } from './keyfactor-enums';
import { type KeyfactorRevocationResponse } from './keyfactor-models';

/** Revocation through RevocationService; the CAs' CRLs follow on their next fetch. */
@KeyfactorController('Certificates')
export class KeyfactorRevocationController {
  constructor(private readonly revocation: RevocationService) {}

  /**
   * All or nothing: an unknown id refuses the whole call. `RevokedIds` lists the certificates this
   * call revoked (or released from hold); ones already revoked are left as they were and not listed.
   * Revoking is a manager's decision, like approving a request: the `approve` permission.
   */
  @Post('Revoke')
  @HttpCode(200)
  @Requires('approve')
  async revoke(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorRevocationResponse> {
    const request = parseBody(RevokeRequestSchema, body, KeyfactorApiErrors.invalidRequest);
    if (request.collectionid !== undefined) {
      throw KeyfactorApiErrors.unknownCollection(
        `CollectionId ${request.collectionid} is not supported here: revoke names certificates by id (use 0 or leave CollectionId out).`,
      );
    }
    const result = await this.revocation.revoke(
      {
        certificateIds: request.certificateids,
        reason: rfc5280RevocationReason(request.reason),
        ...(request.comment === undefined ? {} : { comment: request.comment }),
        ...(request.effectivedate === undefined ? {} : { effectiveDate: request.effectivedate }),
      },
      actor,
    );
    return { RevokedIds: result.revokedIds, SuspendedCerts: [] };
  }
}
