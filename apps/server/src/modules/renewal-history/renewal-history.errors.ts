import { defineErrors } from '../../common/errors/domain-error';

/** Renewal history (timelines, diffs): block 0F; a malformed id is the /api dialect's (ApiErrors). */
export const RenewalHistoryErrors = defineErrors({
  notFound: { code: '0xA0110F02', status: 404 },
  noRenewal: { code: '0xA0110F03', status: 404 },
  nothingToCompare: { code: '0xA0110F04', status: 400 },
});
