import {
  InventoryItemStatus,
  type InventoryItem,
  type InventoryItemSnapshot,
} from '@certlab/contracts';
import { type StoreEntryView } from './job-context';

/**
 * The inventory a job reports: every entry now in the store, each marked against what the server
 * last knew (`LastInventory`): Added (alias unknown before), Modified (other certificates, or the
 * key came or went), Unchanged; and every alias it knew that is gone, as Removed with no
 * certificates. Aliases compare case-insensitively (PEM store aliases are thumbprints, hex), and
 * thumbprints as sets (a chain reordered is not a change; one certificate more or less is).
 */
export function inventoryItems(
  entries: readonly StoreEntryView[],
  lastInventory: readonly InventoryItemSnapshot[],
): InventoryItem[] {
  const unmatched = [...lastInventory];
  const items: InventoryItem[] = entries.map((entry) => {
    const index = unmatched.findIndex((known) => sameAlias(known.Alias, entry.alias));
    const known = index >= 0 ? unmatched.splice(index, 1)[0] : undefined;
    const thumbprints = entry.certificates.map((certificate) => certificate.thumbprint);
    let status: number = InventoryItemStatus.Added;
    if (known) {
      status =
        known.PrivateKeyEntry === entry.privateKeyEntry &&
        sameThumbprints(known.Thumbprints, thumbprints)
          ? InventoryItemStatus.Unchanged
          : InventoryItemStatus.Modified;
    }
    return {
      Alias: entry.alias,
      PrivateKeyEntry: entry.privateKeyEntry,
      ItemStatus: status,
      UseChainLevel: false,
      Certificates: entry.certificates.map((certificate) => certificate.pem),
    };
  });
  for (const gone of unmatched) {
    items.push({
      Alias: gone.Alias,
      PrivateKeyEntry: gone.PrivateKeyEntry,
      ItemStatus: InventoryItemStatus.Removed,
      UseChainLevel: false,
      Certificates: [],
    });
  }
  return items;
}

/** How many items of each status, for the job message. */
export function countByStatus(items: readonly InventoryItem[]): {
  added: number;
  modified: number;
  removed: number;
  unchanged: number;
} {
  const count = (status: number) => items.filter((item) => item.ItemStatus === status).length;
  return {
    added: count(InventoryItemStatus.Added),
    modified: count(InventoryItemStatus.Modified),
    removed: count(InventoryItemStatus.Removed),
    unchanged: count(InventoryItemStatus.Unchanged),
  };
}

function sameAlias(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

function normalizeThumbprint(thumbprint: string): string {
  return thumbprint.replace(/[\s:-]/g, '').toUpperCase();
}

function sameThumbprints(known: readonly string[], current: readonly string[]): boolean {
  const a = new Set(known.map(normalizeThumbprint));
  const b = new Set(current.map(normalizeThumbprint));
  return a.size === b.size && [...a].every((thumbprint) => b.has(thumbprint));
}
