/**
 * Reads `version` from a package.json's text. The apps report their version on the wire (health,
 * `--version`, later the `X-Keyfactor-Product-Version`-style header); each reads its own manifest
 * at run time and hands the text here.
 */
export function packageVersion(manifestText: string): string {
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch {
    return '0.0.0-unknown';
  }
  if (typeof manifest === 'object' && manifest !== null && 'version' in manifest) {
    const { version } = manifest;
    if (typeof version === 'string') return version;
  }
  return '0.0.0-unknown';
}
