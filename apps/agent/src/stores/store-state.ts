import { MAX_ENCODED_BYTES } from '@certlab/pki';
import { type FileSnapshot, readRegularFile } from './atomic-file';
import { parsePemFile, type PemFileContents, type PemKeyBlock } from './pem-file';
import { type ResolvedStorePaths } from './store-paths';
import { type PemStoreSettings } from './store-properties';
import { StoreError } from './store.errors';

/** Same ceiling the pki package puts on any PEM input; a real store is a few KB. */
export const MAX_STORE_FILE_BYTES = MAX_ENCODED_BYTES;

/** Both files of a store as read from disk, checked against the store's layout. */
export interface StoreState {
  /** null: the store file does not exist yet (an empty store). */
  storeFile: FileSnapshot | null;
  store: PemFileContents;
  /** null when no separate key file is configured, it does not exist, or it was not read. */
  keyFile: FileSnapshot | null;
  separateKey: PemKeyBlock | null;
}

/**
 * Reads the store file (and the separate key file when asked) and refuses layouts RFPEM does
 * not have: a key in a trust store, several keys, a key without a certificate, certificates in
 * the key file. Both reads refuse a symbolic link at the file itself.
 */
export async function readStoreState(
  paths: ResolvedStorePaths,
  settings: PemStoreSettings,
  name: string,
  options: { readKeyFile: boolean },
): Promise<StoreState> {
  const storeFile = await readRegularFile(paths.storeFile, MAX_STORE_FILE_BYTES, name);
  const store = storeFile ? parsePemFile(storeFile.content, name) : { certificates: [], keys: [] };
  if (settings.isTrustStore && store.keys.length > 0) {
    throw new StoreError('INVALID_STORE', `${name} is a trust store but holds a private key`);
  }
  if (store.keys.length > 1) {
    throw new StoreError(
      'INVALID_STORE',
      `${name} holds ${store.keys.length} private keys; a PEM store holds one entry`,
    );
  }
  if (store.keys.length > 0 && store.certificates.length === 0) {
    throw new StoreError('INVALID_STORE', `${name} holds a private key but no certificate`);
  }
  let keyFile: FileSnapshot | null = null;
  let separateKey: PemKeyBlock | null = null;
  if (paths.keyFile && options.readKeyFile) {
    const keyName = `key file ${settings.separatePrivateKeyFilePath ?? ''}`;
    keyFile = await readRegularFile(paths.keyFile, MAX_STORE_FILE_BYTES, keyName);
    const contents = keyFile ? parsePemFile(keyFile.content, keyName) : null;
    if (contents && contents.certificates.length > 0) {
      throw new StoreError(
        'INVALID_STORE',
        `${keyName} holds certificates; it should hold only the key`,
      );
    }
    if (contents && contents.keys.length > 1) {
      throw new StoreError(
        'INVALID_STORE',
        `${keyName} holds ${contents.keys.length} private keys`,
      );
    }
    separateKey = contents?.keys[0] ?? null;
  }
  return { storeFile, store, keyFile, separateKey };
}
