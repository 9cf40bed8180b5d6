/*
 * How stores are named on screen. The classic API names a store `<ClientMachine>-<StorePath>`
 * (RenewedCertStores, CertificateLocation.storeName); the console uses that name everywhere a
 * store is one choice among others, so what people tick is what the API answers.
 */

export function classicStoreName(clientMachine: string, storePath: string): string {
  return `${clientMachine}-${storePath}`;
}

/** The file name at the end of a store path, for tight spaces: `/etc/ssl/certs/web01.pem` → `web01.pem`. */
export function storeFileName(storePath: string): string {
  const parts = storePath.split(/[\\/]/).filter((part) => part !== '');
  return parts[parts.length - 1] ?? storePath;
}

/** Store properties people care about, in words. */
export function describeStoreProperties(properties: Readonly<Record<string, string>>): string[] {
  const notes: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'IsTrustStore') continue;
    if (key === 'IncludesChain') notes.push(value === 'true' ? 'includes the chain' : 'leaf only');
    else if (key === 'SeparatePrivateKeyFilePath') notes.push(`key in ${value}`);
    else if (key.toLowerCase().includes('password')) notes.push(`${key} set`);
    else notes.push(`${key}: ${value}`);
  }
  return notes;
}
