import { type CrlReason } from '@certlab/pki';

/**
 * RFC 5280 5.3.1 reason codes (7 is unused). `removeFromCRL` (8) is how a certificate on hold is
 * released: it leaves the CRL; it is never the reason of an entry on a full CRL.
 */
export const REVOCATION_REASONS = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
} as const satisfies Record<number, CrlReason>;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

export const CERTIFICATE_HOLD: RevocationReason = 6;
export const REMOVE_FROM_CRL: RevocationReason = 8;

export function isRevocationReason(code: unknown): code is RevocationReason {
  return typeof code === 'number' && Object.hasOwn(REVOCATION_REASONS, code);
}

/** The stored reason name (`revocation_reason` column) as a CRL entry reason. */
export function crlReasonOf(stored: string | null): CrlReason {
  const known = Object.values(REVOCATION_REASONS) as string[];
  return stored !== null && known.includes(stored) ? (stored as CrlReason) : 'unspecified';
}
