import {
  type AgentView,
  type AlertEvaluationRequest,
  type AlertInput,
  type AlertPreviewView,
  type AlertRunView,
  type AlertScheduleSpec,
  type AlertScheduleView,
  type AlertView,
  type AuditChainStatus,
  type AuditEventView,
  type AuditFacets,
  type AuditQuerySchema,
  type AuthorityView,
  type CampaignItemState,
  type CampaignItemView,
  type CampaignPlanView,
  type CampaignView,
  type CertificateDetail,
  type CertificateDiff,
  type CertificateDownloadFormat,
  type CertificateListQuerySchema,
  type CertificateSummary,
  type CollectionInput,
  type CollectionView,
  type CreateCampaignRequest,
  type DashboardView,
  type InventoryScheduleRequest,
  type JobListQuerySchema,
  type JobView,
  type LabClockCommandBody,
  type LabClockView,
  type MachineView,
  type MetadataFieldView,
  type NotificationView,
  type Page,
  type RenewalTimeline,
  type RenewRequest,
  type RenewResult,
  type RequestDecision,
  type RequestStatus,
  type RequestView,
  type RevokeRequest,
  type RevokeResult,
  type SessionView,
  type SignInRequest,
  type StoreDetail,
  type TemplateView,
} from '@certlab/contracts';
import { type z } from 'zod';
import { api, apiRequest, withQuery } from './client';

/** A query string as the caller writes it: the schema's parsed shape, every part optional. */
export type QueryOf<Schema extends z.ZodType> = Partial<z.output<Schema>>;
export type CertificateListQuery = QueryOf<typeof CertificateListQuerySchema>;
export type JobListQuery = QueryOf<typeof JobListQuerySchema>;
export type AuditQuery = QueryOf<typeof AuditQuerySchema>;

/* One typed function per route of the console dialect (docs/console.md, "The console dialect"). */

const id = (value: number | string) => encodeURIComponent(String(value));

// ---- session ----

export const signIn = (body: SignInRequest) =>
  apiRequest<SessionView>('/api/session', { method: 'POST', body, ignoreUnauthorized: true });
export const getSession = () =>
  apiRequest<SessionView>('/api/session', { ignoreUnauthorized: true });
export const signOut = () =>
  apiRequest<void>('/api/session', { method: 'DELETE', ignoreUnauthorized: true });

// ---- reference data and the dashboard ----

export const getDashboard = () => api.get<DashboardView>('/api/dashboard');
export const getAuthorities = () => api.get<AuthorityView[]>('/api/authorities');
export const getTemplates = () => api.get<TemplateView[]>('/api/templates');
export const getMetadataFields = () => api.get<MetadataFieldView[]>('/api/metadata-fields');

// ---- certificates ----

export const listCertificates = (query: CertificateListQuery, signal?: AbortSignal) =>
  api.get<Page<CertificateSummary>>('/api/certificates', { ...query }, signal);
export const getCertificate = (certificateId: number) =>
  api.get<CertificateDetail>(`/api/certificates/${id(certificateId)}`);
export const getTimeline = (certificateId: number) =>
  api.get<RenewalTimeline>(`/api/certificates/${id(certificateId)}/timeline`);
export const getDiff = (certificateId: number) =>
  api.get<CertificateDiff>(`/api/certificates/${id(certificateId)}/diff`);
export const renewCertificate = (certificateId: number, body: RenewRequest) =>
  api.post<RenewResult>(`/api/certificates/${id(certificateId)}/renew`, body);
export const revokeCertificate = (certificateId: number, body: RevokeRequest) =>
  api.post<RevokeResult>(`/api/certificates/${id(certificateId)}/revoke`, body);
/** A plain link: the browser downloads the file with the session cookie. */
export const downloadHref = (certificateId: number, format: CertificateDownloadFormat) =>
  withQuery(`/api/certificates/${id(certificateId)}/download`, { format });

// ---- delivery ----

export const listJobs = (query: JobListQuery) => api.get<Page<JobView>>('/api/jobs', { ...query });
export const getMachines = () => api.get<MachineView[]>('/api/machines');
export const getStore = (storeId: string) => api.get<StoreDetail>(`/api/stores/${id(storeId)}`);
export const scheduleInventory = (storeId: string, body: InventoryScheduleRequest) =>
  api.post<JobView>(`/api/stores/${id(storeId)}/inventory`, body);
