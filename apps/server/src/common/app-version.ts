import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server's version, read from its package.json. The relative path is the same from `src/common`
 * (tests) and `dist/common` (the built server), and reading at runtime keeps package.json out of the
 * compiled tree.
 */
export function readAppVersion(): string {
  const manifest: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  );
  if (
    typeof manifest === 'object' &&
    manifest !== null &&
    'version' in manifest &&
    typeof manifest.version === 'string'
  ) {
    return manifest.version;
  }
  return '0.0.0-unknown';
}
