import { isRevocationReason, type RevocationReason } from '../revocation/revocation-reason';

/*
 * The numbers behind the bare integer enums of the Keyfactor v1 document. The document lists the
 * values without names; the names come from Keyfactor's published API pages (cited per enum) or,
 * where marked [inferred], from our reading of them. Kept in one file so a wrong guess is fixed once.
 */

/** `CertState` / workflow `State`: Command's certificate (and request) state. */
export const CertState = {
  Unknown: 0,
  Active: 1,
  Revoked: 2,
  Denied: 3,
  Failed: 4,
  Pending: 5,
  CertificateAuthority: 6,
  ParentCertificateAuthority: 7,
  ExternalValidation: 8,
} as const;
export type CertState = (typeof CertState)[keyof typeof CertState];

export function certStateName(state: CertState): string {
  return Object.entries(CertState).find(([, value]) => value === state)?.[0] ?? 'Unknown';
}

/**
 * `KeyType` of the certificate model: the v1 enum stops at 4, so Ed25519 (a later addition to
 * Command) is reported as Unknown with `KeyTypeString` "Ed25519".
 */
export const KeyType = { Unknown: 0, RSA: 1, DSA: 2, ECC: 3, DH: 4 } as const;
export type KeyType = (typeof KeyType)[keyof typeof KeyType];

/** `SubjectAltNameElements[].Type`: the GeneralName tag numbers (RFC 5280), as Command uses them. */
export const SanType = { OtherName: 0, Rfc822Name: 1, DnsName: 2, Uri: 6, IpAddress: 7 } as const;

/** `RevocationReason`: the CRL reason codes; 999 is Command's "unknown". */
const REVOCATION_REASONS: Readonly<Record<string, number>> = {
  unspecified: 0,
  keycompromise: 1,
  cacompromise: 2,
  affiliationchanged: 3,
  superseded: 4,
  cessationofoperation: 5,
  certificatehold: 6,
  removefromcrl: 8,
};

export function revocationReasonCode(reason: string | null): number {
  if (reason === null) return 999;
  const key = reason.replace(/[\s_-]/g, '').toLowerCase();
  const numeric = /^\d+$/.test(key) ? Number(key) : undefined;
  if (numeric !== undefined && Object.values(REVOCATION_REASONS).includes(numeric)) return numeric;
  return REVOCATION_REASONS[key] ?? 999;
}

/**
 * `Reason` of `POST /Certificates/Revoke` as an RFC 5280 code. The vendor's -1 "remove from hold"
 * and 8 "remove from CRL" both release a certificate on hold (RFC 5280's removeFromCRL, 8); 999
 * "unknown" is unspecified (0). The rest are RFC 5280's own numbers.
 */
export function rfc5280RevocationReason(vendorCode: number): RevocationReason {
  if (vendorCode === -1 || vendorCode === 8) return 8;
  if (vendorCode === 999) return 0;
  if (isRevocationReason(vendorCode)) return vendorCode;
  // The request schema lets only the vendor's enum through.
  throw new Error(`unmapped vendor revocation reason ${vendorCode}`);
}

/** Job history `Status` (Keyfactor "GET Orchestrator Jobs Job History": Job status values). */
export const JobHistoryStatus = {
  Unknown: 0,
  Waiting: 1,
  InProcess: 2,
  Completed: 3,
  Acknowledged: 4,
  CompletedWillRetry: 5,
} as const;

/**
 * `AvailableRenewalType`. Command's page says only "if it is 2, 1 is also supported": 2 is
 * one-click renewal, 1 the seeded renewal that names Template and CA itself. [inferred names]
 */
export const AvailableRenewalType = { None: 0, Seed: 1, OneClick: 2 } as const;
export type AvailableRenewalType = (typeof AvailableRenewalType)[keyof typeof AvailableRenewalType];

/** `AgentPlatform` (renew-reference.md 4.2): certlab's agent speaks the C-Agent ("Native") protocol. */
export const CERTLAB_AGENT_PLATFORM = 5;

/**
 * `CertStoreType` / `Locations[].StoreType` ids. Command numbers store types per installation; its
 * built-in "PEM File" type has id 1 [inferred], so certlab's PEM stores answer 1, others 0.
 */
const STORE_TYPE_IDS: Readonly<Record<string, number>> = { PEM: 1 };

export function storeTypeId(shortName: string): number {
  return STORE_TYPE_IDS[shortName.toUpperCase()] ?? 0;
}

/** Windows display names of the extended key usages certlab issues, as Command shows them. */
const EKU_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Secure Email',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
};

export function extendedKeyUsageDisplayName(oid: string): string {
  return EKU_DISPLAY_NAMES[oid] ?? oid;
}

/** .NET `X509KeyUsageFlags`, which Command's `KeyUsage` integer is made of. */
export const KEY_USAGE_FLAGS = {
  encipherOnly: 1,
  cRLSign: 2,
  keyCertSign: 4,
  keyAgreement: 8,
  dataEncipherment: 16,
  keyEncipherment: 32,
  nonRepudiation: 64,
  digitalSignature: 128,
  decipherOnly: 32768,
} as const;
