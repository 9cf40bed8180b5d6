import { type RenewalOutcome } from '../enrollment/renewal.service';
import { serialAsBytes } from './keyfactor-certificate.mapper';
import { type KeyfactorAvailableRenewal, type KeyfactorRenewalResponse } from './keyfactor-models';
import { type AvailableRenewal } from './policies/available-renewal.policy';

/**
 * `Models.Enrollment.RenewalResponse`. Unlike the classic call (CMSRequestId 0 when issued), the
 * newer API names the request in every case. `Password` is left out: nothing here is a PFX.
 */
export function toRenewalResponse(outcome: RenewalOutcome): KeyfactorRenewalResponse {
  const { certificate } = outcome;
  if (outcome.disposition === 'PENDING' || !certificate) {
    return {
      KeyfactorId: 0,
      KeyfactorRequestId: outcome.request.id,
      Thumbprint: '',
      SerialNumber: '',
      IssuerDN: null,
      RequestDisposition: 'PENDING',
      DispositionMessage: 'The certificate request is pending approval.',
    };
  }
  return {
    KeyfactorId: certificate.id,
    KeyfactorRequestId: outcome.request.id,
    Thumbprint: certificate.thumbprint,
    SerialNumber: serialAsBytes(certificate.serialNumber),
    IssuerDN: certificate.issuerDn,
    RequestDisposition: 'ISSUED',
    DispositionMessage: 'The certificate renewal has been completed successfully.',
  };
}

export function toAvailableRenewal(available: AvailableRenewal): KeyfactorAvailableRenewal {
  return { AvailableRenewalType: available.type, Message: available.message };
}
