import {
  type InventoryItem,
  JobCompletionStatus,
  type ManagementJobConfiguration,
  ManagementOperationType,
} from '@certlab/contracts';
import { parsePkcs12, readCertificate } from '@certlab/pki';
import {
  type HookContext,
  type HookResult,
  hookEnvironment,
  hooksForStore,
} from '../hooks/post-deploy-hooks';
import { isStoreError } from '../stores';
import { assertValidAt } from './certificate-validity';
import { runInventoryJob } from './inventory-job';
import { inventoryItems } from './inventory-items';
import { type JobContext, type JobOutcome, type StoreAccess } from './job-context';
import { JobInputError } from './job.errors';
import {
  addedMessage,
  describeJobError,
  failureMessage,
  hooksMessage,
  removedMessage,
  siteOf,
} from './job-messages';
import { storeLocationOf } from './store-location';

/** `OperationType` of a management job (renew-reference 4.2): the contract's one definition. */
const ManagementOperation = ManagementOperationType;

export function operationName(operationType: number): string {
  const entry = Object.entries(ManagementOperation).find(([, value]) => value === operationType);
  return entry ? entry[0] : `Operation${operationType}`;
}

/**
 * Management: Add writes the job's certificate (and key) into the store, replacing the entry when
 * Overwrite is set, which is how a renewal lands; Remove deletes an entry by alias. Either runs
 * the store's post-deploy hooks once the store changed, then reports the store's inventory.
 * Expected failures (store, PKCS#12, job) become a Failure; the store library leaves the old
 * files untouched when it refuses.
 */
export async function runManagementJob(
  config: ManagementJobConfiguration,
  context: JobContext,
): Promise<JobOutcome> {
  const site = siteOf(config.CertificateStoreDetails, context.clientMachine);
  const operation = operationName(config.OperationType);
  const failure = (reason: string): JobOutcome => ({
    operation,
    status: JobCompletionStatus.Failure,
    message: failureMessage(site, reason),
  });
  try {
    switch (config.OperationType) {
      case ManagementOperation.Inventory:
        return await runInventoryJob(config, context);
      case ManagementOperation.Add:
        return await addCertificate(config, context, site);
      case ManagementOperation.Remove:
        return await removeCertificate(config, context, site);
      default:
        return failure(`operation ${operation} is not supported by this agent`);
    }
  } catch (error) {
    const reason = describeJobError(error);
    if (reason === undefined) throw error;
    return failure(reason);
  }
}

async function addCertificate(
  config: ManagementJobConfiguration,
  context: JobContext,
  site: string,
): Promise<JobOutcome> {
  const details = config.CertificateStoreDetails;
  const location = storeLocationOf(details, context.rootDir);
  const entry = decodeJobCertificate(config.JobCertificate);
  const expected = config.JobCertificate.Thumbprint.trim();
  assertValidAt(entry.certificates, expected, context.serverNow());
  const store = context.openStore(location);
  // Only for the message ("replaced ..."): when the store cannot be read, add() says why.
  const before = await store.inventory().catch(() => []);
  const written = await store.add(entry, {
    overwrite: config.Overwrite,
    ...(expected === '' ? {} : { expectedThumbprint: expected }),
  });
  const hooks = await runHooks(context, details.StorePath, {
    operation: 'Add',
    storeFile: written.storeFile,
    keyFile: written.keyFile,
    thumbprint: written.thumbprint,
  });
  const after = await inventoryAfter(store, config);
  const present = new Set(after.entries?.map((item) => item.thumbprint.toUpperCase()));
  const replaced = after.entries
    ? before
        .map((item) => item.thumbprint)
        .filter((thumbprint) => !present.has(thumbprint.toUpperCase()))
    : [];
  return outcome('Add', `${site}: ${addedMessage(written.thumbprint, replaced)}`, hooks, after);
}

