import { defineErrors } from '../../common/errors/domain-error';

export const RequestErrors = defineErrors({
  notFound: { code: '0xA0110701', status: 404 },
  notPending: { code: '0xA0110702', status: 400 },
});
