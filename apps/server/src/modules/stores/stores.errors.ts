import { defineErrors } from '../../common/errors/domain-error';

export const StoreErrors = defineErrors({
  malformedStoreId: { code: '0xA0110601', status: 400 },
  unknownStore: { code: '0xA0110602', status: 400 },
  notFound: { code: '0xA0110603', status: 404 },
});