export const approveAgent = (agentId: string) =>
  api.post<AgentView>(`/api/agents/${id(agentId)}/approve`);
export const disapproveAgent = (agentId: string) =>
  api.post<AgentView>(`/api/agents/${id(agentId)}/disapprove`);

// ---- approvals ----

export const listRequests = (status: RequestStatus | null, page: number, limit = 50) =>
  api.get<Page<RequestView>>('/api/requests', { status, page, limit });
export const approveRequest = (requestId: number) =>
  api.post<RequestDecision>(`/api/requests/${id(requestId)}/approve`);
export const denyRequest = (requestId: number, comment: string) =>
  api.post<RequestDecision>(`/api/requests/${id(requestId)}/deny`, { comment });

// ---- campaigns ----

/** The list; the server answers an array today, a page would be read the same. */
export const listCampaigns = async (): Promise<CampaignView[]> => {
  const answer = await api.get<CampaignView[] | Page<CampaignView>>('/api/campaigns');
  return Array.isArray(answer) ? answer : answer.items;
};
export const createCampaign = (body: CreateCampaignRequest) =>
  api.post<CampaignView>('/api/campaigns', body);
export const getCampaign = (campaignId: number) =>
  api.get<CampaignView>(`/api/campaigns/${id(campaignId)}`);
export const getCampaignPlan = (campaignId: number, page: number, limit: number) =>
  api.get<CampaignPlanView>(`/api/campaigns/${id(campaignId)}/plan`, { page, limit });
export const getCampaignItems = (
  campaignId: number,
  state: CampaignItemState | null,
  page: number,
  limit: number,
) =>
  api.get<Page<CampaignItemView>>(`/api/campaigns/${id(campaignId)}/items`, { state, page, limit });
export type CampaignAction = 'execute' | 'pause' | 'resume' | 'cancel';
export const campaignAction = (campaignId: number, action: CampaignAction) =>
  api.post<CampaignView>(`/api/campaigns/${id(campaignId)}/${action}`);

// ---- alerts ----

export const listCollections = () => api.get<CollectionView[]>('/api/collections');
export const createCollection = (body: CollectionInput) =>
  api.post<CollectionView>('/api/collections', body);
export const listAlerts = () => api.get<AlertView[]>('/api/alerts/expiration');
export const createAlert = (body: AlertInput) =>
  api.post<AlertView>('/api/alerts/expiration', body);
export const updateAlert = (alertId: number, body: AlertInput) =>
  api.put<AlertView>(`/api/alerts/expiration/${id(alertId)}`, body);
export const deleteAlert = (alertId: number) =>
  api.delete<void>(`/api/alerts/expiration/${id(alertId)}`);
export const getAlertSchedule = () => api.get<AlertScheduleView>('/api/alerts/expiration/schedule');
export const putAlertSchedule = (schedule: AlertScheduleSpec | null) =>
  api.put<AlertScheduleView>('/api/alerts/expiration/schedule', { schedule });
export const previewAlerts = (body: AlertEvaluationRequest) =>
  api.post<AlertPreviewView>('/api/alerts/expiration/preview', body);
export const runAlerts = (body: AlertEvaluationRequest) =>
  api.post<AlertRunView[]>('/api/alerts/expiration/run', body);
export const listAlertRuns = (alertId: number) =>
  api.get<AlertRunView[]>(`/api/alerts/expiration/${id(alertId)}/runs`);
export const listNotifications = (page: number, limit = 20) =>
  api.get<Page<NotificationView>>('/api/notifications', { page, limit });

// ---- audit ----

export const listAudit = (query: AuditQuery) =>
  api.get<Page<AuditEventView>>('/api/audit', { ...query });
export const getAuditFacets = () => api.get<AuditFacets>('/api/audit/facets');
export const getAuditChain = () => api.get<AuditChainStatus>('/api/audit/chain');

// ---- lab clock ----

export const getClock = () => api.get<LabClockView>('/api/lab/clock');
export const changeClock = (body: LabClockCommandBody) =>
  api.post<LabClockView>('/api/lab/clock', body);
