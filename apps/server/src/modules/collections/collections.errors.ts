import { defineErrors } from '../../common/errors/domain-error';

/** Certificate collections: the first codes of the `0D` block it shares with alerts. */
export const CollectionErrors = defineErrors({
  invalidRequest: { code: '0xA0110D01', status: 400 },
  invalidQuery: { code: '0xA0110D02', status: 400 },
  duplicateName: { code: '0xA0110D03', status: 400 },
  notFound: { code: '0xA0110D04', status: 404 },
});
