import { defineErrors } from '../../common/errors/domain-error';

export const TemplateErrors = defineErrors({
  unknownTemplate: { code: '0xA0110301', status: 400 },
  notAllowedOnAuthority: { code: '0xA0110302', status: 400 },
  notFound: { code: '0xA0110303', status: 404 },
});
