import { defineErrors } from '../../common/errors/domain-error';

export const AuthErrors = defineErrors({
  unauthenticated: { code: '0xA0110101', status: 401 },
  forbidden: { code: '0xA0110102', status: 403 },
  /** A state-changing call made with the console's cookie but without its CSRF token. */
  csrfTokenMissing: { code: '0xA0110103', status: 403 },
});
