import { defineErrors } from '../../common/errors/domain-error';

export const EnrollmentErrors = defineErrors({
  invalidRequest: { code: '0xA0110801', status: 400 },
  cannotIssue: { code: '0xA0110802', status: 400 },
  missingDefault: { code: '0xA0110803', status: 400 },
});
