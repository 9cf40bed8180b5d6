import { buildChain, type Certificate, isPkiError } from '@certlab/pki';
import { readCertificateOnce } from './certificate-cache';
import { canonicalPrivateKey, decodeStoredKey, privateKeyMatches } from './pem-file';
import { type StoreState } from './store-state';
import { type PemStoreSettings } from './store-properties';
import { StoreError } from './store.errors';

/**
 * The entry an Add writes: the job's certificates and key read and checked before the store is
 * touched, and the same facts checked again on the files as re-read after writing.
 */

export interface AddEntry {
  /** DER, leaf first, chain after (as parsePkcs12 returns them). */
  certificates: Uint8Array[];
  /** PKCS#8 DER. */
  privateKey?: Uint8Array;
}

export interface AddOptions {
  overwrite: boolean;
  /** The job's Thumbprint: the leaf must be this certificate, before and after writing. */
  expectedThumbprint?: string;
}

/** What an Add writes, worked out from the job before the store is touched. */
export interface PreparedEntry {
  leaf: Certificate;
  /** Ordered from the leaf up, RemoveRootCertificate applied; empty without IncludesChain. */
  chain: Certificate[];
  privateKey: Uint8Array | null;
}

/** Reads and checks the job's certificates and key before anything on disk is touched. */
export async function prepareEntry(
  entry: AddEntry,
  options: AddOptions,
  settings: PemStoreSettings,
): Promise<PreparedEntry> {
  if (entry.certificates.length === 0) {
    throw new StoreError('BAD_CERTIFICATE', 'the job carries no certificate');
  }
  const certificates = entry.certificates.map((der, index) => {
    try {
      return readCertificateOnce(der);
    } catch (error) {
      if (!isPkiError(error)) throw error;
      throw new StoreError(
        'BAD_CERTIFICATE',
        `certificate #${index + 1} of the job cannot be read: ${error.message}`,
      );
    }
  });
  const [leaf, ...rest] = certificates as [Certificate, ...Certificate[]];
  if (options.expectedThumbprint !== undefined) {
    const expected = aliasToThumbprint(options.expectedThumbprint);
    if (expected !== leaf.thumbprint) {
      throw new StoreError(
        'BAD_CERTIFICATE',
        `the job's certificate is ${leaf.thumbprint}, not the expected ${printable(options.expectedThumbprint)}`,
      );
    }
  }
  // A trust store takes the one certificate; chain and key are the non-trust layouts' business.
  if (settings.isTrustStore) return { leaf, chain: [], privateKey: null };

  const chain = settings.includesChain ? await orderChain(leaf, rest, settings) : [];
  const privateKey = entry.privateKey ?? null;
  if (privateKey !== null) {
    canonicalPrivateKey(privateKey); // BAD_CERTIFICATE when unreadable
    if (!(await privateKeyMatches(leaf, privateKey))) {
      throw new StoreError(
        'VERIFY_FAILED',
        `not written: the job's private key does not belong to certificate ${leaf.thumbprint}`,
      );
    }
  }
  return { leaf, chain, privateKey };
}

/**
 * The chain as it goes into the file: ordered from the leaf up by buildChain (a PKCS#12 need not
 * keep order), without the self-signed root when RemoveRootCertificate says so. A certificate
 * that is not on the leaf's path is refused rather than written where a client would trip on it.
 */
async function orderChain(
  leaf: Certificate,
  given: readonly Certificate[],
  settings: PemStoreSettings,
): Promise<Certificate[]> {
  const pool = unique(given).filter((cert) => cert.thumbprint !== leaf.thumbprint);
  const ordered = (await buildChain(leaf, pool)).slice(1);
  const stray = pool.filter((cert) => !ordered.some((c) => c.thumbprint === cert.thumbprint));
  if (stray.length > 0) {
    throw new StoreError(
      'BAD_CERTIFICATE',
      `the job's chain holds certificates that do not chain from the leaf: ${stray
        .map((cert) => cert.subject || cert.thumbprint)
        .join(', ')}`,
    );
  }
  const top = ordered[ordered.length - 1];
  if (settings.removeRootCertificate && top && top.isSelfIssued && (await top.isSignedBy(top))) {
    ordered.pop();
  }
  return ordered;
}

/** Post-write verification of a non-trust entry, on the files as re-read from disk. */
export async function verifyEntry(
  written: StoreState,
  settings: PemStoreSettings,
  prepared: PreparedEntry,
  expectKey: boolean,
): Promise<void> {
  const certificates = written.store.certificates;
  expectThumbprints(
    certificates,
    [prepared.leaf, ...prepared.chain].map((cert) => cert.thumbprint),
    'the store file',
  );
  const [leaf, ...chain] = certificates as [Certificate, ...Certificate[]];
  if (expectKey) {
    const block = written.separateKey ?? written.store.keys[0];
    if (!block) throw new Error('the private key is missing');
    const key = decodeStoredKey(block, settings.storePassword, {
      code: 'VERIFY_FAILED',
      what: 'the written private key',
    });
    // The job's own key, read back byte for byte, was matched to this leaf before writing.
    const checkedBefore =
      prepared.privateKey !== null &&
      Buffer.from(key).equals(canonicalPrivateKey(prepared.privateKey));
    if (!checkedBefore && !(await privateKeyMatches(leaf, key))) {
      throw new Error(`the private key does not belong to certificate ${leaf.thumbprint}`);
    }
  }
  if (settings.includesChain && chain.length > 0) {
    const built = (await buildChain(leaf, chain)).slice(1).map((cert) => cert.thumbprint);
    const inFile = chain.map((cert) => cert.thumbprint);
    if (built.join() !== inFile.join()) {
      throw new Error('the chain in the file does not build from the leaf in file order');
    }
  }
}

export function expectThumbprints(
  certificates: readonly Certificate[],
  expected: readonly string[],
  what: string,
): void {
  const found = certificates.map((cert) => cert.thumbprint);
  if (found.join() !== expected.join()) {
    throw new Error(
      `${what} holds ${found.length} certificate(s) other than the ${expected.length} written`,
    );
  }
}

function unique(certificates: readonly Certificate[]): Certificate[] {
  const seen = new Set<string>();
  return certificates.filter((cert) => !seen.has(cert.thumbprint) && seen.add(cert.thumbprint));
}

/** Aliases and thumbprints as typed: separators and case do not matter; null if not a thumbprint. */
export function aliasToThumbprint(alias: string): string | null {
  const hex = alias.replace(/[\s:-]/g, '').toUpperCase();
  return /^[0-9A-F]{40}$/.test(hex) ? hex : null;
}

/** Server-supplied text in a message: bounded, without control characters. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
