import { rfc5280RevocationReason } from '../keyfactor-api/keyfactor-enums';
import { crlReasonOf, isRevocationReason, REVOCATION_REASONS } from './revocation-reason';

describe('revocation reasons', () => {
  it('knows RFC 5280 codes 0-6 and 8-10, not 7', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 8, 9, 10].every(isRevocationReason)).toBe(true);
    expect([7, 11, -1, 999, '1', 1.5].some(isRevocationReason)).toBe(false);
    expect(REVOCATION_REASONS[1]).toBe('keyCompromise');
  });

  it('reads a stored reason name back, unknown ones as unspecified', () => {
    expect(crlReasonOf('superseded')).toBe('superseded');
    expect(crlReasonOf(null)).toBe('unspecified');
    expect(crlReasonOf('Superseded')).toBe('unspecified');
  });

  it.each([
    [0, 0],
    [1, 1],
    [6, 6],
    [999, 0],
    [-1, 8],
    [8, 8],
  ])('maps the vendor code %i to RFC 5280 code %i', (vendor, rfc) => {
    expect(rfc5280RevocationReason(vendor)).toBe(rfc);
  });
});
