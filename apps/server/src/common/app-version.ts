import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageVersion } from '@certlab/contracts';

/**
 * The server's version, read from its package.json. The relative path is the same from `src/common`
 * (tests) and `dist/common` (the built server), and reading at runtime keeps package.json out of the
 * compiled tree.
 */
export function readAppVersion(): string {
  return packageVersion(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
}
