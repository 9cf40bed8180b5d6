import { defineErrors } from '../../common/errors/domain-error';

export const CertificateErrors = defineErrors({
  invalidLookup: { code: '0xA0110201', status: 400 },
  notFound: { code: '0xA0110202', status: 404 },
  invalidQuery: { code: '0xA0110203', status: 400 },
});