async function removeCertificate(
  config: ManagementJobConfiguration,
  context: JobContext,
  site: string,
): Promise<JobOutcome> {
  const alias = config.JobCertificate.Alias.trim();
  if (alias === '') {
    throw new JobInputError('the job names no alias (JobCertificate.Alias) to remove');
  }
  const location = storeLocationOf(config.CertificateStoreDetails, context.rootDir);
  const store = context.openStore(location);
  try {
    await store.remove(alias);
  } catch (error) {
    // Already gone, e.g. a job delivered again after the agent died before completing it.
    if (!isStoreError(error, 'ENTRY_NOT_FOUND')) throw error;
    const after = await inventoryAfter(store, config);
    return {
      ...outcome(
        'Remove',
        `${site}: certificate ${alias} is not in the store; nothing removed`,
        [],
        after,
      ),
      status: JobCompletionStatus.Warning,
    };
  }
  const files = context.resolveStoreFiles(location);
  const hooks = await runHooks(context, config.CertificateStoreDetails.StorePath, {
    operation: 'Remove',
    storeFile: files.storeFile,
    keyFile: files.keyFile,
    thumbprint: alias,
  });
  const after = await inventoryAfter(store, config);
  return outcome('Remove', `${site}: ${removedMessage(alias)}`, hooks, after);
}

/** The DER certificates (leaf first) and PKCS#8 key a job carries. */
export function decodeJobCertificate(certificate: ManagementJobConfiguration['JobCertificate']): {
  certificates: Uint8Array[];
  privateKey?: Uint8Array;
} {
  const contents = certificate.Contents.replace(/\s+/g, '');
  if (contents === '') {
    throw new JobInputError('the job carries no certificate (JobCertificate.Contents is empty)');
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(contents)) {
    throw new JobInputError('JobCertificate.Contents is not base64');
  }
  const der = new Uint8Array(Buffer.from(contents, 'base64'));
  // A password means a PKCS#12 with the key (renew-reference 4.3); none, a bare DER certificate.
  if (certificate.PrivateKeyPassword !== '') {
    const pkcs12 = parsePkcs12(der, certificate.PrivateKeyPassword);
    if (pkcs12.certificates.length === 0) {
      throw new JobInputError("the job's PKCS#12 holds no certificate");
    }
    return {
      certificates: pkcs12.certificates,
      ...(pkcs12.privateKey ? { privateKey: pkcs12.privateKey } : {}),
    };
  }
  return { certificates: [readCertificate(der).der] };
}

async function runHooks(
  context: JobContext,
  storePath: string,
  facts: Omit<HookContext, 'jobId' | 'storePath'>,
): Promise<HookResult[]> {
  const results: HookResult[] = [];
  for (const hook of hooksForStore(context.hooks, storePath)) {
    const env = hookEnvironment(context.environment, { ...facts, jobId: context.jobId, storePath });
    results.push(await context.runHook(hook, env));
  }
  return results;
}

interface InventoryAfter {
  entries?: Awaited<ReturnType<StoreAccess['inventory']>>;
  items?: InventoryItem[];
  /** Why the store could not be read back. */
  problem?: string;
}

/** The store's content after the job, reported with every management job's completion. */
async function inventoryAfter(
  store: StoreAccess,
  config: ManagementJobConfiguration,
): Promise<InventoryAfter> {
  try {
    const entries = await store.inventory();
    return { entries, items: inventoryItems(entries, config.LastInventory) };
  } catch (error) {
    const reason = describeJobError(error);
    if (reason === undefined) throw error;
    return { problem: reason };
  }
}

/** Success unless a hook failed or the store could not be read back: then a Warning, saying why. */
function outcome(
  operation: string,
  done: string,
  hooks: readonly HookResult[],
  after: InventoryAfter,
): JobOutcome {
  const unread =
    after.problem === undefined
      ? ''
      : `; Warning: the store could not be read back for inventory: ${after.problem}`;
  const clean = hooks.every((hook) => hook.ok) && after.problem === undefined;
  return {
    operation,
    status: clean ? JobCompletionStatus.Success : JobCompletionStatus.Warning,
    message: `${done}${hooksMessage(hooks)}${unread}`,
    ...(after.items ? { inventory: after.items } : {}),
  };
}
