import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { RenewalService } from '../enrollment/renewal.service';
import { KeyfactorApiErrors } from './keyfactor-api.errors';
import { RenewalRequestSchema, renewalLookup } from './keyfactor-api.schemas';
import { KeyfactorController } from './keyfactor-controller.decorator';
import { toAvailableRenewal, toRenewalResponse } from './keyfactor-enrollment.mapper';
import { type KeyfactorAvailableRenewal, type KeyfactorRenewalResponse } from './keyfactor-models';
import { integerId } from './keyfactor-path-params';
import { KeyfactorQuery, type RawQuery, requireNoCollection } from './keyfactor-query';
import { KeyfactorRenewalAvailability } from './keyfactor-renewal-availability.service';

@KeyfactorController('Enrollment')
export class KeyfactorEnrollmentController {
  constructor(
    private readonly renewals: RenewalService,
    private readonly availability: KeyfactorRenewalAvailability,
  ) {}

  /**
   * The newer renew: issue only. Delivery is a separate call in this API (PFX/Deploy, Replace),
   * so no store is passed and no job is scheduled (renew-reference.md 1.3).
   */
  @Post('Renew')
  @HttpCode(200)
  @Requires('enroll')
  async renew(
    @Body() body: unknown,
    @Query() raw: RawQuery,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorRenewalResponse> {
    requireNoCollection(new KeyfactorQuery(raw));
    const request = parseBody(RenewalRequestSchema, body, KeyfactorApiErrors.invalidRequest);
    const outcome = await this.renewals.renew(
      {
        lookup: renewalLookup(request),
        template: request.template,
        caConfiguration: request.certificateauthority,
        storeIds: [],
      },
      actor,
    );
    return toRenewalResponse(outcome);
  }

  @Get('AvailableRenewal/Id/:id')
  @Requires('read')
  async availableById(
    @Param('id') id: string,
    @Query() raw: RawQuery,
  ): Promise<KeyfactorAvailableRenewal> {
    requireNoCollection(new KeyfactorQuery(raw));
    return toAvailableRenewal(await this.availability.byId(integerId(id, 'Certificate')));
  }

  @Get('AvailableRenewal/Thumbprint/:thumbprint')
  @Requires('read')
  async availableByThumbprint(
    @Param('thumbprint') thumbprint: string,
    @Query() raw: RawQuery,
  ): Promise<KeyfactorAvailableRenewal> {
    requireNoCollection(new KeyfactorQuery(raw));
    return toAvailableRenewal(await this.availability.byThumbprint(thumbprint));
  }
}
