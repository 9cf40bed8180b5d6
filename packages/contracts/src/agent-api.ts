import { z } from 'zod';
import { GUID_PATTERN } from './cms-api';

/**
 * The orchestrator (agent) protocol under `/KeyfactorAgents`, modelled on Keyfactor's C-agent and
 * Universal Orchestrator (renew-reference.md 4.2, 4.3): register for a session, poll for jobs,
 * fetch a job's configuration (which claims it under a lease), report completion. Every call is a
 * JSON POST with Basic credentials of an `agent` user and, after registration, the session token.
 * PascalCase on the wire, as the vendor's.
 */

export const AGENT_API_PREFIX = '/KeyfactorAgents';

/** `Result.Status` of every agent API answer. */
export const AgentResultStatus = { Unknown: 0, Success: 1, Warning: 2, Error: 3 } as const;

/** Agent status as `/KeyfactorAPI/Agents` shows it: New agents run nothing until approved. */
export const AGENT_STATUSES = ['New', 'Approved', 'Disapproved'] as const;
export type AgentStatusName = (typeof AGENT_STATUSES)[number];

/** Capabilities a certlab agent announces (`CertStores.<ShortName>.<JobType>`). */
export const PEM_CAPABILITIES = [
  'CertStores.RFPEM.Inventory',
  'CertStores.RFPEM.Management',
] as const;

const SessionToken = z.string().min(16).max(256);
const JobId = z.string().regex(GUID_PATTERN, 'must be a GUID');

export const RegisterRequestSchema = z.object({
  ClientMachine: z.string().min(1).max(255),
  AgentPlatform: z.number().int().min(0).max(5).default(5),
  Capabilities: z.array(z.string().max(128)).max(64).default([]),
  AgentVersion: z.string().max(64),
  AgentId: z.string().regex(GUID_PATTERN).optional(),
});
export type RegisterRequest = z.input<typeof RegisterRequestSchema>;

export interface AgentResult {
  Status: number;
  Error?: { Code: string; Message: string };
}

/** One job as the session's job list names it; the agent follows the endpoints it is given. */
export interface AgentJobReference {
  JobId: string;
  /** `Management` or `Inventory`. */
  JobType: 'Management' | 'Inventory';
  Capability: string;
  ConfigurationEndpoint: string;
  CompletionEndpoint: string;
  Priority: number;
}

export interface RegisterResponse {
  Result: AgentResult;
  Session: {
    Token: string;
    AgentId: string;
    ClientMachine: string;
    Status: AgentStatusName;
    /** Minutes, as the vendor counts them; certlab agents also accept fractions. */
    HeartbeatInterval: number;
    Jobs: AgentJobReference[];
  };
}

export const SessionRequestSchema = z.object({ SessionToken: SessionToken });
export type SessionRequest = z.input<typeof SessionRequestSchema>;

export const PollRequestSchema = z.object({
  SessionToken: SessionToken,
  /** Long poll: the server answers as soon as a job is ready, or after this many seconds. */
  WaitSeconds: z.number().int().min(0).max(30).default(0),
});
export type PollRequest = z.input<typeof PollRequestSchema>;

export interface PollResponse {
  Result: AgentResult;
  Status: AgentStatusName;
  SessionValid: boolean;
  HeartbeatInterval: number;
  Jobs: AgentJobReference[];
}

export const JobRequestSchema = z.object({ SessionToken: SessionToken, JobId: JobId });
export type JobRequest = z.input<typeof JobRequestSchema>;

/** Store details as a job carries them; `Properties` is a JSON string of string values (RFPEM). */
export interface CertificateStoreDetails {
  ClientMachine: string;
  StorePath: string;
  StorePassword: string | null;
  /** e.g. `{"IncludesChain":"true","SeparatePrivateKeyFilePath":"/etc/ssl/private/app.key"}` */
  Properties: string;
  Type: string;
}

/** What the agent last reported about the store, so it can compute ItemStatus. */
export interface InventoryItemSnapshot {
  Alias: string;
  PrivateKeyEntry: boolean;
  Thumbprints: string[];
}

export interface ManagementJobConfiguration {
  Result: AgentResult;
  JobId: string;
  JobCancelled: boolean;
  /** 1 Inventory, 2 Add, 3 Remove (ManagementOperationType). */
  OperationType: number;
  Overwrite: boolean;
  JobCertificate: {
    Thumbprint: string;
    /** Base64 PKCS#12 protected by PrivateKeyPassword (with the key and chain), or base64 DER. */
    Contents: string;
    Alias: string;
    /** Random per job; never stored by the server, never logged by the agent. */
    PrivateKeyPassword: string;
  };
  CertificateStoreDetails: CertificateStoreDetails;
  LastInventory: InventoryItemSnapshot[];
  /** Seconds the claim lasts; completion after that may find the job given to another attempt. */
  LeaseSeconds: number;
}

export interface InventoryJobConfiguration {
  Result: AgentResult;
  JobId: string;
  JobCancelled: boolean;
  CertificateStoreDetails: CertificateStoreDetails;
  LastInventory: InventoryItemSnapshot[];
  LeaseSeconds: number;
}

/** Job results: the vendor's numbers. */
export const JobCompletionStatus = { Success: 2, Warning: 3, Failure: 4 } as const;

/** ItemStatus of an inventory item (renew-reference 4.2). */
export const InventoryItemStatus = { Added: 1, Modified: 2, Removed: 3, Unchanged: 4 } as const;

export const InventoryItemSchema = z.object({
  Alias: z.string().max(255),
  PrivateKeyEntry: z.boolean(),
  ItemStatus: z.number().int().min(1).max(4),
  UseChainLevel: z.boolean().default(false),
  /** PEM certificates, leaf first. */
  Certificates: z.array(z.string().max(16_384)).max(16),
});
export type InventoryItem = z.input<typeof InventoryItemSchema>;

export const CompleteJobRequestSchema = z.object({
  SessionToken: SessionToken,
  JobId: JobId,
  Status: z.union([z.literal(2), z.literal(3), z.literal(4)]),
  Message: z.string().max(8192).default(''),
  /** The store's content after the job, for Inventory jobs and (optionally) after a Management job. */
  Inventory: z.array(InventoryItemSchema).max(1000).optional(),
});
export type CompleteJobRequest = z.input<typeof CompleteJobRequestSchema>;

export interface CompleteJobResponse {
  Result: AgentResult;
}
