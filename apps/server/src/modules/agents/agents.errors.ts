import { defineErrors } from '../../common/errors/domain-error';

export const AgentErrors = defineErrors({
  invalidRequest: { code: '0xA0110A01', status: 400 },
  invalidSession: { code: '0xA0110A02', status: 401 },
  notYourJob: { code: '0xA0110A03', status: 403 },
  jobNotAvailable: { code: '0xA0110A04', status: 409 },
  notFound: { code: '0xA0110A05', status: 404 },
  machineMismatch: { code: '0xA0110A06', status: 403 },
});
