import { type CampaignItemState, type RequestStatus } from '@certlab/contracts';
import { type AuditQuery, type CertificateListQuery, type JobListQuery } from './endpoints';

/*
 * TanStack Query keys, one place. Keys are arrays whose first elements name the area, so a live
 * event can make a whole area stale by prefix (`['certificates']`) or one thing exactly
 * (`['certificates', 'detail', 7]`).
 */

export const queryKeys = {
  session: ['session'] as const,
  clock: ['clock'] as const,
  dashboard: ['dashboard'] as const,
  authorities: ['reference', 'authorities'] as const,
  templates: ['reference', 'templates'] as const,
  metadataFields: ['reference', 'metadata-fields'] as const,

  certificates: ['certificates'] as const,
  certificateLists: ['certificates', 'list'] as const,
  certificateList: (query: CertificateListQuery) => ['certificates', 'list', query] as const,
  certificate: (id: number) => ['certificates', 'detail', id] as const,
  certificateDetails: ['certificates', 'detail'] as const,
  timeline: (id: number) => ['certificates', 'timeline', id] as const,
  timelines: ['certificates', 'timeline'] as const,
  diff: (id: number) => ['certificates', 'diff', id] as const,

  jobs: ['jobs'] as const,
  jobList: (query: JobListQuery) => ['jobs', query] as const,

  machines: ['machines'] as const,
  stores: ['stores'] as const,
  store: (id: string) => ['stores', id] as const,

  requests: ['requests'] as const,
  requestList: (status: RequestStatus | null, page: number) =>
    ['requests', status ?? 'all', page] as const,
  pendingRenewalsOf: (certificateId: number) => ['requests', 'pending-of', certificateId] as const,

  campaigns: ['campaigns'] as const,
  campaignArea: ['campaign'] as const,
  campaign: (id: number) => ['campaign', id] as const,
  campaignView: (id: number) => ['campaign', id, 'view'] as const,
  campaignPlan: (id: number, page: number) => ['campaign', id, 'plan', page] as const,
  campaignItems: (id: number, state: CampaignItemState | null, page: number) =>
    ['campaign', id, 'items', state ?? 'all', page] as const,

  collections: ['collections'] as const,
  collectionCount: (query: string) => ['collections', 'count', query] as const,
  alertsArea: ['alerts'] as const,
  alerts: ['alerts', 'list'] as const,
  alert: (id: number) => ['alerts', 'detail', id] as const,
  alertSchedule: ['alerts', 'schedule'] as const,
  alertRuns: (alertId: number) => ['alerts', 'runs', alertId] as const,
  alertRun: (runId: number) => ['alerts', 'run', runId] as const,
  notifications: ['notifications'] as const,
  notificationPage: (page: number) => ['notifications', page] as const,

  audit: ['audit'] as const,
  auditLists: ['audit', 'list'] as const,
  auditList: (query: AuditQuery) => ['audit', 'list', query] as const,
  auditFacets: ['audit', 'facets'] as const,
  auditChain: ['audit', 'chain'] as const,
};

export type QueryKey = readonly unknown[];
