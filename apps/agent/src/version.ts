import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageVersion } from '@certlab/contracts';

/** The agent's version from its package.json: one level up from both `src/` and `dist/`. */
export function readAgentVersion(): string {
  return packageVersion(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
}
