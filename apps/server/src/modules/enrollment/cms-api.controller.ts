import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CmsRenewRequestSchema, type CmsRenewResponse } from '@certlab/contracts';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { storeDisplayName } from '../stores/stores.service';
import { EnrollmentErrors } from './enrollment.errors';
import { RenewalService } from './renewal.service';

/** The classic CMS API: `POST /CMSApi/CertEnroll/3/Renew`, renew and deliver in one call. */
@Controller('CMSApi/CertEnroll/3')
export class CmsApiController {
  constructor(private readonly renewals: RenewalService) {}

  @Post('Renew')
  @HttpCode(200)
  @Requires('enroll')
  async renew(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<CmsRenewResponse> {
    const request = parseBody(CmsRenewRequestSchema, body, EnrollmentErrors.invalidRequest);
    const outcome = await this.renewals.renew(
      {
        lookup: request.lookup,
        template: request.template,
        caConfiguration: request.caconfiguration,
        metadata: request.metadata,
        storeIds: request.certstores,
      },
      actor,
    );
    if (outcome.disposition === 'PENDING') {
      return {
        Thumbprint: '',
        CMSRequestId: outcome.request.id,
        RequestDisposition: 'PENDING',
        DispositionMessage:
          'The certificate request is pending approval. Agent jobs will be created once it is approved.',
        RenewedCertStores: [],
      };
    }
    return {
      Thumbprint: outcome.certificate?.thumbprint ?? '',
      // The vendor answers 0 here when the certificate was issued right away.
      CMSRequestId: 0,
      RequestDisposition: 'ISSUED',
      DispositionMessage:
        outcome.stores.length > 0
          ? 'The certificate renewal has been completed successfully. Agent jobs to install the new certificate have been created.'
          : 'The certificate renewal has been completed successfully.',
      RenewedCertStores: outcome.stores.map(storeDisplayName),
    };
  }
}
