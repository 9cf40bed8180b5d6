import { defineErrors } from '../../common/errors/domain-error';

/** Expiration alerts: the `0D` block, after the collections' codes. */
export const AlertErrors = defineErrors({
  invalidRequest: { code: '0xA0110D10', status: 400 },
  unknownCollection: { code: '0xA0110D11', status: 400 },
  unknownHandler: { code: '0xA0110D12', status: 400 },
  invalidHandlerParameter: { code: '0xA0110D13', status: 400 },
  invalidSchedule: { code: '0xA0110D14', status: 400 },
  notFound: { code: '0xA0110D15', status: 404 },
  runNotFound: { code: '0xA0110D16', status: 404 },
});
