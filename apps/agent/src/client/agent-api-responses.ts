import { z } from 'zod';
import {
  AGENT_STATUSES,
  type AgentJobReference,
  type AgentResult,
  type CertificateStoreDetails,
  type CompleteJobResponse,
  type InventoryItemSnapshot,
  type InventoryJobConfiguration,
  type ManagementJobConfiguration,
  type PollResponse,
  type RegisterResponse,
} from '@certlab/contracts';

/**
 * Runtime checks of the server's answers. The contracts describe responses as interfaces only;
 * these schemas check what the agent reads before it acts on it (a proxy's HTML page or an older
 * server must fail here, not as `undefined` deep in a job) and fill the vendor's habitual nulls.
 * Each is declared as a `ZodType` of the contract's interface, so the two cannot drift apart
 * without the compiler noticing. Unknown fields pass through untouched.
 */

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

const ResultSchema: z.ZodType<AgentResult> = z.looseObject({
  Status: z.number(),
  Error: z
    .looseObject({ Code: z.coerce.string(), Message: text })
    .nullish()
    .transform((value) => value ?? undefined),
});

const JobReferenceSchema = z.looseObject({
  JobId: z.string().min(1),
  // Not the contract's enum: a job type this agent does not know is reported, not a broken session.
  JobType: z.string().min(1) as unknown as z.ZodType<AgentJobReference['JobType']>,
  Capability: text,
  ConfigurationEndpoint: z.string().min(1),
  CompletionEndpoint: z.string().min(1),
  Priority: z
    .number()
    .nullish()
    .transform((value) => value ?? 0),
}) satisfies z.ZodType<AgentJobReference>;

const jobList = z
  .array(JobReferenceSchema)
  .nullish()
  .transform((jobs) => jobs ?? []);

const StatusSchema = z.enum(AGENT_STATUSES);

/** The vendor's agent assumes 5 minutes when the interval is missing (renew-reference 4.2). */
const heartbeat = z
  .number()
  .positive()
  .nullish()
  .transform((minutes) => minutes ?? 5);

export const RegisterResponseSchema: z.ZodType<RegisterResponse> = z.looseObject({
  Result: ResultSchema,
  Session: z.looseObject({
    Token: z.string().min(1),
    AgentId: z.string().min(1),
    ClientMachine: text,
    Status: StatusSchema,
    HeartbeatInterval: heartbeat,
    Jobs: jobList,
  }),
});

export const PollResponseSchema: z.ZodType<PollResponse> = z.looseObject({
  Result: ResultSchema,
  Status: StatusSchema,
  SessionValid: z.boolean(),
  HeartbeatInterval: heartbeat,
  Jobs: jobList,
});

const StoreDetailsSchema: z.ZodType<CertificateStoreDetails> = z.looseObject({
  ClientMachine: text,
  StorePath: z.string().min(1),
  StorePassword: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
  // A JSON string on the wire (RFPEM); an object is tolerated and re-serialised.
  Properties: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .nullish()
    .transform((value) =>
      value === null || value === undefined
        ? '{}'
        : typeof value === 'string'
          ? value
          : JSON.stringify(value),
    ),
  Type: z.coerce.string(),
});

const SnapshotSchema: z.ZodType<InventoryItemSnapshot> = z.looseObject({
  Alias: z.string(),
  PrivateKeyEntry: z.boolean(),
  Thumbprints: z.array(z.string()),
});

const lastInventory = z
  .array(SnapshotSchema)
  .nullish()
  .transform((items) => items ?? []);

const leaseSeconds = z
  .number()
  .nullish()
  .transform((seconds) => seconds ?? 0);

export const ManagementJobConfigurationSchema: z.ZodType<ManagementJobConfiguration> =
  z.looseObject({
    Result: ResultSchema,
    JobId: z.string().min(1),
    JobCancelled: z
      .boolean()
      .nullish()
      .transform((value) => value ?? false),
    OperationType: z.number().int(),
    Overwrite: z
      .boolean()
      .nullish()
      .transform((value) => value ?? false),
    // A Remove carries only the alias; an Add without Contents fails in the handler, with a message.
    JobCertificate: z
      .looseObject({
        Thumbprint: text,
        Contents: text,
        Alias: text,
        PrivateKeyPassword: text,
      })
      .nullish()
      .transform(
        (value) => value ?? { Thumbprint: '', Contents: '', Alias: '', PrivateKeyPassword: '' },
      ),
    CertificateStoreDetails: StoreDetailsSchema,
    LastInventory: lastInventory,
    LeaseSeconds: leaseSeconds,
  });

export const InventoryJobConfigurationSchema: z.ZodType<InventoryJobConfiguration> = z.looseObject({
  Result: ResultSchema,
  JobId: z.string().min(1),
  JobCancelled: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
  CertificateStoreDetails: StoreDetailsSchema,
  LastInventory: lastInventory,
  LeaseSeconds: leaseSeconds,
});

export const CompleteJobResponseSchema: z.ZodType<CompleteJobResponse> = z.looseObject({
  Result: ResultSchema,
});

/** The server's error body (`{ErrorCode, Message}`), when it sent one. */
export const ErrorBodySchema = z.looseObject({
  ErrorCode: z.coerce.string().optional(),
  Message: z.string().optional(),
});
