/**
 * A minimal DER writer for structures certlab builds on every delivery (PKCS#12). asn1-schema
 * serializes through asn1js objects and cost ~5 ms per PKCS#12, more than its crypto; these
 * functions write the same bytes directly. Parsing stays with asn1-schema.
 */

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

/** One TLV: the tag byte, the definite length, the contents. */
export function derTlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const length = contents.reduce((sum, part) => sum + part.length, 0);
  const header = [tag, ...lengthBytes(length)];
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  let offset = header.length;
  for (const part of contents) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const derSequence = (...items: Uint8Array[]): Uint8Array => derTlv(TAG.sequence, ...items);
/** SET OF in the order given (the callers write one value, or a fixed order as before). */
export const derSet = (...items: Uint8Array[]): Uint8Array => derTlv(TAG.set, ...items);
export const derOctetString = (bytes: Uint8Array): Uint8Array => derTlv(TAG.octetString, bytes);
export const derNull = (): Uint8Array => derTlv(TAG.null);
/** [n] EXPLICIT: a constructed context tag around one encoded value. */
export const derExplicit = (n: number, value: Uint8Array): Uint8Array => derTlv(0xa0 | n, value);
/** [n] IMPLICIT of a primitive type: the value's contents under a context tag. */
export const derImplicitPrimitive = (n: number, contents: Uint8Array): Uint8Array =>
  derTlv(0x80 | n, contents);

/** A non-negative INTEGER in its shortest two's-complement form. */
export function derInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`bad INTEGER ${value}`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  if (bytes.length === 0 || (bytes[0] as number) & 0x80) bytes.unshift(0);
  return derTlv(TAG.integer, Uint8Array.from(bytes));
}

const oids = new Map<string, Uint8Array>();

/** An OBJECT IDENTIFIER from its dotted form (remembered: a handful of OIDs are used over and over). */
export function derOid(dotted: string): Uint8Array {
  let encoded = oids.get(dotted);
  if (!encoded) {
    const arcs = dotted.split('.').map(Number);
    const [first = 0, second = 0, ...rest] = arcs;
    const body: number[] = [];
    for (const arc of [first * 40 + second, ...rest]) {
      const chunk = [arc & 0x7f];
      for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
        chunk.unshift((v & 0x7f) | 0x80);
      body.push(...chunk);
    }
    encoded = derTlv(TAG.oid, Uint8Array.from(body));
    oids.set(dotted, encoded);
  }
  return encoded;
}

/** BMPString: big-endian UTF-16. */
export function derBmpString(text: string): Uint8Array {
  return derTlv(TAG.bmpString, Buffer.from(text, 'utf16le').swap16());
}

/** AlgorithmIdentifier with encoded parameters, or NULL parameters when `null`. */
export function derAlgorithm(oid: string, parameters: Uint8Array | null): Uint8Array {
  return derSequence(derOid(oid), parameters ?? derNull());
}

/** BOOLEAN TRUE: the only BOOLEAN DER writes where the field is DEFAULT FALSE. */
export const derTrue = (): Uint8Array => derTlv(TAG.boolean, Uint8Array.of(0xff));
export const derBitString = (bytes: Uint8Array, unusedBits = 0): Uint8Array =>
  derTlv(TAG.bitString, Uint8Array.of(unusedBits), bytes);
export const derUtf8String = (text: string): Uint8Array =>
  derTlv(TAG.utf8String, Buffer.from(text, 'utf8'));
/** The caller checks the text is PrintableString (or IA5String) repertoire: one byte per char. */
export const derPrintableString = (text: string): Uint8Array =>
  derTlv(TAG.printableString, Buffer.from(text, 'latin1'));
export const derIa5String = (text: string): Uint8Array =>
  derTlv(TAG.ia5String, Buffer.from(text, 'latin1'));

/** A non-negative INTEGER from big-endian magnitude bytes (serials, ECDSA r and s). */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return (trimmed[0] ?? 0) & 0x80 || trimmed.length === 0
    ? derTlv(TAG.integer, Uint8Array.of(0), trimmed)
    : derTlv(TAG.integer, trimmed);
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, Z. */
export function derTime(date: Date): Uint8Array {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? derTlv(TAG.utcTime, Buffer.from(digits.slice(2), 'ascii'))
    : derTlv(TAG.generalizedTime, Buffer.from(digits, 'ascii'));
}
