import { InventoryItemStatus } from '@certlab/contracts';
import { countByStatus, inventoryItems } from './inventory-items';
import { type StoreEntryView } from './job-context';

const A = 'A'.repeat(40);
const B = 'B'.repeat(40);
const ISSUING = 'C'.repeat(40);
const ROOT = 'D'.repeat(40);

/** A store entry whose certificates are stand-ins: only `pem` and `thumbprint` matter here. */
function entry(thumbprints: string[], privateKeyEntry = true): StoreEntryView {
  return {
    alias: thumbprints[0]!,
    thumbprint: thumbprints[0]!,
    privateKeyEntry,
    certificates: thumbprints.map((thumbprint) => ({ thumbprint, pem: `PEM(${thumbprint})` })),
  };
}

describe('inventoryItems', () => {
  it('marks an alias the server did not know as Added, with the PEM chain leaf first', () => {
    expect(inventoryItems([entry([A, ISSUING, ROOT])], [])).toEqual([
      {
        Alias: A,
        PrivateKeyEntry: true,
        ItemStatus: InventoryItemStatus.Added,
        UseChainLevel: false,
        Certificates: [`PEM(${A})`, `PEM(${ISSUING})`, `PEM(${ROOT})`],
      },
    ]);
  });

  it('marks the same certificates under the same alias as Unchanged, whatever their order or case', () => {
    const [item] = inventoryItems(
      [entry([A, ISSUING])],
      [{ Alias: A.toLowerCase(), PrivateKeyEntry: true, Thumbprints: [ISSUING, A.toLowerCase()] }],
    );

    expect(item?.ItemStatus).toBe(InventoryItemStatus.Unchanged);
  });

  it('accepts thumbprints written with colons', () => {
    const colons = A.match(/../g)!.join(':');
    const [item] = inventoryItems(
      [entry([A])],
      [{ Alias: A, PrivateKeyEntry: true, Thumbprints: [colons] }],
    );

    expect(item?.ItemStatus).toBe(InventoryItemStatus.Unchanged);
  });

  it.each([
    ['a chain certificate more', [A, ISSUING], true, [A]],
    ['a chain certificate less', [A], true, [A, ISSUING]],
    ['the key gone', [A], false, [A]],
  ])('marks %s as Modified', (_label, now, hasKey, before) => {
    const [item] = inventoryItems(
      [entry(now, hasKey)],
      [{ Alias: A, PrivateKeyEntry: true, Thumbprints: before }],
    );

    expect(item?.ItemStatus).toBe(InventoryItemStatus.Modified);
  });

  it('reports a renewal in a PEM store as the new alias Added and the old one Removed', () => {
    const items = inventoryItems(
      [entry([B])],
      [{ Alias: A, PrivateKeyEntry: true, Thumbprints: [A] }],
    );

    expect(items).toEqual([
      expect.objectContaining({ Alias: B, ItemStatus: InventoryItemStatus.Added }),
      {
        Alias: A,
        PrivateKeyEntry: true,
        ItemStatus: InventoryItemStatus.Removed,
        UseChainLevel: false,
        Certificates: [],
      },
    ]);
    expect(countByStatus(items)).toEqual({ added: 1, modified: 0, removed: 1, unchanged: 0 });
  });

  it('reports everything Removed for an emptied store, and nothing for an empty one', () => {
    const last = [
      { Alias: A, PrivateKeyEntry: false, Thumbprints: [A] },
      { Alias: B, PrivateKeyEntry: false, Thumbprints: [B] },
    ];

    expect(inventoryItems([], last).map((item) => [item.Alias, item.ItemStatus])).toEqual([
      [A, InventoryItemStatus.Removed],
      [B, InventoryItemStatus.Removed],
    ]);
    expect(inventoryItems([], [])).toEqual([]);
  });

  it('matches each known alias once: a duplicate in LastInventory is reported Removed', () => {
    const known = { Alias: A, PrivateKeyEntry: true, Thumbprints: [A] };
    const items = inventoryItems([entry([A])], [known, known]);

    expect(items.map((item) => item.ItemStatus)).toEqual([
      InventoryItemStatus.Unchanged,
      InventoryItemStatus.Removed,
    ]);
  });

  it('handles a trust store: one certificate-only entry per certificate', () => {
    const items = inventoryItems(
      [entry([A], false), entry([B], false), entry([ROOT], false)],
      [
        { Alias: A, PrivateKeyEntry: false, Thumbprints: [A] },
        { Alias: ISSUING, PrivateKeyEntry: false, Thumbprints: [ISSUING] },
      ],
    );

    expect(countByStatus(items)).toEqual({ added: 2, modified: 0, removed: 1, unchanged: 1 });
  });
});
