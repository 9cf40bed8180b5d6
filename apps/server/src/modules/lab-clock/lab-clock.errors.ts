import { defineErrors } from '../../common/errors/domain-error';

export const LabClockErrors = defineErrors({
  invalidRequest: { code: '0xA0110B01', status: 400 },
  beforeNewestCertificate: { code: '0xA0110B02', status: 409 },
  outOfRange: { code: '0xA0110B03', status: 400 },
});
