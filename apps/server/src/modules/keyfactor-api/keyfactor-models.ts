/*
 * Response models of the Keyfactor API subset: field names and JSON types as the vendor document's
 * schemas give them (test/fixtures/keyfactor-response-shapes.md). Only the fields certlab fills are
 * listed; the document requires none. Dates are ISO strings with `Z`; optional means "left out".
 */

export interface KeyfactorCertificateLocation {
  StoreMachine: string;
  StorePath: string;
  StoreType: number;
  Alias: string;
  ChainLevel: number;
  CertStoreId: string;
}

export interface KeyfactorCertificate {
  Id: number;
  Thumbprint: string;
  SerialNumber: string;
  IssuedDN: string | null;
  IssuedCN: string | null;
  IssuedOU: string | null;
  IssuedEmail: string | null;
  IssuerDN: string | null;
  ImportDate: string;
  NotBefore: string;
  NotAfter: string;
  TemplateId?: number;
  TemplateName?: string;
  CertificateAuthorityId?: number;
  CertificateAuthorityName?: string;
  CertState: number;
  CertStateString: string;
  KeyType: number;
  KeyTypeString: string;
  KeySizeInBits: number;
  Curve: string | null;
  KeyUsage: number;
  DetailedKeyUsage: Record<string, boolean | string>;
  SigningAlgorithm: string;
  RequesterName?: string;
  CertRequestId?: number;
  RevocationEffDate: string | null;
  RevocationReason: number | null;
  ArchivedKey: boolean;
  HasPrivateKey: boolean;
  KeyRecoverable: boolean;
  ContentBytes: string;
  ExtendedKeyUsages: { Id: number; Oid: string; DisplayName: string }[];
  SubjectAltNameElements: { Id: number; Value: string; Type: number }[];
  CRLDistributionPoints: { Id: number; Url: string }[];
  LocationsCount: { Type: string; Count: number }[];
  SSLLocations: never[];
  Locations: KeyfactorCertificateLocation[];
  Metadata: Record<string, string>;
}

export interface KeyfactorCertificateAuthority {
  Id: number;
  LogicalName: string;
  HostName: string;
  ConfigurationTenant: string;
  Delegate: boolean;
  DelegateEnrollment: boolean;
  Remote: boolean;
  Standalone: boolean;
  MonitorThresholds: boolean;
  RFCEnforcement: boolean;
  Properties: string;
  AllowedEnrollmentTypes?: number;
  KeyRetention: number;
  KeyRetentionDays: number;
  ExplicitCredentials: boolean;
  SubscriberTerms: boolean;
  UseAllowedRequesters: boolean;
  AllowedRequesters: string[];
  CAType: number;
  EnforceUniqueDN: boolean;
}

export interface KeyfactorExtendedKeyUsage {
  Id: number;
  Oid: string;
  DisplayName: string;
}

export interface KeyfactorTemplate {
  Id: number;
  CommonName: string;
  TemplateName: string;
  FriendlyName: string;
  DisplayName: string;
  KeySize: string;
  KeyType: string;
  ConfigurationTenant: string;
  KeyRetention: number;
  KeyRetentionDays: number;
  KeyArchival: boolean;
  EnrollmentFields: never[];
  AllowedEnrollmentTypes: number;
  TemplateRegexes: never[];
  UseAllowedRequesters: boolean;
  AllowedRequesters: string[];
  RequiresApproval: boolean;
  ExtendedKeyUsages: KeyfactorExtendedKeyUsage[];
}

export interface KeyfactorTemplateDetails extends KeyfactorTemplate {
  MetadataFields: never[];
  TemplateDefaults: never[];
  TemplatePolicy: {
    TemplateId: number;
    RSAValidKeySizes: number[];
    ECCValidCurves: string[];
    AllowKeyReuse: boolean;
    AllowWildcards: boolean;
    RFCEnforcement: boolean;
  };
  RFCEnforcement: boolean;
  Curve: string | null;
}

