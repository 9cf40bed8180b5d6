/**
 * A strict DER reader for the fast path of PKCS#12 parsing: asn1-schema decodes through asn1js
 * and re-encodes every ANY field, ~10 ms per delivery on an agent. This reader only accepts
 * plain DER (single-byte tags, definite lengths, elements that exactly fill their parent) and
 * answers undefined for anything else, so callers fall back to asn1-schema, which then decides
 * (and words the error) exactly as before.
 */

export interface DerElement {
  tag: number;
  /** The whole TLV. */
  bytes: Uint8Array;
  /** The contents octets. */
  contents: Uint8Array;
}

export const DER_TAG = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context0Primitive: 0x80,
} as const;

/** The element at `offset`, or undefined when it is not plain DER that fits before `limit`. */
function elementAt(buffer: Uint8Array, offset: number, limit: number): DerElement | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = buffer[offset] as number;
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tag
  let length = buffer[offset + 1] as number;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || offset + 2 + count > limit) return undefined; // indefinite
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buffer[offset + 2 + i] as number);
    header += count;
  }
  const end = offset + header + length;
  if (end > limit) return undefined;
  return {
    tag,
    bytes: buffer.subarray(offset, end),
    contents: buffer.subarray(offset + header, end),
  };
}

/** The single element that is all of `bytes`, with the tag expected. */
export function derElement(bytes: Uint8Array, tag: number): DerElement | undefined {
  const element = elementAt(bytes, 0, bytes.length);
  return element && element.tag === tag && element.bytes.length === bytes.length
    ? element
    : undefined;
}

/** The elements of a constructed element's contents, which they must fill exactly. */
export function derChildren(parent: DerElement): DerElement[] | undefined {
  const out: DerElement[] = [];
  const { contents } = parent;
  for (let offset = 0; offset < contents.length;) {
    const child = elementAt(contents, offset, contents.length);
    if (!child) return undefined;
    out.push(child);
    offset += child.bytes.length;
  }
  return out;
}

/** A dotted OBJECT IDENTIFIER, or undefined when the element is not a well-formed one. */
export function derOidText(element: DerElement | undefined): string | undefined {
  if (!element || element.tag !== DER_TAG.oid || element.contents.length === 0) return undefined;
  const arcs: number[] = [];
  let value = 0;
  for (const byte of element.contents) {
    if (value === 0 && byte === 0x80) return undefined; // non-minimal arc
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if (!(byte & 0x80)) {
      if (arcs.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        arcs.push(first, value - first * 40);
      } else arcs.push(value);
      value = 0;
    }
  }
  if (element.contents[element.contents.length - 1]! & 0x80) return undefined;
  return arcs.join('.');
}

/** A small non-negative INTEGER, or undefined. */
export function derSmallInteger(element: DerElement | undefined): number | undefined {
  if (!element || element.tag !== DER_TAG.integer) return undefined;
  const { contents } = element;
  if (contents.length === 0 || contents.length > 4 || (contents[0] as number) & 0x80) {
    return undefined;
  }
  let value = 0;
  for (const byte of contents) value = value * 256 + byte;
  return value;
}

/** A copy of the bytes as the ArrayBuffer asn1-schema hands out for ANY fields. */
export function derArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  // Not bytes.slice(): on a Buffer that is a view into a shared pool, not a copy.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}
