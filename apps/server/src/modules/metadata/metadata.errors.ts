import { defineErrors } from '../../common/errors/domain-error';

export const MetadataErrors = defineErrors({
  invalidMetadata: { code: '0xA0110501', status: 400 },
  notFound: { code: '0xA0110502', status: 404 },
});
