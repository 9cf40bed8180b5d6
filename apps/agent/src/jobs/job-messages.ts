import { type CertificateStoreDetails } from '@certlab/contracts';
import { isPkiError } from '@certlab/pki';
import { describeHookFailure, type HookResult } from '../hooks/post-deploy-hooks';
import { isStoreError } from '../stores';
import { JobInputError } from './job.errors';

/**
 * Job messages in the vendor's form (renew-reference 4.3): `Site <StorePath> on server
 * <ClientMachine>: <what happened>`, failures as `...: Failure: <reason>`. They are shown to
 * people in the job history, so they name certificates by thumbprint and never carry secrets.
 */

export function siteOf(details: CertificateStoreDetails, fallbackMachine: string): string {
  const machine = details.ClientMachine.trim() || fallbackMachine;
  return `Site ${details.StorePath} on server ${machine}`;
}

export function failureMessage(site: string, reason: string): string {
  return `${site}: Failure: ${reason}`;
}

/**
 * The reason to report for an error a job can expect (bad store, bad PKCS#12, bad job), with its
 * code; `undefined` for anything else, which is a bug of the agent's and reported as such.
 */
export function describeJobError(error: unknown): string | undefined {
  if (isStoreError(error)) return `${error.message} (${error.code})`;
  if (isPkiError(error))
    return `the job's certificate cannot be used: ${error.message} (${error.code})`;
  if (error instanceof JobInputError) return error.message;
  return undefined;
}

export function addedMessage(thumbprint: string, replaced: readonly string[]): string {
  const what = replaced.length > 0 ? ` (replaced ${replaced.join(', ')})` : '';
  return `certificate ${thumbprint} added${what}, verified after writing`;
}

export function removedMessage(alias: string): string {
  return `certificate ${alias} removed`;
}

export function inventoryMessage(counts: {
  added: number;
  modified: number;
  removed: number;
  unchanged: number;
}): string {
  const present = counts.added + counts.modified + counts.unchanged;
  const entries = present === 1 ? '1 entry' : `${present} entries`;
  return `inventory: ${entries} (${counts.added} added, ${counts.modified} modified, ${counts.unchanged} unchanged, ${counts.removed} removed)`;
}

/** The hooks' part of a message: their failures (each makes the job a Warning), or success. */
export function hooksMessage(results: readonly HookResult[]): string {
  if (results.length === 0) return '';
  const failures = results
    .map((result, index) => ({ result, index }))
    .filter(({ result }) => !result.ok);
  if (failures.length === 0) {
    return results.length === 1
      ? '; post-deploy hook succeeded'
      : `; ${results.length} post-deploy hooks succeeded`;
  }
  const name = (index: number) =>
    results.length === 1
      ? 'post-deploy hook'
      : `post-deploy hook ${index + 1} of ${results.length}`;
  return failures
    .map(({ result, index }) => `; Warning: ${name(index)} ${describeHookFailure(result)}`)
    .join('');
}
