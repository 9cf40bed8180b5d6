import { defineErrors } from '../../common/errors/domain-error';

export const CampaignErrors = defineErrors({
  invalidRequest: { code: '0xA0110E01', status: 400 },
  notFound: { code: '0xA0110E02', status: 404 },
  invalidState: { code: '0xA0110E03', status: 409 },
  nothingToMigrate: { code: '0xA0110E04', status: 400 },
  invalidQuery: { code: '0xA0110E05', status: 400 },
});
