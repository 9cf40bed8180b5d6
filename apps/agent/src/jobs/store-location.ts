import { type CertificateStoreDetails } from '@certlab/contracts';
import { type StoreLocation } from '../stores';
import { JobInputError } from './job.errors';

/** Where a job's store lives on this machine: the agent's root and the job's store details. */
export function storeLocationOf(details: CertificateStoreDetails, rootDir: string): StoreLocation {
  return {
    root: rootDir,
    storePath: details.StorePath,
    properties: parseStoreProperties(details.Properties),
    storePassword: details.StorePassword,
  };
}

/**
 * `CertificateStoreDetails.Properties` is a JSON string of string values (RFPEM). Booleans and
 * numbers are accepted and turned into strings, as a lenient reader of a hand-made store would;
 * anything nested is refused rather than guessed at.
 */
export function parseStoreProperties(text: string): Record<string, string> {
  if (text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JobInputError('the store properties are not valid JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new JobInputError('the store properties are not a JSON object');
  }
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(json)) {
    if (value === null) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
      properties[name] = String(value);
    } else {
      throw new JobInputError(`the store property ${name} is not a string`);
    }
  }
  return properties;
}
