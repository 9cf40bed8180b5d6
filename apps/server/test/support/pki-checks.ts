import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';

/** `openssl verify` of a leaf against a root, with the intermediates as untrusted. */
export function opensslVerify(
  leafPem: string,
  rootPem: string,
  intermediatesPem: string,
): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'certlab-verify-'));
  try {
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const args = ['verify', '-x509_strict', '-CAfile', write('root.pem', rootPem)];
    if (intermediatesPem) args.push('-untrusted', write('untrusted.pem', intermediatesPem));
    args.push(write('leaf.pem', leafPem));
    const result = spawnSync('openssl', args, { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CaRow {
  id: number;
  config_name: string;
  parent_id: number | null;
  certificate_pem: string;
}

/** The issuing CA's chain up to its root, from the database: [issuing, ..., root]. */
export async function caChain(dataSource: DataSource, configName: string): Promise<CaRow[]> {
  const rows = await dataSource.query<CaRow[]>(
    'SELECT id, config_name, parent_id, certificate_pem FROM certificate_authorities',
  );
  const chain: CaRow[] = [];
  let current = rows.find((row) => row.config_name === configName);
  while (current) {
    chain.push(current);
    const parentId = current.parent_id;
    current = parentId === null ? undefined : rows.find((row) => row.id === parentId);
  }
  return chain;
}

/** Row counts of the tables a renewal writes to: a failed request must leave them unchanged. */
export async function writeCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'certificates',
    'certificate_requests',
    'orchestrator_jobs',
    'certificate_metadata',
    'audit_events',
  ]) {
    const [row] = await dataSource.query<{ count: number | string }[]>(
      `SELECT COUNT(*) AS count FROM ${table}`,
    );
    counts[table] = Number(row?.count ?? 0);
  }
  return counts;
}
