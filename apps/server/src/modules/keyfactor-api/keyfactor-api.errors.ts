import { defineErrors } from '../../common/errors/domain-error';

/**
 * Errors of the Keyfactor API dialect. Two codes are the vendor's own, kept because clients and
 * the reference quote them (renew-reference.md section 2); the rest are certlab's `0xA01109xx`.
 */
export const KeyfactorApiErrors = defineErrors({
  missingCertificateFormat: { code: '0xA0110007', status: 400 },
  invalidSortField: { code: '0xA011004A', status: 400 },
  missingRequestedWith: { code: '0xA0110901', status: 400 },
  unsupportedApiVersion: { code: '0xA0110902', status: 400 },
  invalidRequest: { code: '0xA0110903', status: 400 },
  invalidQueryParameter: { code: '0xA0110904', status: 400 },
  malformedId: { code: '0xA0110905', status: 400 },
  unsupportedCertificateFormat: { code: '0xA0110906', status: 400 },
  unknownCollection: { code: '0xA0110907', status: 400 },
});

/** The vendor's exact wording (renew-reference.md section 2). */
export const MISSING_CERTIFICATE_FORMAT_MESSAGE =
  "You must supply a certificate format in the 'X-CertificateFormat' header of the request.";
