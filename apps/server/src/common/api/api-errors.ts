import { defineErrors } from '../errors/domain-error';

/** The console dialect's own errors (`/api`, block 10): what is wrong with the request itself. */
export const ApiErrors = defineErrors({
  malformedId: { code: '0xA0111001', status: 400 },
  invalidQuery: { code: '0xA0111002', status: 400 },
  invalidBody: { code: '0xA0111003', status: 400 },
});
