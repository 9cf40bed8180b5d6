/*
 * Read models for people (server `renewal-history` module): what happened to one renewal, in
 * order, and what changed between a certificate and the one it renewed.
 */

/** In the order they happen; steps at the same instant keep this order. */
export const RENEWAL_TIMELINE_STEPS = [
  'requested',
  'approved',
  'denied',
  'issued',
  'job-queued',
  'job-claimed',
  'job-completed',
  'old-certificate-revoked',
] as const;
export type RenewalTimelineStepType = (typeof RENEWAL_TIMELINE_STEPS)[number];

/** The delivery a job step is about: one store on one machine. */
export interface RenewalTimelineJob {
  id: string;
  storeId: string;
  clientMachine: string;
  storePath: string;
  alias: string | null;
}

export interface RenewalTimelineStep {
  step: RenewalTimelineStepType;
  /** ISO-8601, on the server's (lab) clock. */
  at: string;
  /** A lab user, `agent <machine>` for what an agent did, or `system`. */
  actor: string;
  /** One line for people. */
  summary: string;
  certificateId?: number;
  job?: RenewalTimelineJob;
  /** job-claimed: which attempt; job-completed: the agent's result and message. */
  attempt?: number;
  outcome?: 'Succeeded' | 'Warning' | 'Failed';
  message?: string;
  /** old-certificate-revoked: RFC 5280 reason name, the effective date, the comment given. */
  reason?: string;
  effectiveDate?: string;
  comment?: string;
}

export interface RenewalTimeline {
  requestId: number;
  status: 'PENDING' | 'ISSUED' | 'DENIED' | 'FAILED';
  requester: string;
  /** The certificate renewed. */
  renewalOf: { id: number; subject: string; thumbprint: string } | null;
  /** The certificate issued. */
  certificate: { id: number; subject: string; thumbprint: string } | null;
  steps: RenewalTimelineStep[];
}

export interface CertificateFieldDiff<T> {
  old: T;
  new: T;
  changed: boolean;
}

export interface CertificateDiff {
  /** The newer certificate (the path's id) and the one it is compared with (`with`). */
  certificate: { id: number; thumbprint: string };
  with: { id: number; thumbprint: string };
  fields: {
    subject: CertificateFieldDiff<string>;
    issuer: CertificateFieldDiff<string>;
    /** `RSA`, `ECDSA`, `Ed25519`, or the key's description when certlab does not issue for it. */
    keyAlgorithm: CertificateFieldDiff<string>;
    keySize: CertificateFieldDiff<number | null>;
    signatureAlgorithm: CertificateFieldDiff<string>;
    /** `DNS:…`, `IP:…`, `email:…`, `URI:…` */
    subjectAltNames: CertificateFieldDiff<string[]>;
    /** Names (`serverAuth`) where known, else the OID. */
    extendedKeyUsages: CertificateFieldDiff<string[]>;
    notBefore: CertificateFieldDiff<string>;
    notAfter: CertificateFieldDiff<string>;
    validityDays: CertificateFieldDiff<number>;
    /** Subjects from the issuing CA up to the root. */
    chain: CertificateFieldDiff<string[]>;
    crlDistributionPoints: CertificateFieldDiff<string[]>;
  };
  /** Names of the fields that changed, in `fields` order. */
  changed: string[];
}
