import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type Actor } from '../auth/permissions';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { isCaCertificate } from '../certificates/policies/ca-certificate';
import { RenewalService } from '../enrollment/renewal.service';
import { type RunOutcome } from './alert-run.entity';
import { parameterValue } from './event-handlers';
import { type ExpirationAlertEntity } from './expiration-alert.entity';

/** What a handler did with one certificate. */
export interface HandlerResult {
  outcome: RunOutcome;
  newCertificateId?: number;
  requestId?: number;
  message?: string;
}

/**
 * The service account the handler renews as (Command runs it under its service account). Audit
 * events and requests name it, so a renewal the alert made is told apart from a person's.
 */
export const ALERT_HANDLER_ACTOR: Actor = { username: 'alert-handler', role: 'admin' };

/**
 * The renewal handler (renew-reference.md section 5): renews a reported certificate through the
 * one renewal use case, into every store where it is located. Template and CA come from the
 * handler's parameters when set, otherwise from the certificate (RenewalService's defaults).
 */
@Injectable()
export class RenewalHandler {
  constructor(
    private readonly renewals: RenewalService,
    private readonly certificates: CertificatesService,
  ) {}

  /** Throws the renewal's own error when it cannot renew (unknown template, not allowed on the CA…). */
  async handle(
    alert: ExpirationAlertEntity,
    certificate: CertificateEntity,
    onRenewed: (manager: EntityManager, result: HandlerResult) => Promise<void>,
  ): Promise<HandlerResult> {
    if (isCaCertificate(certificate)) {
      return { outcome: 'skipped', message: 'A CA certificate: certlab renews leaf certificates.' };
    }
    const locations = await this.certificates.locationAliases(certificate.id);
    if (locations.size === 0) {
      return { outcome: 'skipped', message: 'Not in any certificate store.' };
    }
    const storeIds = [...locations.keys()];
    const outcome = await this.renewals.renew(
      {
        lookup: { type: 'cmsid', cmsid: certificate.id },
        template: parameterValue(alert.handlerParameters, 'Template'),
        caConfiguration: parameterValue(alert.handlerParameters, 'CAConfiguration'),
        storeIds,
        onIssued: (manager, issued) =>
          onRenewed(manager, renewed(issued.certificate.id, issued.request.id, storeIds.length)),
      },
      ALERT_HANDLER_ACTOR,
    );
    if (outcome.disposition === 'PENDING') {
      return {
        outcome: 'pending',
        requestId: outcome.request.id,
        message: `Waiting for approval (request ${outcome.request.id}).`,
      };
    }
    return renewed(outcome.certificate?.id ?? 0, outcome.request.id, storeIds.length);
  }
}

function renewed(certificateId: number, requestId: number, stores: number): HandlerResult {
  return {
    outcome: 'renewed',
    newCertificateId: certificateId,
    requestId,
    message: `Renewed as certificate ${certificateId}; delivery scheduled to ${stores} store${stores === 1 ? '' : 's'}.`,
  };
}
