import { type AuthorityView } from '@certlab/contracts';

/* The CA hierarchy as a tree (roots first, each CA under its parent), from the flat list. */

export interface AuthorityNode {
  authority: AuthorityView;
  children: AuthorityNode[];
}

export function authorityTree(authorities: readonly AuthorityView[]): AuthorityNode[] {
  const nodes = new Map<number, AuthorityNode>();
  for (const authority of authorities) nodes.set(authority.id, { authority, children: [] });
  const roots: AuthorityNode[] = [];
  for (const node of nodes.values()) {
    const parent =
      node.authority.parentId === null ? undefined : nodes.get(node.authority.parentId);
    // A CA whose parent is not in the list still shows, as a root of its own.
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const byName = (a: AuthorityNode, b: AuthorityNode) =>
    a.authority.configName.localeCompare(b.authority.configName);
  const sortDeep = (list: AuthorityNode[]) => {
    list.sort(byName);
    for (const node of list) sortDeep(node.children);
  };
  sortDeep(roots);
  return roots;
}
