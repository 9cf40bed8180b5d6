import { KeyUsageFlags } from './x509';
import { type Certificate } from './certificate';
import { defaultPkiContext, type PkiContext } from './context';
import { PkiError } from './errors';
import { type Issuer, signCertificate } from './issuance';
import { parseDn } from './names';
import { checkUrls, checkValidityDays } from './profile';

export interface RootCaOptions {
  /** e.g. `CN=jdk-Root,DC=jdk,DC=cms` */
  subject: string;
  keys: CryptoKeyPair;
  validityDays: number;
  /** How many CA certificates may follow below the root; unlimited when absent. */
  pathLength?: number;
}

export interface IssuingCaOptions {
  subject: string;
  publicKey: CryptoKey | Uint8Array;
  issuer: Issuer;
  validityDays: number;
  /** 0 (the default) means this CA issues only end-entity certificates. */
  pathLength?: number;
  crlDistributionPoints?: readonly string[];
  caIssuersUrls?: readonly string[];
}

export async function createRootCa(
  options: RootCaOptions,
  ctx: PkiContext = defaultPkiContext,
): Promise<Certificate> {
  checkValidityDays(options.validityDays);
  checkPathLength(options.pathLength);
  return signCertificate(
    {
      subject: requireSubject(options.subject),
      publicKey: options.keys.publicKey,
      validityDays: options.validityDays,
      ...caExtensions(options.pathLength),
      crlDistributionPoints: [],
      caIssuersUrls: [],
      selfSignedKeys: options.keys,
    },
    ctx,
  );
}

export async function createIssuingCa(
  options: IssuingCaOptions,
  ctx: PkiContext = defaultPkiContext,
): Promise<Certificate> {
  checkValidityDays(options.validityDays);
  const pathLength = options.pathLength ?? 0;
  checkPathLength(pathLength);
  const parentLimit = options.issuer.certificate.pathLength;
  if (parentLimit !== undefined && pathLength >= parentLimit) {
    throw new PkiError(
      'INVALID_PROFILE',
      `issuer ${options.issuer.certificate.subject} allows a path length below ${parentLimit}, not ${pathLength}`,
    );
  }
  checkUrls('CRL distribution point', options.crlDistributionPoints ?? []);
  checkUrls('CA issuers', options.caIssuersUrls ?? []);
  return signCertificate(
    {
      subject: requireSubject(options.subject),
      publicKey: options.publicKey,
      validityDays: options.validityDays,
      ...caExtensions(pathLength),
      crlDistributionPoints: options.crlDistributionPoints ?? [],
      caIssuersUrls: options.caIssuersUrls ?? [],
      issuer: options.issuer,
    },
    ctx,
  );
}

function caExtensions(pathLength: number | undefined) {
  return { ca: true, pathLength, keyUsages: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign };
}

function checkPathLength(pathLength: number | undefined): void {
  if (
    pathLength !== undefined &&
    (!Number.isInteger(pathLength) || pathLength < 0 || pathLength > 16)
  ) {
    throw new PkiError('INVALID_PROFILE', `path length must be 0 to 16, got ${pathLength}`);
  }
}

function requireSubject(dn: string) {
  const subject = parseDn(dn);
  if (subject.toJSON().length === 0) throw new PkiError('INVALID_PROFILE', 'a CA needs a subject');
  return subject;
}
