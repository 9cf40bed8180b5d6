import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The agent's version from its package.json: one level up from both `src/` and `dist/`. */
export function readAgentVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
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
