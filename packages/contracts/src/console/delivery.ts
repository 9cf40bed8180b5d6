import { z } from 'zod';
import { type AgentStatusName } from '../agent-api';
import { isoInstant, limitParam, pageParam } from './params';
import { type CertificateState } from './certificates';

/* Where certificates live and what moves them there: machines, agents, stores, jobs. */

/** Seen within this long counts as online (an agent long-polls, so it calls at least this often). */
export const AGENT_ONLINE_WITHIN_SECONDS = 300;

export interface AgentView {
  id: string;
  clientMachine: string;
  status: AgentStatusName;
  version: string | null;
  capabilities: string[];
  /** Lab clock time of the agent's last call; null when it never called. */
  lastSeen: string | null;
  online: boolean;
  createdAt: string;
}

export interface StoreView {
  id: string;
  clientMachine: string;
  storePath: string;
  /** `<ClientMachine>-<StorePath>`, as the classic API names stores. */
  displayName: string;
  storeType: string;
  properties: Record<string, string>;
  isTrustStore: boolean;
  approved: boolean;
  agentId: string | null;
  /** Certificates certlab believes the store holds. */
  certificateCount: number;
}

/** `GET /api/machines`: each ClientMachine with its agent and stores. */
export interface MachineView {
  clientMachine: string;
  agent: AgentView | null;
  stores: StoreView[];
}

/** One certificate in a store, as certlab's inventory records it. */
export interface StoreInventoryEntry {
  alias: string;
  certificateId: number;
  commonName: string | null;
  subject: string;
  thumbprint: string;
  keyAlgorithm: string;
  notAfter: string;
  state: CertificateState;
  issuer: string;
  /** certlab delivered it with its private key. */
  hasPrivateKey: boolean;
}

/** `GET /api/stores/{id}`. */
export interface StoreDetail extends StoreView {
  agent: AgentView | null;
  inventory: StoreInventoryEntry[];
}

/** `POST /api/stores/{id}/inventory`: one inventory job, now or at a later time. */
export const InventoryScheduleRequestSchema = z.strictObject({
  at: isoInstant('at').optional(),
});
export type InventoryScheduleRequest = z.input<typeof InventoryScheduleRequestSchema>;

export const JOB_STATUSES = ['Pending', 'InProcess', 'Succeeded', 'Warning', 'Failed'] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

export const JOB_OPERATIONS = ['Inventory', 'Add', 'Remove'] as const;
export type JobOperation = (typeof JOB_OPERATIONS)[number];

export interface JobView {
  id: string;
  storeId: string;
  clientMachine: string;
  storePath: string;
  storeName: string;
  jobType: string;
  operation: JobOperation;
  certificateId: number | null;
  alias: string | null;
  status: JobStatusName;
  attempts: number;
  requestId: number | null;
  requestedBy: string;
  createdAt: string;
  scheduledFor: string;
  claimedAt: string | null;
  completedAt: string | null;
  /** The agent's message (what it wrote and verified, or why it failed). */
  resultMessage: string | null;
}

/** `GET /api/jobs`: newest first. */
export const JobListQuerySchema = z.strictObject({
  storeId: z.string().max(64).optional(),
  certificateId: z.coerce.number().int().min(1).optional(),
  requestId: z.coerce.number().int().min(1).optional(),
  status: z.enum(JOB_STATUSES).optional(),
  page: pageParam,
  limit: limitParam(25, 200),
});
export type JobListQuery = z.input<typeof JobListQuerySchema>;
