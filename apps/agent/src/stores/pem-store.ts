import { type Certificate, pemEncode } from '@certlab/pki';
import { moveFile, removeFile, removeStaleTempFiles, withFileLocks } from './atomic-file';
import {
  type AddEntry,
  type AddOptions,
  aliasToThumbprint,
  expectThumbprints,
  type PreparedEntry,
  prepareEntry,
  printable,
  verifyEntry,
} from './pem-entry';
import {
  canonicalPrivateKey,
  decodeStoredKey,
  encodePrivateKey,
  isTraditionalKey,
  type PemKeyBlock,
  privateKeyMatches,
  serializeCertificates,
  serializeStoreFile,
} from './pem-file';
import {
  CERTIFICATE_FILE_MODE,
  commitWrites,
  KEY_FILE_MODE,
  plannedWrite,
  type PlannedWrite,
} from './store-commit';
import { type ResolvedStorePaths, resolveStoreLocation, type StoreLocation } from './store-paths';
import { type PemStoreSettings, readPemStoreSettings } from './store-properties';
import { readStoreState, type StoreState } from './store-state';
import { StoreError } from './store.errors';

export type { AddEntry, AddOptions } from './pem-entry';

export interface StoreEntry {
  /** RFPEM forbids custom aliases: the alias is the certificate's thumbprint. */
  alias: string;
  thumbprint: string;
  /** Leaf first, then the rest of the file's certificates in file order. */
  certificates: Certificate[];
  privateKeyEntry: boolean;
}

export interface AddResult {
  thumbprint: string;
  storeFile: string;
  /** The separate key file holding the entry's key (written now or kept), else null. */
  keyFile: string | null;
  /** `.bak` files written by this call (one generation: each replaced the previous backup). */
  backupFiles: string[];
}

export interface PemStoreOptions {
  /** Keep the replaced version of every changed file as `<file>.bak`. Default true. */
  backup?: boolean;
}

/**
 * A PEM store on disk with the semantics of Keyfactor's RFPEM store type (renew-reference 4.4):
 * a trust store of certificates, or one entry (leaf, optional chain, optional key, the key in the
 * file or in SeparatePrivateKeyFilePath), the alias always the leaf's thumbprint.
 *
 * Writing protocol (ARCHITECTURE "The agent"):
 * - each file is replaced atomically (atomic-file.ts), the replaced version kept as `<file>.bak`;
 * - what would be written is checked first (the key belongs to the leaf, the chain builds, the
 *   thumbprint is the job's), so a known-bad pair never reaches the disk;
 * - when the key lives in a separate file and both files change, the KEY is written first, then
 *   the certificate, and if the certificate write fails the key file is restored at once: the
 *   pair mismatches at most for the gap between two renames. A crash inside that gap leaves the
 *   new key beside the old certificate. The job is then re-delivered after its lease expires; its
 *   Add finds the new key already in place (reused byte for byte), writes the certificate, and
 *   its verification checks the pair, so the next run detects and completes the half-done write;
 * - everything is re-read and verified after writing (leaf thumbprint, key matches leaf, chain
 *   builds in file order); on any failure every changed file is restored and VERIFY_FAILED thrown.
 */
export class PemStore {
  readonly #location: StoreLocation;
  readonly #backup: boolean;

  constructor(location: StoreLocation, options: PemStoreOptions = {}) {
    this.#location = { ...location, properties: { ...location.properties } };
    this.#backup = options.backup ?? true;
  }

