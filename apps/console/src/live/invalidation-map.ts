import { type LiveEvent } from '@certlab/contracts';
import { queryKeys, type QueryKey } from '../api/keys';

/*
 * Which cached queries each live event makes stale (docs/console.md, "Live updates"). Events are
 * hints with ids; a burst arrives with `many: true` and no ids, and then the whole area goes.
 * The clock event carries the new clock itself, which the caller writes straight into the cache.
 */

export function staleKeysFor(event: LiveEvent): QueryKey[] {
  switch (event.type) {
    case 'jobs': {
      const keys: QueryKey[] = [queryKeys.jobs, queryKeys.dashboard, queryKeys.machines];
      if (event.many) {
        keys.push(queryKeys.stores, queryKeys.certificateDetails, queryKeys.timelines);
      } else {
        for (const id of event.storeIds) keys.push(queryKeys.store(id));
        for (const id of event.certificateIds)
          keys.push(queryKeys.certificate(id), queryKeys.timeline(id));
      }
      // A campaign's items are confirmed by their jobs.
      keys.push(queryKeys.campaignArea);
      return keys;
    }
    case 'certificates': {
      const keys: QueryKey[] = [
        queryKeys.certificateLists,
        queryKeys.dashboard,
        queryKeys.authorities,
        queryKeys.stores,
      ];
      if (event.many) keys.push(queryKeys.certificateDetails, queryKeys.timelines);
      else for (const id of event.ids) keys.push(queryKeys.certificate(id), queryKeys.timeline(id));
      return keys;
    }
    case 'requests':
      return [queryKeys.requests, queryKeys.dashboard, queryKeys.timelines];
    case 'campaign':
      return [
        queryKeys.campaigns,
        ...(event.many ? [queryKeys.campaignArea] : event.ids.map((id) => queryKeys.campaign(id))),
      ];
    case 'clock':
      // States (valid, expiring, expired) and "online" are measured on the lab clock.
      return [
        queryKeys.dashboard,
        queryKeys.certificateLists,
        queryKeys.certificateDetails,
        queryKeys.machines,
        queryKeys.stores,
      ];
    case 'alerts':
      return [queryKeys.alertsArea, queryKeys.notifications, queryKeys.collections];
    case 'agents':
      return [queryKeys.machines, queryKeys.dashboard, queryKeys.stores];
    case 'audit':
      return [queryKeys.auditLists, queryKeys.auditFacets];
  }
}

/** True when `key` starts with every element of `prefix` (TanStack's prefix matching). */
export function keyStartsWith(key: QueryKey, prefix: QueryKey): boolean {
  return (
    prefix.length <= key.length &&
    prefix.every((part, index) => JSON.stringify(part) === JSON.stringify(key[index]))
  );
}

/** Drops keys another key of the list already covers (`['certificates']` covers its details). */
export function withoutCovered(keys: readonly QueryKey[]): QueryKey[] {
  const unique = [...new Map(keys.map((key) => [JSON.stringify(key), key])).values()];
  return unique.filter(
    (key) =>
      !unique.some(
        (other) => other !== key && other.length < key.length && keyStartsWith(key, other),
      ),
  );
}
