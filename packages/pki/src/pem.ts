import { PkiError } from './errors';

/**
 * Upper bound for any encoded object the package accepts (PEM text or DER bytes). Certificates,
 * CSRs and keys are a few KB; a CRL or a PKCS#12 with a chain stays far below this. Anything
 * larger is refused before parsing so hostile input cannot make the ASN.1 decoder work hard.
 */
export const MAX_ENCODED_BYTES = 1024 * 1024;

export interface PemBlock {
  label: string;
  der: Uint8Array<ArrayBuffer>;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]{1,64})-----$/;
const END = /^-----END ([A-Z0-9 ]{1,64})-----$/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

export function pemEncode(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Decodes every PEM block in the text, in order. Text outside blocks (openssl's "Bag Attributes"
 * headers, comments) is ignored, as PEM consumers usually do; anything malformed inside a block is
 * an error. Encapsulated headers (RFC 1421 `Proc-Type:`) are refused: certlab writes none.
 */
export function pemDecodeAll(text: string): PemBlock[] {
  assertSize(text.length, 'PEM input');
  const blocks: PemBlock[] = [];
  let label: string | undefined;
  let body: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (label === undefined) {
      const begin = BEGIN.exec(line);
      if (begin) {
        label = begin[1];
        body = [];
      }
      continue;
    }
    const end = END.exec(line);
    if (end) {
      if (end[1] !== label) {
        throw new PkiError('MALFORMED_PEM', `PEM block "${label}" ends with "${end[1]}"`);
      }
      blocks.push({ label, der: decodeBase64(body.join(''), label) });
      label = undefined;
      continue;
    }
    if (!BASE64_LINE.test(line)) {
      throw new PkiError('MALFORMED_PEM', `PEM block "${label}" holds a line that is not base64`);
    }
    body.push(line);
  }
  if (label !== undefined) {
    throw new PkiError('MALFORMED_PEM', `PEM block "${label}" has no END line (truncated?)`);
  }
  return blocks;
}

/** Decodes the one block with one of the expected labels; zero or several is an error. */
export function pemDecode(text: string, labels: readonly string[]): PemBlock {
  const blocks = pemDecodeAll(text).filter((block) => labels.includes(block.label));
  const [first] = blocks;
  if (!first) {
    throw new PkiError('MALFORMED_PEM', `no PEM block labelled ${labels.join(' or ')} found`);
  }
  if (blocks.length > 1) {
    throw new PkiError(
      'MALFORMED_PEM',
      `expected one ${first.label} PEM block, found ${blocks.length}`,
    );
  }
  return first;
}

/**
 * Accepts PEM text or DER bytes and returns DER. PEM given as bytes (as read from a file) is
 * recognised by its BEGIN line.
 */
export function toDer(
  input: string | Uint8Array,
  labels: readonly string[],
): Uint8Array<ArrayBuffer> {
  if (typeof input === 'string') return pemDecode(input, labels).der;
  assertSize(input.byteLength, 'DER input');
  if (looksLikePem(input)) return pemDecode(Buffer.from(input).toString('latin1'), labels).der;
  if (input.byteLength === 0) throw new PkiError('MALFORMED_DER', 'empty input');
  return bufferView(input);
}

export function assertSize(size: number, what: string, limit = MAX_ENCODED_BYTES): void {
  if (size > limit) {
    throw new PkiError('INPUT_TOO_LARGE', `${what} is ${size} bytes; the limit is ${limit}`);
  }
}

function looksLikePem(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart();
  return head.startsWith('-----BEGIN ');
}

function decodeBase64(text: string, label: string): Uint8Array<ArrayBuffer> {
  if (text.length === 0 || text.length % 4 !== 0 || /=[^=]/.test(text)) {
    throw new PkiError(
      'MALFORMED_PEM',
      `PEM block "${label}" has truncated or padded-wrong base64`,
    );
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/**
 * TypeScript types a Uint8Array as possibly backed by a SharedArrayBuffer; WebCrypto and the
 * ASN.1 parsers want a plain ArrayBuffer. certlab never allocates shared memory, so the cast holds.
 */
export function bufferView(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}
