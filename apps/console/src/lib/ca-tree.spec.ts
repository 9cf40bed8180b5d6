import { AUTHORITIES } from '../test-support/fixtures';
import { authorityTree } from './ca-tree';

describe('CA tree', () => {
  it('puts each issuing CA under its root, both PKIs side by side', () => {
    const tree = authorityTree([...AUTHORITIES].reverse());
    expect(tree.map((node) => node.authority.configName)).toEqual([
      'root.cherry.lab\\cherry-Root-EC',
      'root.jdk.com\\jdk-Root',
    ]);
    expect(tree[1]?.children.map((node) => node.authority.configName)).toEqual([
      'CA1.jdk.com\\jdk-CA1',
    ]);
  });

  it('shows a CA whose parent is missing as a root', () => {
    const orphan = AUTHORITIES.filter((authority) => authority.id === 2);
    expect(authorityTree(orphan).map((node) => node.authority.id)).toEqual([2]);
  });
});
