import { StoreError } from './store.errors';

/**
 * The RFPEM custom store properties (renew-reference 4.4) as the agent uses them. Command sends
 * every value as a string, Bool fields included (`"true"`/`"false"`); names are matched exactly,
 * as the vendor's orchestrator does.
 */
export interface PemStoreSettings {
  isTrustStore: boolean;
  includesChain: boolean;
  /** Store path of the key file (as Command sends it, not yet resolved), or null. */
  separatePrivateKeyFilePath: string | null;
  ignorePrivateKeyOnInventory: boolean;
  removeRootCertificate: boolean;
  /** null when empty: an empty password means "no password", as in Command's UI. */
  storePassword: string | null;
}

export function readPemStoreSettings(
  properties: Readonly<Record<string, string>>,
  storePassword: string | null | undefined,
): PemStoreSettings {
  const keyPath = (properties.SeparatePrivateKeyFilePath ?? '').trim();
  const settings: PemStoreSettings = {
    isTrustStore: isTrue(properties.IsTrustStore),
    includesChain: isTrue(properties.IncludesChain),
    separatePrivateKeyFilePath: keyPath === '' ? null : keyPath,
    ignorePrivateKeyOnInventory: isTrue(properties.IgnorePrivateKeyOnInventory),
    removeRootCertificate: isTrue(properties.RemoveRootCertificate),
    storePassword: storePassword ? storePassword : null,
  };
  if (settings.isTrustStore && settings.separatePrivateKeyFilePath !== null) {
    throw new StoreError(
      'INVALID_STORE',
      'a trust store holds no private key, so SeparatePrivateKeyFilePath must be empty',
    );
  }
  return settings;
}

function isTrue(value: string | undefined): boolean {
  return (
    String(value ?? '')
      .trim()
      .toLowerCase() === 'true'
  );
}
