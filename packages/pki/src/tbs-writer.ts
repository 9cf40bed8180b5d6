/**
 * DER for the parts of a TBSCertificate that certlab writes. Building @peculiar/x509 extension
 * objects and serializing them through asn1js cost several ms per certificate, most of the cost of
 * issuance; these functions write the same bytes directly (tbs-writer.spec.ts checks them with OpenSSL, Node and @peculiar/x509).
 */
import { type Name } from './x509';
import { type SubjectAltNames } from './subject-alt-names';
import {
  derBitString,
  derIa5String,
  derImplicitPrimitive,
  derInteger,
  derOctetString,
  derOid,
  derPrintableString,
  derSequence,
  derSet,
  derTlv,
  derTrue,
  derUnsignedInteger,
  derUtf8String,
} from './der-writer';
import { PkiError } from './errors';

export const EXTENSION_OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  cRLDistributionPoints: '2.5.29.31',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;
const CA_ISSUERS_OID = '1.3.6.1.5.5.7.48.2';

/** The attribute short names @peculiar/x509's Name knows, with their OIDs. */
const ATTRIBUTE_OIDS: Record<string, string> = {
  CN: '2.5.4.3',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  C: '2.5.4.6',
  DC: '0.9.2342.19200300.100.1.25',
  E: '1.2.840.113549.1.9.1',
  G: '2.5.4.42',
  I: '2.5.4.43',
  SN: '2.5.4.4',
  T: '2.5.4.12',
};
const IA5_ATTRIBUTES = new Set([ATTRIBUTE_OIDS.DC, ATTRIBUTE_OIDS.E]);
const PRINTABLE = /^[A-Za-z0-9 '()+,-./:=?]*$/;

/**
 * A Name (from parseDn) as DER, with the string types @peculiar/x509 chooses: IA5String for DC
 * and E, PrintableString where the value allows it, UTF8String otherwise, `#hex` values as they
 * are. The same choices keep issued names byte-identical to earlier certlab certificates, which
 * chain building and relying parties compare byte for byte.
 */
export function nameDer(name: Name): Uint8Array {
  return derSequence(
    ...name.toJSON().map((rdn) =>
      derSet(
        ...Object.entries(rdn).flatMap(([type, values]) => {
          const oid = ATTRIBUTE_OIDS[type] ?? type;
          return values.map((value) => derSequence(derOid(oid), attributeValueDer(oid, value)));
        }),
      ),
    ),
  );
}

function attributeValueDer(oid: string, value: string): Uint8Array {
  if (value.startsWith('#')) return Buffer.from(value.slice(1), 'hex');
  if (IA5_ATTRIBUTES.has(oid)) {
    // eslint-disable-next-line no-control-regex
    if (!/^[\x00-\x7f]*$/.test(value)) {
      throw new PkiError('INVALID_PROFILE', `"${value}" is not an IA5String`);
    }
    return derIa5String(value);
  }
  return PRINTABLE.test(value) ? derPrintableString(value) : derUtf8String(value);
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
export function extensionDer(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return derSequence(derOid(oid), ...(critical ? [derTrue()] : []), derOctetString(value));
}

export function basicConstraintsDer(ca: boolean, pathLength: number | undefined): Uint8Array {
  return derSequence(
    ...(ca ? [derTrue()] : []),
    ...(pathLength === undefined ? [] : [derInteger(pathLength)]),
  );
}

/** KeyUsage flags (bit i = RFC 5280 bit i) as a named-bit BIT STRING without trailing zeros. */
export function keyUsageDer(flags: number): Uint8Array {
  const bitCount = 32 - Math.clz32(flags);
  const octets = new Uint8Array(Math.ceil(bitCount / 8));
  for (let bit = 0; bit < bitCount; bit++) {
    if (flags & (1 << bit)) octets[bit >> 3]! |= 0x80 >> (bit & 7);
  }
  return derBitString(octets, octets.length * 8 - bitCount);
}

export function extendedKeyUsageDer(oids: readonly string[]): Uint8Array {
  return derSequence(...oids.map(derOid));
}

/** GeneralNames in the order certlab has always written them: DNS, IP, email, URI. */
export function generalNamesDer(sans: SubjectAltNames): Uint8Array {
  return derSequence(
    ...sans.dns.map((dns) => derImplicitPrimitive(2, Buffer.from(dns, 'latin1'))),
    ...sans.ip.map((ip) => derImplicitPrimitive(7, ipAddressBytes(ip))),
    ...sans.email.map((email) => derImplicitPrimitive(1, Buffer.from(email, 'latin1'))),
    ...sans.uri.map(uriDer),
  );
}

const uriDer = (uri: string): Uint8Array => derImplicitPrimitive(6, Buffer.from(uri, 'latin1'));

/** AuthorityKeyIdentifier with only the keyIdentifier [0]. */
export function authorityKeyIdentifierDer(keyId: Uint8Array): Uint8Array {
  return derSequence(derImplicitPrimitive(0, keyId));
}

/** One DistributionPoint per URL, each a fullName [0] of one URI. */
export function crlDistributionPointsDer(urls: readonly string[]): Uint8Array {
  return derSequence(...urls.map((url) => derSequence(derTlv(0xa0, derTlv(0xa0, uriDer(url))))));
}

export function caIssuersDer(urls: readonly string[]): Uint8Array {
  return derSequence(...urls.map((url) => derSequence(derOid(CA_ISSUERS_OID), uriDer(url))));
}

/** A positive serial number (hex) as a DER INTEGER. */
export function serialNumberDer(hex: string): Uint8Array {
  return derUnsignedInteger(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

/** WebCrypto's ECDSA signature is r || s; X.509 wants SEQUENCE { INTEGER r, INTEGER s }. */
export function ecdsaSignatureDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return derSequence(
    derUnsignedInteger(raw.subarray(0, half)),
    derUnsignedInteger(raw.subarray(half)),
  );
}

/** IPv4 or IPv6 (checked by checkSubjectAltNames) as the 4 or 16 bytes iPAddress holds. */
function ipAddressBytes(ip: string): Uint8Array {
  if (!ip.includes(':')) return Uint8Array.from(ip.split('.').map(Number));
  const [head = '', tail] = ip.split('::');
  const groups = (part: string | undefined): number[] => {
    if (!part) return [];
    return part.split(':').flatMap((group) => {
      if (!group.includes('.')) return [parseInt(group, 16)];
      // An embedded IPv4 address (::ffff:192.0.2.1) is the last two groups.
      const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const left = groups(head);
  const right = groups(tail);
  const words =
    tail === undefined
      ? left
      : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
}
