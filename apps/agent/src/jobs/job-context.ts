import { type JobCompletionStatus, type InventoryItem } from '@certlab/contracts';
import { type ServerTimeReading } from '../client/server-time';
import { type HookResult, type PostDeployHook } from '../hooks/post-deploy-hooks';
import { type StoreLocation } from '../stores';

/** A certificate of a store entry, as inventory needs it (a `Certificate` of @certlab/pki fits). */
export interface EntryCertificate {
  readonly pem: string;
  readonly thumbprint: string;
}

/** One entry of a store, as `PemStore.inventory()` lists it. */
export interface StoreEntryView {
  alias: string;
  thumbprint: string;
  certificates: readonly EntryCertificate[];
  privateKeyEntry: boolean;
}

/** The part of `PemStore` the job handlers use; the composition root passes the real one. */
export interface StoreAccess {
  inventory(): Promise<StoreEntryView[]>;
  add(
    entry: { certificates: Uint8Array[]; privateKey?: Uint8Array },
    options: { overwrite: boolean; expectedThumbprint?: string },
  ): Promise<{ thumbprint: string; storeFile: string; keyFile: string | null }>;
  remove(alias: string): Promise<void>;
}

/** What every handler is given besides the job: the agent's side of things. */
export interface JobContext {
  jobId: string;
  /** The agent's root: every store path resolves inside it. */
  rootDir: string;
  /** The agent's own name, for messages when a job's store details leave ClientMachine empty. */
  clientMachine: string;
  hooks: readonly PostDeployHook[];
  openStore: (location: StoreLocation) => StoreAccess;
  resolveStoreFiles: (location: StoreLocation) => { storeFile: string; keyFile: string | null };
  runHook: (hook: PostDeployHook, env: Record<string, string>) => Promise<HookResult>;
  /** The agent's environment, which hooks inherit (less the agent's own settings). */
  environment: Readonly<Record<string, string | undefined>>;
  /** The server's now (its `X-Certlab-Time`), by which a delivered certificate must be valid. */
  serverNow: () => ServerTimeReading;
}

export type JobStatus = (typeof JobCompletionStatus)[keyof typeof JobCompletionStatus];

/** What a handler reports: the completion's Status, Message and Inventory, and a name for the log. */
export interface JobOutcome {
  /** `Add`, `Remove`, `Inventory`, ... */
  operation: string;
  status: JobStatus;
  message: string;
  inventory?: InventoryItem[];
}
