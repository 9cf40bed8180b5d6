import { type InventoryJobConfiguration, JobCompletionStatus } from '@certlab/contracts';
import { countByStatus, inventoryItems } from './inventory-items';
import { type JobContext, type JobOutcome } from './job-context';
import { describeJobError, failureMessage, inventoryMessage, siteOf } from './job-messages';
import { storeLocationOf } from './store-location';

type InventoryRequest = Pick<
  InventoryJobConfiguration,
  'CertificateStoreDetails' | 'LastInventory'
>;

/**
 * Inventory: read the store and report every entry, marked against what the server last knew.
 * Reading never changes the store; a store that cannot be read is a Failure with the reason.
 */
export async function runInventoryJob(
  config: InventoryRequest,
  context: JobContext,
): Promise<JobOutcome> {
  const site = siteOf(config.CertificateStoreDetails, context.clientMachine);
  try {
    const store = context.openStore(
      storeLocationOf(config.CertificateStoreDetails, context.rootDir),
    );
    const items = inventoryItems(await store.inventory(), config.LastInventory);
    return {
      operation: 'Inventory',
      status: JobCompletionStatus.Success,
      message: `${site}: ${inventoryMessage(countByStatus(items))}`,
      inventory: items,
    };
  } catch (error) {
    const reason = describeJobError(error);
    if (reason === undefined) throw error;
    return {
      operation: 'Inventory',
      status: JobCompletionStatus.Failure,
      message: failureMessage(site, reason),
    };
  }
}
