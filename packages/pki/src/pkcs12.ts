import { createHash, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import {
  CertBag,
  PKCS12Attribute,
  SafeBag,
  SafeContents,
  id_certBag,
  id_keyBag,
  id_pkcs8ShroudedKeyBag,
  id_x509Certificate,
} from '@peculiar/asn1-pfx';
import { EncryptedData, EncryptedPrivateKeyInfo, PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import {
  AsnArray,
  AsnConvert,
  AsnPropTypes,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { defaultPkiContext, type PkiContext } from './context';
import {
  DER_TAG,
  type DerElement,
  derArrayBuffer,
  derChildren,
  derElement,
  derOidText,
  derSmallInteger,
} from './der-reader';
import {
  derBmpString,
  derExplicit,
  derImplicitPrimitive,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSet,
} from './der-writer';
import { PkiError, parseOrThrow } from './errors';
import {
  MAX_PKCS12_KDF_ITERATIONS,
  asnSchema,
  asnSequenceOf,
  createMacData,
  newKdfBudget,
  parseDer,
  pbeDecrypt,
  pbes2Encrypt,
  toBytes,
  verifyMacData,
  MacData,
  type KdfBudget,
} from './pkcs12-crypto';

/** What a PKCS#12 file carries, as far as certlab cares. */
export interface Pkcs12Contents {
  /** DER certificates, leaf first, then the chain. */
  certificates: Uint8Array[];
  /** PKCS#8 PrivateKeyInfo DER. */
  privateKey?: Uint8Array;
  friendlyName?: string;
}

export interface BuildPkcs12Options {
  password: string;
  friendlyName?: string;
  /** PBKDF2 and MAC iterations; defaults to DEFAULT_PKCS12_ITERATIONS. */
  iterations?: number;
}

export const MAX_PKCS12_BYTES = 1024 * 1024;

/**
 * Five times OpenSSL 3's 2048 (a figure from the early 2000s) yet only ~25 ms to build or parse,
 * most of it the MAC's PKCS#12 KDF, which runs in JS. Importers read the count from the file, so
 * it costs no compatibility; it must stay under MAX_PKCS12_KDF_ITERATIONS to parse here.
 */
export const DEFAULT_PKCS12_ITERATIONS = 10_000;

const ID_DATA = '1.2.840.113549.1.7.1';
const ID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const ID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const ID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

// The CMS and PFX structures are declared here rather than taken from @peculiar/asn1-pfx's PFX,
// whose ContentInfo lives in @peculiar/asn1-cms, which this package does not depend on.
class ContentInfo {
  contentType = '';
  content: ArrayBuffer | null = new ArrayBuffer(0);
}
asnSchema(ContentInfo, [
  ['contentType', { type: AsnPropTypes.ObjectIdentifier }],
  ['content', { type: AsnPropTypes.Any, context: 0 }],
]);

class AuthenticatedSafe extends AsnArray<ContentInfo> {}
asnSequenceOf(AuthenticatedSafe, ContentInfo);

/** Only the primitive form of encryptedContent, as OpenSSL writes it; BER chunks fail parsing. */
class EncryptedContentInfo {
  contentType = '';
  contentEncryptionAlgorithm = new AlgorithmIdentifier();
  encryptedContent?: OctetString;
}
asnSchema(EncryptedContentInfo, [
  ['contentType', { type: AsnPropTypes.ObjectIdentifier }],
  ['contentEncryptionAlgorithm', { type: AlgorithmIdentifier }],
  ['encryptedContent', { type: OctetString, context: 0, implicit: true, optional: true }],
]);

class CmsEncryptedData {
  version: number | string = 0;
  encryptedContentInfo = new EncryptedContentInfo();
}
asnSchema(CmsEncryptedData, [
  ['version', { type: AsnPropTypes.Integer }],
  ['encryptedContentInfo', { type: EncryptedContentInfo }],
]);

class Pfx {
  version: number | string = 3;
  authSafe = new ContentInfo();
  macData?: MacData;
}
asnSchema(Pfx, [
  ['version', { type: AsnPropTypes.Integer }],
  ['authSafe', { type: ContentInfo }],
  ['macData', { type: MacData, optional: true }],
]);

/** friendlyName values are BMPStrings; a one-armed CHOICE lets asn1-schema code them alone. */
class BmpText {
  value = '';
}
asnSchema(BmpText, [['value', { type: AsnPropTypes.BmpString }]], AsnTypeTypes.Choice);

export function buildPkcs12(
  contents: { certificates: Uint8Array[]; privateKey?: Uint8Array },
  options: BuildPkcs12Options,
  ctx: PkiContext = defaultPkiContext,
): Uint8Array {
  const iterations = options.iterations ?? DEFAULT_PKCS12_ITERATIONS;
  // The MAC uses the same count, and its KDF has the lower cap: stay parseable by ourselves.
  if (
    !Number.isSafeInteger(iterations) ||
    iterations < 1 ||
    iterations > MAX_PKCS12_KDF_ITERATIONS
  ) {
    throw new PkiError(
      'INVALID_PROFILE',
      `PKCS#12 iterations must be 1..${MAX_PKCS12_KDF_ITERATIONS}`,
    );
  }
  const { certificates, privateKey } = contents;
  if (certificates.length === 0 && !privateKey) {
    throw new PkiError('INVALID_PROFILE', 'A PKCS#12 needs a certificate or a private key');
  }
  const parsed = certificates.map((der, i) => loadCertificate(der, `certificate ${i}`));
  const leaf = parsed[0];
  const leafDer = certificates[0];
  if (privateKey) {
    const key = loadPrivateKey(privateKey);
    if (leaf && !leaf.checkPrivateKey(key)) {
      throw new PkiError(
        'KEY_MISMATCH',
        'The private key does not match the first (leaf) certificate',
      );
    }
  }
  // localKeyId ties the key to its certificate for importers; OpenSSL uses the same SHA-1.
  const localKeyId =
    privateKey && leafDer ? createHash('sha1').update(leafDer).digest() : undefined;
  const attributes = bagAttributes(localKeyId, options.friendlyName);

  // Written with der-writer: the same bytes asn1-schema wrote, at a fraction of the cost.
  const safes: Uint8Array[] = [];
  if (certificates.length > 0) {
    const bags = derSequence(
      ...certificates.map((der, i) =>
        safeBag(
          id_certBag,
          derSequence(derOid(id_x509Certificate), derExplicit(0, derOctetString(der))),
          i === 0 ? attributes : undefined,
        ),
      ),
    );
    const { algorithm, ciphertext } = pbes2Encrypt(
      bags,
      options.password,
      iterations,
      ctx.randomBytes,
    );
    const encrypted = derSequence(
      derInteger(0),
      derSequence(derOid(ID_DATA), algorithm, derImplicitPrimitive(0, ciphertext)),
    );
    safes.push(contentInfo(ID_ENCRYPTED_DATA, encrypted));
  }
  if (privateKey) {
    const { algorithm, ciphertext } = pbes2Encrypt(
      privateKey,
      options.password,
      iterations,
      ctx.randomBytes,
    );
    const shrouded = derSequence(algorithm, derOctetString(ciphertext));
    const bag = safeBag(id_pkcs8ShroudedKeyBag, shrouded, attributes);
    safes.push(contentInfo(ID_DATA, derOctetString(derSequence(bag))));
  }

  const authSafe = derSequence(...safes);
  return derSequence(
    derInteger(3),
    contentInfo(ID_DATA, derOctetString(authSafe)),
    createMacData(authSafe, options.password, iterations, ctx.randomBytes),
  );
}

function safeBag(bagId: string, value: Uint8Array, attributes: Uint8Array | undefined): Uint8Array {
  return derSequence(derOid(bagId), derExplicit(0, value), ...(attributes ? [attributes] : []));
}

function contentInfo(contentType: string, content: Uint8Array): Uint8Array {
  return derSequence(derOid(contentType), derExplicit(0, content));
}

export function parsePkcs12(der: Uint8Array, password: string): Pkcs12Contents {
  if (der.length > MAX_PKCS12_BYTES) {
    throw new PkiError(
      'INPUT_TOO_LARGE',
      `PKCS#12 is ${der.length} bytes; the limit is ${MAX_PKCS12_BYTES}`,
    );
  }
  if (der.length === 0) throw new PkiError('MALFORMED_DER', 'PKCS#12 is empty');
  const pfx = fastPfx(der) ?? parseDer(der, Pfx, 'PKCS#12 PFX');
  if (Number(pfx.version) !== 3) {
    throw new PkiError('MALFORMED_DER', `Unsupported PKCS#12 version ${String(pfx.version)}`);
  }
  if (pfx.authSafe.contentType !== ID_DATA) {
    // signedData here means public-key integrity mode, which nothing mainstream writes.
    throw new PkiError(
      'UNSUPPORTED_KEY',
      `Unsupported PKCS#12 integrity mode ${pfx.authSafe.contentType}`,
    );
  }
  const authSafe = octets(pfx.authSafe.content, 'PKCS#12 AuthenticatedSafe');
  const budget = newKdfBudget();
  // Without macData (openssl -nomac) nothing vouches for the password except decryption itself.
  if (pfx.macData) verifyMacData(pfx.macData, authSafe, password, budget);

  const certs: Array<{ der: Uint8Array; attrs: BagAttributes }> = [];
  let key: { der: Uint8Array; attrs: BagAttributes } | undefined;
  const infos =
    fastSequenceOf(authSafe, fastContentInfo) ??
    parseDer(authSafe, AuthenticatedSafe, 'PKCS#12 AuthenticatedSafe');
  for (const info of infos) {
    for (const bag of safeBags(info, password, budget)) {
      const attrs = readAttributes(bag);
      if (bag.bagId === id_certBag) {
        const certBag = toBytes(bag.bagValue);
        const cert = fastCertBag(certBag) ?? parseDer(certBag, CertBag, 'PKCS#12 CertBag');
        if (cert.certId !== id_x509Certificate) continue; // SDSI certificates: nobody uses them
        const certDer = octets(cert.certValue, 'PKCS#12 certificate');
        loadCertificate(certDer, 'PKCS#12 certificate');
        certs.push({ der: certDer, attrs });
      } else if (key) {
        continue; // certlab models one key per file: the first wins
      } else if (bag.bagId === id_keyBag) {
        key = { der: checkedPrivateKeyInfo(toBytes(bag.bagValue)), attrs };
      } else if (bag.bagId === id_pkcs8ShroudedKeyBag) {
        const keyBag = toBytes(bag.bagValue);
        const shrouded =
          fastEncryptedKey(keyBag) ?? parseDer(keyBag, EncryptedPrivateKeyInfo, 'PKCS#12 key bag');
        const plain = pbeDecrypt(
          shrouded.encryptionAlgorithm,
          toBytes(shrouded.encryptedData),
          password,
          budget,
        );
        key = { der: checkedPrivateKeyInfo(plain), attrs };
      }
      // CRL, secret and nested SafeContents bags carry nothing certlab uses.
    }
  }

  const ordered = certs.slice();
  ordered.unshift(...ordered.splice(key ? findLeaf(certs, key) : 0, 1));
  const friendlyName = key?.attrs.friendlyName ?? ordered[0]?.attrs.friendlyName;
  return {
    certificates: ordered.map((cert) => cert.der),
    ...(key ? { privateKey: key.der } : {}),
    ...(friendlyName !== undefined ? { friendlyName } : {}),
  };
}

interface BagAttributes {
  localKeyId?: Uint8Array;
  friendlyName?: string;
}

/** The SafeBags inside one ContentInfo of the AuthenticatedSafe, decrypted if need be. */
function safeBags(info: ContentInfo, password: string, budget: KdfBudget): SafeBag[] {
  if (info.contentType === ID_DATA) {
    const contents = octets(info.content, 'PKCS#12 SafeContents');
    return (
      fastSequenceOf(contents, fastSafeBag) ?? [
        ...parseDer(contents, SafeContents, 'PKCS#12 SafeContents'),
      ]
    );
  }
  if (info.contentType !== ID_ENCRYPTED_DATA) {
    // envelopedData: public-key privacy mode, which needs the recipient's key, not a password.
    throw new PkiError('UNSUPPORTED_KEY', `Unsupported PKCS#12 privacy mode ${info.contentType}`);
  }
  const content = toBytes(info.content);
  const encrypted =
    fastEncryptedData(content) ?? parseDer(content, CmsEncryptedData, 'PKCS#12 EncryptedData');
  const { contentEncryptionAlgorithm, encryptedContent } = encrypted.encryptedContentInfo;
  if (!encryptedContent) throw new PkiError('MALFORMED_DER', 'PKCS#12 EncryptedData is empty');
  const plain = pbeDecrypt(contentEncryptionAlgorithm, toBytes(encryptedContent), password, budget);
  return (
    fastSequenceOf(plain, fastSafeBag) ?? [
      ...parseDer(plain, SafeContents, 'decrypted PKCS#12 SafeContents (wrong password?)'),
    ]
  );
}

/** Attributes are hints: one in an odd encoding is skipped rather than failing the file. */
function readAttributes(bag: SafeBag): BagAttributes {
  const out: BagAttributes = {};
  for (const { attrId, attrValues } of bag.bagAttributes ?? []) {
    const value = attrValues[0];
    try {
      if (value && attrId === ID_LOCAL_KEY_ID) {
        out.localKeyId = toBytes(AsnConvert.parse(value, OctetString));
      } else if (value && attrId === ID_FRIENDLY_NAME) {
        out.friendlyName = AsnConvert.parse(value, BmpText).value;
      }
    } catch {
      continue;
    }
  }
  return out;
}

/** The SET OF PKCS12Attribute of a bag: friendlyName, then localKeyId, as before. */
function bagAttributes(
  localKeyId: Uint8Array | undefined,
  friendlyName: string | undefined,
): Uint8Array | undefined {
  const attributes: Uint8Array[] = [];
  if (friendlyName !== undefined) {
    attributes.push(attribute(ID_FRIENDLY_NAME, derBmpString(friendlyName)));
  }
  if (localKeyId) attributes.push(attribute(ID_LOCAL_KEY_ID, derOctetString(localKeyId)));
  return attributes.length > 0 ? derSet(...attributes) : undefined;
}

function attribute(attrId: string, value: Uint8Array): Uint8Array {
  return derSequence(derOid(attrId), derSet(value));
}

/** The leaf is the cert sharing the key's localKeyId or, failing that, its public key. */
function findLeaf(
  certs: ReadonlyArray<{ der: Uint8Array; attrs: BagAttributes }>,
  key: { der: Uint8Array; attrs: BagAttributes },
): number {
  const id = key.attrs.localKeyId;
  const byId = id
    ? certs.findIndex((c) => c.attrs.localKeyId && Buffer.from(id).equals(c.attrs.localKeyId))
    : -1;
  if (byId >= 0) return byId;
  try {
    const privateKey = createPrivateKey({
      key: Buffer.from(key.der),
      format: 'der',
      type: 'pkcs8',
    });
    return Math.max(
      0,
      certs.findIndex((c) => new X509Certificate(c.der).checkPrivateKey(privateKey)),
    );
  } catch {
    return 0; // a key type Node cannot load: keep file order
  }
}

/** The bytes of a DER OCTET STRING held in an ANY field. */
function octets(value: ArrayBuffer | null, what: string): Uint8Array {
  const bytes = toBytes(value);
  return (
    derElement(bytes, DER_TAG.octetString)?.contents ?? toBytes(parseDer(bytes, OctetString, what))
  );
}

/**
 * Certificates checked lately, by their bytes: a server builds (and an agent reads) PKCS#12s
 * with the same CA chain over and over, and OpenSSL's decoder is the slow part of the check.
 */
const loadedCertificates = new Map<string, X509Certificate>();
const MAX_LOADED_CERTIFICATES = 64;

function loadCertificate(der: Uint8Array, what: string): X509Certificate {
  const id = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');
  const known = loadedCertificates.get(id);
  if (known) return known;
  const loaded = parseOrThrow('MALFORMED_DER', `Malformed ${what}`, () => new X509Certificate(der));
  loadedCertificates.set(id, loaded);
  if (loadedCertificates.size > MAX_LOADED_CERTIFICATES) {
    loadedCertificates.delete(loadedCertificates.keys().next().value as string);
  }
  return loaded;
}

function checkedPrivateKeyInfo(der: Uint8Array): Uint8Array {
  parseDer(der, PrivateKeyInfo, 'PKCS#12 private key (wrong password?)');
  return der;
}

function loadPrivateKey(der: Uint8Array): KeyObject {
  checkedPrivateKeyInfo(der);
  return parseOrThrow('UNSUPPORTED_KEY', 'Unsupported private key', () =>
    createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }),
  );
}

// ---- fast path: plain DER read directly; undefined hands the input to asn1-schema ----

function fastPfx(der: Uint8Array): Pfx | undefined {
  const pfx = derElement(der, DER_TAG.sequence);
  const fields = pfx && derChildren(pfx);
  if (!fields || fields.length < 2 || fields.length > 3) return undefined;
  const [versionField, authSafeField, macField] = fields as [DerElement, DerElement, DerElement?];
  const version = derSmallInteger(versionField);
  const authSafe = fastContentInfo(authSafeField);
  if (version === undefined || !authSafe) return undefined;
  const out = new Pfx();
  out.version = version;
  out.authSafe = authSafe;
  if (macField) {
    if (macField.tag !== DER_TAG.sequence) return undefined;
    try {
      out.macData = AsnConvert.parse(macField.bytes, MacData); // small: asn1-schema is fine here
    } catch {
      return undefined;
    }
  }
  return out;
}

function fastSequenceOf<T>(
  bytes: Uint8Array,
  item: (element: DerElement) => T | undefined,
): T[] | undefined {
  const sequence = derElement(bytes, DER_TAG.sequence);
  const elements = sequence && derChildren(sequence);
  if (!elements) return undefined;
  const out: T[] = [];
  for (const element of elements) {
    const value = item(element);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}

/** `[0] EXPLICIT` around exactly one element: that element. */
function explicitZero(element: DerElement | undefined): DerElement | undefined {
  if (!element || element.tag !== DER_TAG.context0) return undefined;
  const inner = derChildren(element);
  return inner?.length === 1 ? inner[0] : undefined;
}

function fastContentInfo(element: DerElement): ContentInfo | undefined {
  const fields = element.tag === DER_TAG.sequence ? derChildren(element) : undefined;
  if (fields?.length !== 2) return undefined;
  const contentType = derOidText(fields[0]);
  const content = explicitZero(fields[1]);
  if (contentType === undefined || !content) return undefined;
  const info = new ContentInfo();
  info.contentType = contentType;
  info.content = derArrayBuffer(content.bytes);
  return info;
}

function fastSafeBag(element: DerElement): SafeBag | undefined {
  const fields = element.tag === DER_TAG.sequence ? derChildren(element) : undefined;
  if (!fields || fields.length < 2 || fields.length > 3) return undefined;
  const bagId = derOidText(fields[0]);
  const value = explicitZero(fields[1]);
  if (bagId === undefined || !value) return undefined;
  const bag = new SafeBag({ bagId, bagValue: derArrayBuffer(value.bytes) });
  if (fields[2]) {
    const set = fields[2].tag === DER_TAG.set ? derChildren(fields[2]) : undefined;
    if (!set) return undefined;
    const attributes: PKCS12Attribute[] = [];
    for (const item of set) {
      const parts = item.tag === DER_TAG.sequence ? derChildren(item) : undefined;
      const attrId = derOidText(parts?.[0]);
      const values = parts?.[1]?.tag === DER_TAG.set ? derChildren(parts[1]) : undefined;
      if (parts?.length !== 2 || attrId === undefined || !values) return undefined;
      const attribute = new PKCS12Attribute();
      attribute.attrId = attrId;
      attribute.attrValues = values.map((v) => derArrayBuffer(v.bytes));
      attributes.push(attribute);
    }
    bag.bagAttributes = attributes;
  }
  return bag;
}

function fastCertBag(bytes: Uint8Array): CertBag | undefined {
  const bag = derElement(bytes, DER_TAG.sequence);
  const fields = bag && derChildren(bag);
  if (fields?.length !== 2) return undefined;
  const certId = derOidText(fields[0]);
  const value = explicitZero(fields[1]);
  if (certId === undefined || !value) return undefined;
  return new CertBag({ certId, certValue: derArrayBuffer(value.bytes) });
}

function fastAlgorithm(element: DerElement | undefined): AlgorithmIdentifier | undefined {
  const fields = element?.tag === DER_TAG.sequence ? derChildren(element) : undefined;
  if (!fields || fields.length < 1 || fields.length > 2) return undefined;
  const algorithm = derOidText(fields[0]);
  if (algorithm === undefined) return undefined;
  return new AlgorithmIdentifier({
    algorithm,
    parameters: fields[1] ? derArrayBuffer(fields[1].bytes) : undefined,
  });
}

function fastEncryptedKey(bytes: Uint8Array): EncryptedPrivateKeyInfo | undefined {
  const info = derElement(bytes, DER_TAG.sequence);
  const fields = info && derChildren(info);
  if (fields?.length !== 2 || fields[1]?.tag !== DER_TAG.octetString) return undefined;
  const encryptionAlgorithm = fastAlgorithm(fields[0]);
  if (!encryptionAlgorithm) return undefined;
  return new EncryptedPrivateKeyInfo({
    encryptionAlgorithm,
    encryptedData: new EncryptedData(derArrayBuffer(fields[1].contents)),
  });
}

function fastEncryptedData(bytes: Uint8Array): CmsEncryptedData | undefined {
  const data = derElement(bytes, DER_TAG.sequence);
  const fields = data && derChildren(data);
  const version = derSmallInteger(fields?.[0]);
  const info = fields?.[1]?.tag === DER_TAG.sequence ? derChildren(fields[1]) : undefined;
  if (fields?.length !== 2 || version === undefined || !info) return undefined;
  if (info.length < 2 || info.length > 3) return undefined;
  const contentType = derOidText(info[0]);
  const algorithm = fastAlgorithm(info[1]);
  if (contentType === undefined || !algorithm) return undefined;
  const encrypted = new CmsEncryptedData();
  encrypted.version = version;
  encrypted.encryptedContentInfo.contentType = contentType;
  encrypted.encryptedContentInfo.contentEncryptionAlgorithm = algorithm;
  if (info[2]) {
    if (info[2].tag !== DER_TAG.context0Primitive) return undefined;
    encrypted.encryptedContentInfo.encryptedContent = new OctetString(
      derArrayBuffer(info[2].contents),
    );
  }
  return encrypted;
}
