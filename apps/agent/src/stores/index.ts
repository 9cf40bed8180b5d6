export { isStoreError, StoreError, type StoreErrorCode } from './store.errors';
export { resolveStorePaths, type StoreLocation } from './store-paths';
export {
  PemStore,
  type AddEntry,
  type AddOptions,
  type AddResult,
  type PemStoreOptions,
  type StoreEntry,
} from './pem-store';
