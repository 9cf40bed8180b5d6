import {
  CERTIFICATE_STATES,
  type CertificateState,
  type DashboardView,
  type StateCounts,
} from '@certlab/contracts';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { type StateCountRow } from '../certificates/certificates.queries';

export interface DashboardFacts {
  now: Date;
  virtual: boolean;
  counts: readonly StateCountRow[];
  authorities: readonly CertificateAuthorityEntity[];
  expiryByDay: { day: string; count: number }[];
  pendingApprovals: number;
}

/** The grouped counts folded into totals, per issuer and per key algorithm. */
export function toDashboard(facts: DashboardFacts): DashboardView {
  const names = new Map(facts.authorities.map((authority) => [authority.id, authority.configName]));
  const totals = emptyCounts();
  const byAuthority = new Map<string, DashboardView['byAuthority'][number]>();
  const byKeyAlgorithm = new Map<string, DashboardView['byKeyAlgorithm'][number]>();
  for (const row of facts.counts) {
    add(totals, row.counts);
    const key = row.authorityId === null ? `dn:${row.issuerDn ?? ''}` : `ca:${row.authorityId}`;
    let authority = byAuthority.get(key);
    if (!authority) {
      authority = {
        authorityId: row.authorityId,
        name:
          row.authorityId === null
            ? (row.issuerDn ?? '')
            : (names.get(row.authorityId) ?? `CA ${row.authorityId}`),
        counts: emptyCounts(),
      };
      byAuthority.set(key, authority);
    }
    add(authority.counts, row.counts);
    let algorithm = byKeyAlgorithm.get(row.keyAlgorithm);
    if (!algorithm) {
      algorithm = { keyAlgorithm: row.keyAlgorithm, counts: emptyCounts() };
      byKeyAlgorithm.set(row.keyAlgorithm, algorithm);
    }
    add(algorithm.counts, row.counts);
  }
  // Lab CAs first in id order, then foreign issuers by name; algorithms by name.
  const authorities = [...byAuthority.values()].sort(
    (a, b) =>
      (a.authorityId ?? Number.MAX_SAFE_INTEGER) - (b.authorityId ?? Number.MAX_SAFE_INTEGER) ||
      a.name.localeCompare(b.name),
  );
  return {
    now: facts.now.toISOString(),
    virtual: facts.virtual,
    totals,
    byAuthority: authorities,
    byKeyAlgorithm: [...byKeyAlgorithm.values()].sort((a, b) =>
      a.keyAlgorithm.localeCompare(b.keyAlgorithm),
    ),
    expiryByDay: facts.expiryByDay,
    pendingApprovals: facts.pendingApprovals,
  };
}

function emptyCounts(): StateCounts {
  return { valid: 0, expiring: 0, expired: 0, revoked: 0, total: 0 };
}

function add(target: StateCounts, counts: Record<CertificateState, number>): void {
  for (const state of CERTIFICATE_STATES) {
    target[state] += counts[state];
    target.total += counts[state];
  }
}
