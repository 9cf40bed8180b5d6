/**
 * The fields `Certificate` exposes, read on a strict DER fast path. asn1-schema parses a whole
 * certificate through asn1js in ~0.6 ms, as much as issuing one; certificates certlab writes (and
 * most others) are plain DER, read here in a few µs. Anything this reader does not expect, it
 * answers undefined for, and certificate.ts parses with asn1-schema, which decides as before.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  Certificate as AsnCertificate,
  Name as AsnName,
  RelativeDistinguishedName,
} from '@peculiar/asn1-x509';
import { Name } from './x509';
import { type SubjectAltNames } from './subject-alt-names';
import {
  derChildren,
  derElement,
  type DerElement,
  derOidText,
  derSmallInteger,
} from './der-reader';
import { formatDn } from './names';
import { bufferView } from './pem';
import { EXTENSION_OID } from './tbs-writer';

/** What both readers produce; certificate.ts turns it into a Certificate. */
export interface CertificateFields {
  subject: string;
  issuer: string;
  /** INTEGER contents in hex, as encoded. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  signatureAlgorithmOid: string;
  sans: SubjectAltNames;
  ekus: string[];
  keyUsages: string[];
  isCa: boolean;
  pathLength: number | undefined;
  ski: string | undefined;
  aki: string | undefined;
  crlDistributionPoints: string[];
  caIssuers: string[];
}

/** KeyUsage bits in BIT STRING order (RFC 5280 4.2.1.3). */
export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

const CA_ISSUERS_OID = '1.3.6.1.5.5.7.48.2';
const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** The TBSCertificate elements, on the strict path. */
interface TbsElements {
  serial: DerElement;
  issuer: DerElement;
  validity: DerElement;
  subject: DerElement;
  spki: DerElement;
  extensions: DerElement | undefined;
  signatureAlgorithm: DerElement;
}

function tbsElements(der: Uint8Array): TbsElements | undefined {
  const certificate = derElement(der, TAG.sequence);
  const [tbs, signatureAlgorithm, signature, ...rest] =
    (certificate && derChildren(certificate)) ?? [];
  if (!tbs || tbs.tag !== TAG.sequence || rest.length > 0) return undefined;
  if (signatureAlgorithm?.tag !== TAG.sequence || signature?.tag !== TAG.bitString)
    return undefined;
  const parts = derChildren(tbs);
  if (!parts) return undefined;
  if (parts[0]?.tag === 0xa0) {
    // version; v1 certificates leave it out
    const version = derChildren(parts.shift()!);
    if (version?.length !== 1 || (derSmallInteger(version[0]) ?? 3) > 2) return undefined;
  }
  const [serial, signatureInTbs, issuer, validity, subject, spki, extensions, ...more] = parts;
  if (
    serial?.tag !== TAG.integer ||
    signatureInTbs?.tag !== TAG.sequence ||
    issuer?.tag !== TAG.sequence ||
    validity?.tag !== TAG.sequence ||
    subject?.tag !== TAG.sequence ||
    spki?.tag !== TAG.sequence ||
    (extensions && extensions.tag !== 0xa3) ||
    more.length > 0
  ) {
    return undefined;
  }
  return { serial, issuer, validity, subject, spki, extensions, signatureAlgorithm };
}

/** Every field certificate.ts exposes, or undefined when the DER is anything unusual. */
export function readCertificateFieldsFast(der: Uint8Array): CertificateFields | undefined {
  const tbs = tbsElements(der);
  if (!tbs || tbs.serial.contents.length === 0 || !subjectPublicKeyBits(tbs.spki.bytes)) {
    return undefined;
  }
  const subject = readName(tbs.subject);
  const issuer = readName(tbs.issuer);
  const validity = derChildren(tbs.validity);
  const notBefore = validity?.length === 2 ? readTime(validity[0]!) : undefined;
  const notAfter = validity?.length === 2 ? readTime(validity[1]!) : undefined;
  const signatureAlgorithmOid = derOidText(derChildren(tbs.signatureAlgorithm)?.[0]);
  if (
    subject === undefined ||
    issuer === undefined ||
    !notBefore ||
    !notAfter ||
    !signatureAlgorithmOid
  ) {
    return undefined;
  }
  const fields: CertificateFields = {
    subject,
    issuer,
    serialHex: Buffer.from(tbs.serial.contents).toString('hex'),
    notBefore,
    notAfter,
    spki: tbs.spki.bytes.slice(),
    signatureAlgorithmOid,
    sans: { dns: [], ip: [], email: [], uri: [] },
    ekus: [],
    keyUsages: [],
    isCa: false,
    pathLength: undefined,
    ski: undefined,
    aki: undefined,
    crlDistributionPoints: [],
    caIssuers: [],
  };
  if (tbs.extensions) {
    const list = derChildren(tbs.extensions);
    const sequence = list?.length === 1 && list[0]!.tag === TAG.sequence ? list[0] : undefined;
    const extensions = sequence && derChildren(sequence);
    if (!extensions) return undefined;
    for (const extension of extensions) {
      if (!readExtension(extension, fields)) return undefined;
    }
  }
  return fields;
}

/** The issuer-to-be's subject Name exactly as its certificate encodes it. */
export function subjectNameDer(certificate: { der: Uint8Array }): Uint8Array {
  const fast = tbsElements(certificate.der)?.subject.bytes;
  if (fast) return fast;
  const asn = AsnConvert.parse(bufferView(certificate.der), AsnCertificate);
  return new Uint8Array(AsnConvert.serialize(asn.tbsCertificate.subject));
}

/** The subjectPublicKey BIT STRING contents of a DER SubjectPublicKeyInfo (whole bytes only). */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array | undefined {
  const info = derElement(spki, TAG.sequence);
  const parts = info && derChildren(info);
  const algorithm = parts?.length === 2 && parts[0]!.tag === TAG.sequence ? parts[0] : undefined;
  const key = algorithm && derOidText(derChildren(algorithm)?.[0]) ? parts![1] : undefined;
  if (key?.tag !== TAG.bitString || key.contents[0] !== 0) return undefined;
  return key.contents.subarray(1);
}

/** One extension into `fields`; false when it is not the plain DER expected. */
function readExtension(extension: DerElement, fields: CertificateFields): boolean {
  if (extension.tag !== TAG.sequence) return false;
  const parts = derChildren(extension);
  if (!parts) return false;
  if (parts.length === 3 && readBoolean(parts[1]) === undefined) return false;
  const oid = derOidText(parts[0]);
  const value = parts[parts.length - 1];
  if (!oid || parts.length < 2 || parts.length > 3 || value?.tag !== TAG.octetString) return false;
  const element = derElementAt(value.contents);
  if (!element) return false;
  switch (oid) {
    case EXTENSION_OID.basicConstraints: {
      const items = element.tag === TAG.sequence ? derChildren(element) : undefined;
      if (!items || !inOrder(items, [TAG.boolean, TAG.integer])) return false;
      const cA = items.find((item) => item.tag === TAG.boolean);
      const pathLength = items.find((item) => item.tag === TAG.integer);
      const isCa = cA ? readBoolean(cA) : false;
      const length = pathLength ? derSmallInteger(pathLength) : undefined;
      if (isCa === undefined || (pathLength && length === undefined)) return false;
      fields.isCa = isCa;
      fields.pathLength = length;
      return true;
    }
    case EXTENSION_OID.keyUsage: {
      const usage = readKeyUsage(element);
      if (!usage) return false;
      fields.keyUsages = usage;
      return true;
    }
    case EXTENSION_OID.extKeyUsage: {
      const oids = element.tag === TAG.sequence ? derChildren(element)?.map(derOidText) : undefined;
      if (!oids || oids.some((item) => item === undefined)) return false;
      fields.ekus = oids as string[];
      return true;
    }
    case EXTENSION_OID.subjectAltName: {
      const sans = element.tag === TAG.sequence ? readGeneralNames(element) : undefined;
      if (!sans) return false;
      fields.sans = sans;
      return true;
    }
    case EXTENSION_OID.subjectKeyIdentifier:
      if (element.tag !== TAG.octetString) return false;
      fields.ski = hex(element.contents);
      return true;
    case EXTENSION_OID.authorityKeyIdentifier: {
      const items = element.tag === TAG.sequence ? derChildren(element) : undefined;
      // [0] keyIdentifier, [1] authorityCertIssuer, [2] authorityCertSerialNumber, in order.
      if (!items || !inOrder(items, [0x80, 0xa1, 0x82])) return false;
      const keyId = items.find((item) => item.tag === 0x80);
      fields.aki = keyId ? hex(keyId.contents) : undefined;
      return true;
    }
    case EXTENSION_OID.cRLDistributionPoints: {
      const points = element.tag === TAG.sequence ? derChildren(element) : undefined;
      if (!points) return false;
      for (const point of points) {
        const items = point.tag === TAG.sequence ? derChildren(point) : undefined;
        // [0] distributionPoint, [1] reasons, [2] cRLIssuer, in order.
        if (!items || !inOrder(items, [0xa0, 0x81, 0xa2])) return false;
        const name = items[0]?.tag === 0xa0 ? derChildren(items[0]) : [];
        if (!name || name.length > 1) return false;
        const fullName = name[0];
        if (fullName && fullName.tag !== 0xa0 && fullName.tag !== 0xa1) return false;
        if (fullName?.tag !== 0xa0) continue; // nameRelativeToCRLIssuer names no URL
        const names = readGeneralNames(fullName);
        if (!names) return false;
        fields.crlDistributionPoints.push(...names.uri);
      }
      return true;
    }
    case EXTENSION_OID.authorityInfoAccess: {
      const accesses = element.tag === TAG.sequence ? derChildren(element) : undefined;
      if (!accesses) return false;
      for (const access of accesses) {
        const items = access.tag === TAG.sequence ? derChildren(access) : undefined;
        const method = derOidText(items?.[0]);
        if (!items || items.length !== 2 || !method) return false;
        const names = readGeneralNameList([items[1]!]);
        if (!names) return false;
        if (method === CA_ISSUERS_OID) fields.caIssuers.push(...names.uri);
      }
      return true;
    }
    default:
      return true; // not exposed
  }
}

function derElementAt(bytes: Uint8Array): DerElement | undefined {
  const tag = bytes[0];
  return tag === undefined ? undefined : derElement(bytes, tag);
}

function inOrder(items: DerElement[], tags: number[]): boolean {
  let next = 0;
  for (const item of items) {
    const index = tags.indexOf(item.tag, next);
    if (index < 0) return false;
    next = index + 1;
  }
  return true;
}

/** DER BOOLEAN: FF or 00 only. */
function readBoolean(element: DerElement | undefined): boolean | undefined {
  if (element?.tag !== TAG.boolean || element.contents.length !== 1) return undefined;
  const value = element.contents[0];
  return value === 0xff ? true : value === 0 ? false : undefined;
}

function readKeyUsage(element: DerElement): string[] | undefined {
  if (element.tag !== TAG.bitString) return undefined;
  const unused = element.contents[0];
  const bits = element.contents.subarray(1);
  if (unused === undefined || unused > 7 || bits.length > 2 || (bits.length === 0 && unused > 0)) {
    return undefined;
  }
  const bitCount = bits.length * 8 - unused;
  return KEY_USAGE_NAMES.filter(
    (_name, bit) => bit < bitCount && ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0,
  );
}

/** The SAN types certlab reads; any other GeneralName sends the certificate to asn1-schema. */
function readGeneralNames(parent: DerElement): SubjectAltNames | undefined {
  const names = derChildren(parent);
  return names && readGeneralNameList(names);
}

function readGeneralNameList(names: DerElement[]): SubjectAltNames | undefined {
  const sans: SubjectAltNames = { dns: [], ip: [], email: [], uri: [] };
  for (const name of names) {
    const text = () => Buffer.from(name.contents).toString('latin1');
    switch (name.tag) {
      case 0x81:
        sans.email.push(text());
        break;
      case 0x82:
        sans.dns.push(text());
        break;
      case 0x86:
        sans.uri.push(text());
        break;
      case 0x87: {
        const ip = formatIp(name.contents);
        if (ip === undefined) return undefined;
        sans.ip.push(ip);
        break;
      }
      default:
        return undefined;
    }
  }
  return sans;
}

/** IPv4 dotted, IPv6 with the longest run of zero groups as `::`, as asn1-x509 shows them. */
function formatIp(bytes: Uint8Array): string | undefined {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8;) {
    let end = start;
    while (groups[end] === '0') end++;
    if (end - start > best.length) best = { start, length: end - start };
    start = Math.max(end, start + 1);
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A Name as certlab's DN string. The attribute objects are built directly and formatted by
 * formatDn, so the string is the one asn1-schema's parse would give.
 */
function readName(element: DerElement): string | undefined {
  const rdns = derChildren(element);
  if (!rdns) return undefined;
  const name = new AsnName();
  for (const rdn of rdns) {
    const attributes = rdn.tag === TAG.set ? derChildren(rdn) : undefined;
    if (!attributes) return undefined;
    const asnRdn = new RelativeDistinguishedName();
    for (const attribute of attributes) {
      const parts = attribute.tag === TAG.sequence ? derChildren(attribute) : undefined;
      const type = derOidText(parts?.[0]);
      const value = parts?.length === 2 ? readAttributeValue(parts[1]!) : undefined;
      if (!type || !value) return undefined;
      asnRdn.push(new AttributeTypeAndValue({ type, value }));
    }
    name.push(asnRdn);
  }
  return formatDn(new Name(name));
}

function readAttributeValue(element: DerElement): AttributeValue | undefined {
  switch (element.tag) {
    case TAG.printableString:
      return new AttributeValue({ printableString: latin1(element.contents) });
    case TAG.ia5String:
      return new AttributeValue({ ia5String: latin1(element.contents) });
    case TAG.utf8String:
      try {
        return new AttributeValue({ utf8String: utf8.decode(element.contents) });
      } catch {
        return undefined;
      }
    default:
      return undefined;
  }
}

/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ, the only forms RFC 5280 allows. */
function readTime(element: DerElement): Date | undefined {
  const text = latin1(element.contents);
  let digits: string;
  if (element.tag === TAG.utcTime && /^\d{12}Z$/.test(text)) {
    const year = Number(text.slice(0, 2));
    digits = `${year >= 50 ? 19 : 20}${text}`;
  } else if (element.tag === TAG.generalizedTime && /^\d{14}Z$/.test(text)) digits = text;
  else return undefined;
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((at, i) =>
    Number(digits.slice(at, i === 0 ? 4 : at + 2)),
  ) as [number, number, number, number, number, number];
  if (year < 1000 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // A day or month out of range would roll over into another date: leave it to asn1-schema.
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex').toUpperCase();
}
