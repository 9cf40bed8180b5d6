import { isIP } from 'node:net';
import { type JsonGeneralNames } from './x509';
import { PkiError } from './errors';
import { type SubjectAltNames } from './certificate';

/** Extended key usages by the names OpenSSL and Keyfactor templates use. */
export const EXTENDED_KEY_USAGES = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;
export type ExtendedKeyUsageName = keyof typeof EXTENDED_KEY_USAGES;

/** What a leaf certificate says, before a key and an issuer are given. */
export interface LeafProfile {
  subject: string;
  subjectAltNames?: Partial<SubjectAltNames>;
  /** Names from EXTENDED_KEY_USAGES or dotted OIDs. */
  extendedKeyUsages?: readonly string[];
  validityDays: number;
  crlDistributionPoints?: readonly string[];
  caIssuersUrls?: readonly string[];
}

/** The longest validity certlab will sign: a hundred years, enough for any lab root. */
export const MAX_VALIDITY_DAYS = 36_500;
const MAX_NAMES = 1000;
const DNS_NAME =
  /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const OID = /^[0-2](\.(0|[1-9][0-9]{0,9})){1,30}$/;

export function checkValidityDays(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_VALIDITY_DAYS) {
    throw new PkiError(
      'INVALID_PROFILE',
      `validity must be 1 to ${MAX_VALIDITY_DAYS} days, got ${days}`,
    );
  }
}

export function resolveExtendedKeyUsages(usages: readonly string[]): string[] {
  return usages.map((usage) => {
    const oid = (EXTENDED_KEY_USAGES as Record<string, string>)[usage] ?? usage;
    if (!OID.test(oid))
      throw new PkiError('INVALID_PROFILE', `unknown extended key usage "${usage}"`);
    return oid;
  });
}

/** Checks every SAN, so nothing unparseable ever reaches the encoder. */
export function checkSubjectAltNames(names: Partial<SubjectAltNames>): SubjectAltNames {
  const sans: SubjectAltNames = {
    dns: [...(names.dns ?? [])],
    ip: [...(names.ip ?? [])],
    email: [...(names.email ?? [])],
    uri: [...(names.uri ?? [])],
  };
  const count = sans.dns.length + sans.ip.length + sans.email.length + sans.uri.length;
  if (count > MAX_NAMES)
    throw new PkiError('INVALID_PROFILE', `too many subject alternative names (${count})`);
  const bad = (kind: string, value: string) =>
    new PkiError('INVALID_PROFILE', `invalid ${kind} subject alternative name "${value}"`);
  for (const dns of sans.dns) if (dns.length > 253 || !DNS_NAME.test(dns)) throw bad('DNS', dns);
  for (const ip of sans.ip) if (isIP(ip) === 0) throw bad('IP', ip);
  for (const email of sans.email) if (!EMAIL.test(email)) throw bad('email', email);
  for (const uri of sans.uri) if (!isAbsoluteUrl(uri)) throw bad('URI', uri);
  return sans;
}

export function checkUrls(what: string, urls: readonly string[]): void {
  for (const url of urls) {
    if (!isAbsoluteUrl(url)) throw new PkiError('INVALID_PROFILE', `invalid ${what} URL "${url}"`);
  }
}

function isAbsoluteUrl(value: string): boolean {
  if (value.length > 2048) return false;
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

/** SANs in the form @peculiar/x509's SubjectAlternativeNameExtension takes. */
export function toGeneralNames(sans: SubjectAltNames): JsonGeneralNames {
  return [
    ...sans.dns.map((value) => ({ type: 'dns' as const, value })),
    ...sans.ip.map((value) => ({ type: 'ip' as const, value })),
    ...sans.email.map((value) => ({ type: 'email' as const, value })),
    ...sans.uri.map((value) => ({ type: 'url' as const, value })),
  ];
}
