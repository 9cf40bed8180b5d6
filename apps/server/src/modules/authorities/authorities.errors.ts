import { defineErrors } from '../../common/errors/domain-error';

export const AuthorityErrors = defineErrors({
  malformedConfiguration: { code: '0xA0110401', status: 400 },
  unknownAuthority: { code: '0xA0110402', status: 400 },
  notFound: { code: '0xA0110403', status: 404 },
});
