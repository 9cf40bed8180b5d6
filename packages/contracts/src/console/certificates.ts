import { z } from 'zod';
import { GUID_PATTERN } from '../cms-api';
import { limitParam, pageParam } from './params';

/*
 * Certificates in the console: the list (query language, paging and sorting on the server), the
 * certificate page, downloads, renewal and revocation.
 */

export const CERTIFICATE_STATES = ['valid', 'expiring', 'expired', 'revoked'] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/** "Expiring" means NotAfter within this many days of the lab clock's now. */
export const EXPIRING_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The one definition of a certificate's state, used by the server to filter and count and by the
 * console for its badges: revoked wins, then expired (past NotAfter), then expiring (NotAfter
 * within 30 days), else valid. `now` is the lab clock's.
 */
export function certificateState(
  certificate: { notAfter: Date | string; revokedAt: Date | string | null },
  now: Date,
): CertificateState {
  if (certificate.revokedAt !== null) return 'revoked';
  const notAfter = new Date(certificate.notAfter).getTime();
  if (notAfter < now.getTime()) return 'expired';
  if (notAfter <= now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS) return 'expiring';
  return 'valid';
}

/** The NotAfter boundaries that separate the states at `now` (for SQL filters). */
export function stateBoundaries(now: Date): { expiredBefore: string; expiringUntil: string } {
  return {
    expiredBefore: now.toISOString(),
    expiringUntil: new Date(now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS).toISOString(),
  };
}

export const CERTIFICATE_SORT_KEYS = [
  'id',
  'commonName',
  'issuer',
  'keyAlgorithm',
  'notBefore',
  'notAfter',
  'serialNumber',
] as const;
export type CertificateSortKey = (typeof CERTIFICATE_SORT_KEYS)[number];

/** `GET /api/certificates` query string. */
export const CertificateListQuerySchema = z.strictObject({
  /** The certificate query language (`CN -contains "web" AND KeyType -eq "P-256"`). */
  query: z.string().max(4096, 'query is longer than 4096 characters').optional(),
  state: z.enum(CERTIFICATE_STATES).optional(),
  sort: z.enum(CERTIFICATE_SORT_KEYS).default('id'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: pageParam,
  limit: limitParam(50, 500),
});
export type CertificateListQuery = z.input<typeof CertificateListQuerySchema>;

export interface SubjectAltNames {
  dns: string[];
  ip: string[];
  email: string[];
  uri: string[];
}

/** A certificate as other views refer to it. */
export interface CertificateRef {
  id: number;
  commonName: string | null;
  thumbprint: string;
  notAfter: string;
  state: CertificateState;
}

/** One row of the certificate list. */
export interface CertificateSummary extends CertificateRef {
  subject: string;
  issuerDn: string;
  /** The lab CA that issued it; null for certificates no issuing CA of the lab signed. */
  authority: { id: number; configName: string } | null;
  template: { id: number; shortName: string } | null;
  keyAlgorithm: string;
  serialNumber: string;
  notBefore: string;
  revokedAt: string | null;
  /** How many stores hold it. */
  locationCount: number;
  /** The newest certificate that renewed this one, if any. */
  renewedById: number | null;
}

/** Where a certificate sits: one store on one machine, under an alias. */
export interface CertificateLocation {
  storeId: string;
  clientMachine: string;
  storePath: string;
  /** `<ClientMachine>-<StorePath>`, as the classic API names stores. */
  storeName: string;
  alias: string;
  isTrustStore: boolean;
}

/** `GET /api/certificates/{id}`: the certificate page. */
export interface CertificateDetail extends CertificateSummary {
  subjectAltNames: SubjectAltNames;
  signatureAlgorithm: string;
  /** Names (`serverAuth`) where known, else OIDs. */
  extendedKeyUsages: string[];
  keyUsages: string[];
  crlDistributionPoints: string[];
  /** The issuing CA up to the root. */
  chain: { subject: string; configName: string | null; thumbprint: string; notAfter: string }[];
  metadata: Record<string, string>;
  locations: CertificateLocation[];
  renewedFrom: CertificateRef | null;
  renewedBy: CertificateRef[];
  revocation: { at: string; reason: string } | null;
  /** certlab holds its private key (sealed), so it can be delivered with the key. */
  hasPrivateKey: boolean;
  /** The request that issued it; null for seeded or imported certificates. */
  requestId: number | null;
  createdAt: string;
  pem: string;
}

export const CERTIFICATE_DOWNLOAD_FORMATS = ['pem', 'der', 'chain'] as const;
export type CertificateDownloadFormat = (typeof CERTIFICATE_DOWNLOAD_FORMATS)[number];

/** `GET /api/certificates/{id}/download?format=`: PEM, DER, or PEM with the chain to the root. */
export const CertificateDownloadQuerySchema = z.strictObject({
  format: z.enum(CERTIFICATE_DOWNLOAD_FORMATS).default('pem'),
});

const MetadataValue = z.union([z.string().max(65_536), z.number(), z.boolean(), z.null()]);

/**
 * `POST /api/certificates/{id}/renew`: what the classic Renew takes, for one certificate. Template
 * and CA default to the original's; no stores means issue only.
 */
export const RenewRequestSchema = z.strictObject({
  template: z.string().trim().min(1, 'template must not be empty').max(128).optional(),
  caConfiguration: z
    .string()
    .trim()
    .min(1, 'caConfiguration must not be empty')
    .max(255)
    .optional(),
  storeIds: z
    .array(z.string().regex(GUID_PATTERN, 'each store id must be a GUID'))
    .max(1000)
    .default([]),
  metadata: z.record(z.string().max(128), MetadataValue).default({}),
});
export type RenewRequest = z.input<typeof RenewRequestSchema>;

/** One delivery job a renewal scheduled. */
export interface RenewalDelivery {
  jobId: string;
  storeId: string;
  storeName: string;
}

export interface RenewResult {
  disposition: 'ISSUED' | 'PENDING';
  message: string;
  requestId: number;
  /** The new certificate; null while the request waits for approval. */
  certificate: (CertificateRef & { serialNumber: string }) | null;
  deliveries: RenewalDelivery[];
}

/** RFC 5280 reasons a person may pick for a leaf certificate. */
export const REVOCATION_REASON_CHOICES = [
  { code: 0, name: 'unspecified', label: 'Unspecified' },
  { code: 1, name: 'keyCompromise', label: 'Key compromise' },
  { code: 3, name: 'affiliationChanged', label: 'Affiliation changed' },
  { code: 4, name: 'superseded', label: 'Superseded' },
  { code: 5, name: 'cessationOfOperation', label: 'Cessation of operation' },
  { code: 6, name: 'certificateHold', label: 'Certificate hold' },
  { code: 9, name: 'privilegeWithdrawn', label: 'Privilege withdrawn' },
] as const;

/** `POST /api/certificates/{id}/revoke`. */
export const RevokeRequestSchema = z.strictObject({
  reason: z
    .number({ error: 'reason is required (an RFC 5280 reason code)' })
    .int()
    .refine(
      (code) => REVOCATION_REASON_CHOICES.some((choice) => choice.code === code),
      'reason must be one of 0, 1, 3, 4, 5, 6 or 9',
    ),
  comment: z.string().trim().max(1024, 'comment is longer than 1024 characters').optional(),
});
export type RevokeRequest = z.input<typeof RevokeRequestSchema>;

export interface RevokeResult {
  certificateId: number;
  /** False when it was revoked already (nothing changed). */
  revoked: boolean;
  revocation: { at: string; reason: string };
}
