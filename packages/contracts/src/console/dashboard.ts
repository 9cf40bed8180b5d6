import { type CertificateState } from './certificates';

/* `GET /api/dashboard`: the lab at a glance, counted on the lab clock. */

export type StateCounts = Record<CertificateState, number> & { total: number };

export interface DashboardView {
  /** The lab clock's now, and whether it is virtual. */
  now: string;
  virtual: boolean;
  totals: StateCounts;
  /** Per issuing CA; certificates no lab CA issued are grouped by their issuer DN (authorityId null). */
  byAuthority: { authorityId: number | null; name: string; counts: StateCounts }[];
  byKeyAlgorithm: { keyAlgorithm: string; counts: StateCounts }[];
  /** Certificates that are not revoked, counted by the UTC day of their NotAfter, oldest first. */
  expiryByDay: { day: string; count: number }[];
  pendingApprovals: number;
}