export interface KeyfactorMetadataField {
  Id: number;
  Name: string;
  Description: string;
  DataType: number;
  Hint: string;
  Validation: string;
  Enrollment: number;
  Message: string;
  Options: string;
  DefaultValue: string;
  DisplayOrder: number;
}

/** `Models.CertificateStore`; the document has no GET that returns it, but it is the store model. */
export interface KeyfactorCertificateStore {
  Id: string;
  ContainerName?: string;
  DisplayName: string;
  ClientMachine: string;
  /** Lower-case `p`: the vendor's spelling. */
  Storepath: string;
  CertStoreType: number;
  Approved: boolean;
  CreateIfMissing: boolean;
  Properties: string;
  AgentId?: string;
  AgentAssigned: boolean;
  SetNewPasswordAllowed: boolean;
}

export interface KeyfactorInventoryCertificate {
  Id: number;
  CertStoreInventoryItemId: number;
  IssuedDN: string | null;
  IssuerDN: string | null;
  SerialNumber: string;
  Thumbprint: string;
  SigningAlgorithm: string;
  NotBefore: string;
  NotAfter: string;
  Metadata: Record<string, object>;
}

export interface KeyfactorInventoryEntry {
  Name: string;
  Certificates: KeyfactorInventoryCertificate[];
  Parameters: Record<string, object>;
}

export interface KeyfactorSchedule {
  Immediate?: boolean;
  ExactlyOnce?: { Time: string };
}

export interface KeyfactorJobHistory {
  JobId: string;
  JobType: string;
  AgentMachine: string;
  ClientMachine: string;
  StorePath: string;
  Schedule: KeyfactorSchedule;
  OperationEnd?: string;
  Message: string;
  Result: number;
  Status: number;
}

export interface KeyfactorScheduledJob {
  Id: string;
  JobType: string;
  ClientMachine: string;
  Target: string;
  Schedule: KeyfactorSchedule;
  Requested: string;
}

export interface KeyfactorAgent {
  AgentId: string;
  ClientMachine: string;
  AgentPlatform: number;
  Version: string;
  Status: number;
  LastSeen?: string;
  Capabilities: string[];
  LastErrorCode: number;
  LastErrorMessage: string;
}

export interface KeyfactorPendingRequest {
  Id: number;
  CARequestId: string;
  CommonName: string;
  DistinguishedName: string;
  SubmissionDate: string;
  CertificateAuthority: string;
  Template: string;
  Requester: string;
  State: number;
  StateString: string;
  Metadata: Record<string, string>;
}

export interface KeyfactorRequestDetails extends KeyfactorPendingRequest {
  DenialComment: string;
  KeyLength: string;
  SANs: string[];
  CertStores: { EntryName: string; ClientMachine: string; StorePath: string }[];
  Curve: string | null;
}

export interface KeyfactorProcessedRequest {
  CARowId: number;
  CARequestId: string;
  CAHost: string;
  CALogicalName: string;
  KeyfactorRequestId: number;
  Comment: string;
}

export interface KeyfactorApproveDenyResult {
  Successes: KeyfactorProcessedRequest[];
  Failures: KeyfactorProcessedRequest[];
  Denials: KeyfactorProcessedRequest[];
}

export interface KeyfactorRenewalResponse {
  KeyfactorId: number;
  KeyfactorRequestId: number;
  Thumbprint: string;
  SerialNumber: string;
  IssuerDN: string | null;
  RequestDisposition: string;
  DispositionMessage: string;
}

export interface KeyfactorAvailableRenewal {
  AvailableRenewalType: number;
  Message: string;
}

export interface KeyfactorDownload {
  Content: string;
}

/** `Models.Revocation.RevocationResponse`. */
export interface KeyfactorRevocationResponse {
  RevokedIds: number[];
  /** Revocations waiting for a workflow; certlab has none, so always empty. */
  SuspendedCerts: { CertId: number; WorkflowId?: string; Message: string }[];
}
