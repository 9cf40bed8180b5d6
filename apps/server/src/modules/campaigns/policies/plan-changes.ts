import { type CampaignChange } from '@certlab/contracts';

/*
 * What a campaign changes besides the issuer, over every item that will move: key algorithm,
 * extended key usages and validity (the old template's against the new one's), the chain, and
 * the subject alternative names, which a renewal keeps (said with 0 items, so people see it was
 * considered). Pure: the items come grouped by what decides these, a handful of rows for any size.
 */

/** Movable items that share their old key algorithm, old and new template and old CA. */
export interface MovableGroup {
  oldKeyAlgorithm: string;
  oldTemplateId: number | null;
  newTemplateId: number | null;
  oldAuthorityId: number | null;
  items: number;
}

export interface ChangeTemplate {
  keyAlgorithm: string;
  extendedKeyUsages: readonly string[];
  validityDays: number;
}

export interface ChangeFacts {
  groups: readonly MovableGroup[];
  templates: ReadonlyMap<number, ChangeTemplate>;
  /** Subjects from the issuing CA up to the root, by CA id. */
  chains: ReadonlyMap<number, readonly string[]>;
  targetAuthorityId: number;
}

const NONE = '(none)';

export function planChanges(facts: ChangeFacts): CampaignChange[] {
  const template = (id: number | null) => (id === null ? undefined : facts.templates.get(id));
  const ekus = (id: number | null) => {
    const usages = template(id)?.extendedKeyUsages;
    return usages ? [...usages].sort().join(', ') || NONE : NONE;
  };
  const chain = (id: number | null) =>
    (id === null ? undefined : facts.chains.get(id))?.join(' → ') || NONE;
  const days = (id: number | null) => {
    const validity = template(id)?.validityDays;
    return validity === undefined ? NONE : `${validity} days`;
  };
  const fields: [string, (group: MovableGroup) => [string, string]][] = [
    [
      'keyAlgorithm',
      (g) => [g.oldKeyAlgorithm || NONE, template(g.newTemplateId)?.keyAlgorithm ?? NONE],
    ],
    ['extendedKeyUsages', (g) => [ekus(g.oldTemplateId), ekus(g.newTemplateId)]],
    ['validityDays', (g) => [days(g.oldTemplateId), days(g.newTemplateId)]],
    ['subjectAltNames', () => ['', '']],
    ['chain', (g) => [chain(g.oldAuthorityId), chain(facts.targetAuthorityId)]],
  ];
  return fields.map(([field, fromTo]) => change(field, facts.groups, fromTo));
}

function change(
  field: string,
  groups: readonly MovableGroup[],
  fromTo: (group: MovableGroup) => [string, string],
): CampaignChange {
  const transitions = new Map<string, { from: string; to: string; items: number }>();
  for (const group of groups) {
    const [from, to] = fromTo(group);
    if (from === to) continue;
    const key = JSON.stringify([from, to]);
    const transition = transitions.get(key) ?? { from, to, items: 0 };
    transition.items += group.items;
    transitions.set(key, transition);
  }
  const sorted = [...transitions.values()].sort(
    (a, b) => b.items - a.items || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
  return { field, items: sorted.reduce((sum, t) => sum + t.items, 0), transitions: sorted };
}