  async inventory(): Promise<StoreEntry[]> {
    const settings = this.#settings();
    const paths = resolveStoreLocation(this.#location);
    return withFileLocks(lockPaths(paths), async () => {
      // IgnorePrivateKeyOnInventory: the agent may not even be allowed to read the key file.
      const readKeys = !settings.ignorePrivateKeyOnInventory;
      const state = await this.#readState(paths, settings, { readKeyFile: readKeys });
      const certificates = state.store.certificates;
      if (settings.isTrustStore) {
        const seen = new Set<string>();
        return certificates
          .filter((cert) => !seen.has(cert.thumbprint) && seen.add(cert.thumbprint))
          .map((cert) => ({
            alias: cert.thumbprint,
            thumbprint: cert.thumbprint,
            certificates: [cert],
            privateKeyEntry: false,
          }));
      }
      const [leaf] = certificates;
      if (!leaf) return [];
      const hasKey = state.store.keys.length > 0 || state.separateKey !== null;
      return [
        {
          alias: leaf.thumbprint,
          thumbprint: leaf.thumbprint,
          certificates: [...certificates],
          privateKeyEntry: readKeys && hasKey,
        },
      ];
    });
  }

  async add(entry: AddEntry, options: AddOptions): Promise<AddResult> {
    const settings = this.#settings();
    this.#refuseInventoryOnly(settings);
    if (settings.isTrustStore && entry.privateKey !== undefined) {
      throw new StoreError(
        'TRUST_STORE_KEY',
        `${this.#name()} is a trust store: it holds certificates only, and this job carries a private key`,
      );
    }
    const paths = resolveStoreLocation(this.#location);
    // The lock is queued for synchronously, so concurrent Adds to one store run in call order
    // (the job started last is the one that stays); the job is checked once it holds the lock.
    return withFileLocks(lockPaths(paths), async () => {
      const prepared = await prepareEntry(entry, options, settings);
      // Again, inside the lock and just before writing: a link planted meanwhile is refused.
      const fresh = resolveStoreLocation(this.#location);
      await removeStaleTempFiles(fresh.storeFile);
      if (fresh.keyFile) await removeStaleTempFiles(fresh.keyFile);
      return settings.isTrustStore
        ? this.#addToTrustStore(fresh, settings, prepared.leaf, options)
        : this.#addEntry(fresh, settings, prepared, options);
    });
  }

  async remove(alias: string): Promise<void> {
    const settings = this.#settings();
    this.#refuseInventoryOnly(settings);
    const thumbprint = aliasToThumbprint(alias);
    const paths = resolveStoreLocation(this.#location);
    await withFileLocks(lockPaths(paths), async () => {
      const fresh = resolveStoreLocation(this.#location);
      const state = await this.#readState(fresh, settings, { readKeyFile: true });
      if (settings.isTrustStore) {
        await this.#removeFromTrustStore(fresh, settings, state, thumbprint, alias);
        return;
      }
      const leaf = state.store.certificates[0];
      if (!leaf || leaf.thumbprint !== thumbprint) throw this.#notFound(alias);
      // The certificate goes first: a key left without its certificate is inert, while a
      // certificate without its key makes a service fail in a confusing way.
      await this.#discard(fresh.storeFile);
      if (fresh.keyFile && state.keyFile) await this.#discard(fresh.keyFile);
    });
  }

  async #addEntry(
    paths: ResolvedStorePaths,
    settings: PemStoreSettings,
    prepared: PreparedEntry,
    options: AddOptions,
  ): Promise<AddResult> {
    const state = await this.#readState(paths, settings, { readKeyFile: true });
    const existingLeaf = state.store.certificates[0];
    const hasEntry =
      existingLeaf !== undefined || state.store.keys.length > 0 || state.separateKey !== null;
    if (hasEntry && !options.overwrite) {
      const alias = existingLeaf ? ` (alias ${existingLeaf.thumbprint})` : '';
      throw new StoreError(
        'ENTRY_EXISTS',
        `${this.#name()} already contains a certificate/key entry${alias}, and overwrite is set to false`,
      );
    }

    const keyPem = await this.#keyToWrite(state, settings, prepared);
    const separate = paths.keyFile !== null;
    const plan: PlannedWrite[] = [];
    if (paths.keyFile !== null && keyPem !== null) {
      plan.push(plannedWrite(paths.keyFile, keyPem, KEY_FILE_MODE, state.keyFile, true));
    }
    const keyInStore = !separate && keyPem !== null;
    plan.push(
      plannedWrite(
        paths.storeFile,
        serializeStoreFile({
          leaf: prepared.leaf,
          keyPem: keyInStore ? keyPem : null,
          chain: prepared.chain,
        }),
        keyInStore ? KEY_FILE_MODE : (state.storeFile?.mode ?? CERTIFICATE_FILE_MODE),
        state.storeFile,
        state.store.keys.length > 0,
      ),
    );

    const backupFiles = await this.#commit(paths, plan, async () => {
      const written = await this.#readState(paths, settings, { readKeyFile: true });
      await verifyEntry(written, settings, prepared, keyPem !== null);
    });
    return {
      thumbprint: prepared.leaf.thumbprint,
      storeFile: paths.storeFile,
      keyFile: separate && keyPem !== null ? paths.keyFile : null,
      backupFiles,
    };
  }

  /**
   * The key text for the new entry, or null for a certificate-only entry:
   * - the job's key, in the form the store already uses (PKCS#1 kept), else PKCS#8, encrypted
   *   when the store has a password; when the store already holds this very key, its stored text
   *   is reused byte for byte (re-encrypting would change the salt, and with it the file);
   * - no key in the job: the store's current key is kept if it belongs to the new certificate
   *   (a certificate re-issued for the same key), otherwise the Add is refused: writing the
   *   certificate beside a key that is not its own would break the service.
   */
  async #keyToWrite(
    state: StoreState,
    settings: PemStoreSettings,
    prepared: PreparedEntry,
  ): Promise<string | null> {
    const existing = state.separateKey ?? state.store.keys[0] ?? null;
    const password = settings.storePassword;
    const existingKey = existing ? tryDecode(existing, password) : null;
    if (prepared.privateKey === null) {
      if (existing === null) return null;
      if (existingKey === null) {
        throw new StoreError(
          'VERIFY_FAILED',
          `not written: the job carries no private key and the key already in ${this.#name()} cannot be read to check it belongs to the new certificate`,
        );
      }
      if (!(await privateKeyMatches(prepared.leaf, existingKey))) {
        throw new StoreError(
          'VERIFY_FAILED',
          `not written: the job carries no private key and the key already in ${this.#name()} does not belong to certificate ${prepared.leaf.thumbprint}`,
        );
      }
      return pemEncode(existing.der, existing.label);
    }
    const traditional = existing !== null && isTraditionalKey(existing.label);
    const sameKey =
      existingKey !== null && sameBytes(existingKey, canonicalPrivateKey(prepared.privateKey));
    // Reusable only if it is already in the form this store writes: a PKCS#1 key with a store
    // password is not (encodePrivateKey refuses that combination below).
    const wantedLabel = password === null ? 'PRIVATE KEY' : 'ENCRYPTED PRIVATE KEY';
    const reusable = traditional ? password === null : existing?.label === wantedLabel;
    if (existing && sameKey && reusable) return pemEncode(existing.der, existing.label);
    return encodePrivateKey(prepared.privateKey, { traditional, password });
  }

  async #addToTrustStore(
    paths: ResolvedStorePaths,
    settings: PemStoreSettings,
    certificate: Certificate,
    options: AddOptions,
  ): Promise<AddResult> {
    const state = await this.#readState(paths, settings, { readKeyFile: false });
    const certificates = [...state.store.certificates];
    const index = certificates.findIndex((cert) => cert.thumbprint === certificate.thumbprint);
    if (index >= 0 && !options.overwrite) {
      throw new StoreError(
        'ENTRY_EXISTS',
        `${this.#name()} already contains certificate ${certificate.thumbprint}, and overwrite is set to false`,
      );
    }
    // Same thumbprint means the same DER: "replacing in place" rewrites identical bytes.
    if (index >= 0) certificates[index] = certificate;
    else certificates.push(certificate);
    const expected = certificates.map((cert) => cert.thumbprint);
    const plan = [
      plannedWrite(
        paths.storeFile,
        serializeCertificates(certificates),
        state.storeFile?.mode ?? CERTIFICATE_FILE_MODE,
        state.storeFile,
        false,
      ),
    ];
    const backupFiles = await this.#commit(paths, plan, async () => {
      const written = await this.#readState(paths, settings, { readKeyFile: false });
      expectThumbprints(written.store.certificates, expected, 'the trust store');
    });
    return {
      thumbprint: certificate.thumbprint,
      storeFile: paths.storeFile,
      keyFile: null,
      backupFiles,
    };
  }

  async #removeFromTrustStore(
    paths: ResolvedStorePaths,
    settings: PemStoreSettings,
    state: StoreState,
    thumbprint: string | null,
    alias: string,
  ): Promise<void> {
    const certificates = state.store.certificates;
    const remaining = certificates.filter((cert) => cert.thumbprint !== thumbprint);
    if (remaining.length === certificates.length) throw this.#notFound(alias);
    const expected = remaining.map((cert) => cert.thumbprint);
    // An emptied trust store stays as an empty file: the store exists, it just trusts nothing.
    const plan = [
      plannedWrite(
        paths.storeFile,
        serializeCertificates(remaining),
        state.storeFile?.mode ?? CERTIFICATE_FILE_MODE,
        state.storeFile,
        false,
      ),
    ];
    await this.#commit(paths, plan, async () => {
      const written = await this.#readState(paths, settings, { readKeyFile: false });
      expectThumbprints(written.store.certificates, expected, 'the trust store');
    });
  }

  /** Remove: the file goes to `<file>.bak` (a rename, atomic and mode-preserving) or is deleted. */
  async #discard(path: string): Promise<void> {
    if (this.#backup) await moveFile(path, `${path}.bak`);
    else await removeFile(path);
  }

  #readState(
    paths: ResolvedStorePaths,
    settings: PemStoreSettings,
    options: { readKeyFile: boolean },
  ): Promise<StoreState> {
    return readStoreState(paths, settings, this.#name(), options);
  }

  #commit(
    paths: ResolvedStorePaths,
    plan: readonly PlannedWrite[],
    verify: () => Promise<void>,
  ): Promise<string[]> {
    return commitWrites(plan, {
      root: paths.root,
      backup: this.#backup,
      verify,
      name: this.#name(),
    });
  }

  #settings(): PemStoreSettings {
    return readPemStoreSettings(this.#location.properties, this.#location.storePassword);
  }

  #refuseInventoryOnly(settings: PemStoreSettings): void {
    if (settings.ignorePrivateKeyOnInventory) {
      throw new StoreError(
        'INVALID_STORE',
        `${this.#name()} is an inventory-only store (IgnorePrivateKeyOnInventory is true); management jobs are refused`,
      );
    }
  }

  #notFound(alias: string): StoreError {
    return new StoreError(
      'ENTRY_NOT_FOUND',
      `${this.#name()} has no entry with alias ${printable(alias)}`,
    );
  }

  #name(): string {
    return `store ${printable(this.#location.storePath)}`;
  }
}

function lockPaths(paths: ResolvedStorePaths): string[] {
  return paths.keyFile ? [paths.storeFile, paths.keyFile] : [paths.storeFile];
}

function tryDecode(block: PemKeyBlock, password: string | null): Uint8Array | null {
  try {
    return decodeStoredKey(block, password, { code: 'INVALID_STORE', what: 'the stored key' });
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}
