import { defineErrors } from '../../common/errors/domain-error';

/** Revocation and CRL publication: block 0C. */
export const RevocationErrors = defineErrors({
  unknownCertificates: { code: '0xA0110C01', status: 400 },
  invalidReason: { code: '0xA0110C02', status: 400 },
  notOnHold: { code: '0xA0110C03', status: 400 },
  notIssuedByLabCa: { code: '0xA0110C04', status: 400 },
  invalidEffectiveDate: { code: '0xA0110C05', status: 400 },
  invalidRequest: { code: '0xA0110C06', status: 400 },
  notPublished: { code: '0xA0110C07', status: 404 },
});
