import { z } from 'zod';
import { type CmsLookup, GUID_PATTERN, lowerCaseKeys } from '@certlab/contracts';
import { toIsoInstant } from '../certificates/policies/certificate-query';

/*
 * Request bodies of the Keyfactor API subset. Property names are matched case-insensitively, as
 * .NET binds them; unknown properties are refused (a typo must not silently change a request).
 * Generated .NET-style clients send `null`, `""` or `0` for "not set", so those count as absent.
 */

const INT32_MAX = 2 ** 31 - 1;

const RequestId = z
  .number({ error: 'request ids are integers' })
  .int('request ids are integers')
  .positive('request ids are positive')
  .max(INT32_MAX, 'request id is out of range');

/** An optional int32 id where 0 means "not given". */
const OptionalId = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be an integer`)
    .min(0, `${name} must not be negative`)
    .max(INT32_MAX, `${name} is out of range`)
    .nullish()
    .transform((value) => (value ? value : undefined));

/** An optional string where "" means "not given". */
const OptionalText = (name: string, max = 1024) =>
  z
    .string({ error: `${name} must be a string` })
    .max(max, `${name} is longer than ${max} characters`)
    .nullish()
    .transform((value) => (value?.trim() ? value.trim() : undefined));

/**
 * ISO-8601 date-time with seconds: `Z` or an offset, up to 7 fraction digits (.NET's `o` format,
 * Python's 6), or no zone at all (the classic PowerShell samples). Accepted and not used.
 */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/i;
const Timestamp = z
  .string({
    error: 'Timestamp is required (an ISO-8601 date-time such as 2025-01-02T03:04:05.123456Z)',
  })
  .refine((value) => TIMESTAMP.test(value) && toIsoInstant(value) !== null, {
    error: 'Timestamp must be an ISO-8601 date-time such as 2025-01-02T03:04:05.123456Z',
  });

export const RenewalRequestSchema = z.preprocess(
  lowerCaseKeys,
  z
    .strictObject({
      certificateid: OptionalId('CertificateId'),
      thumbprint: OptionalText('Thumbprint', 128),
      certificateauthority: OptionalText('CertificateAuthority'),
      template: OptionalText('Template'),
      timestamp: Timestamp,
    })
    .refine((body) => (body.certificateid === undefined) !== (body.thumbprint === undefined), {
      error: 'Give exactly one of CertificateId and Thumbprint',
    }),
);

/** The renewed certificate as the renewal use case's Lookup names it. */
export function renewalLookup(body: z.output<typeof RenewalRequestSchema>): CmsLookup {
  return body.certificateid !== undefined
    ? { type: 'cmsid', cmsid: body.certificateid }
    : { type: 'thumbprint', thumbprint: body.thumbprint ?? '' };
}

export const DownloadRequestSchema = z.preprocess(
  lowerCaseKeys,
  z
    .strictObject({
      certid: OptionalId('CertID'),
      thumbprint: OptionalText('Thumbprint', 128),
      serialnumber: OptionalText('SerialNumber', 128),
      issuerdn: OptionalText('IssuerDN'),
      includechain: z.boolean({ error: 'IncludeChain must be true or false' }).nullish(),
    })
    .refine(
      (body) =>
        [body.certid, body.thumbprint, body.serialnumber].filter((given) => given !== undefined)
          .length === 1,
      {
        error: 'Give exactly one of CertID, Thumbprint, or SerialNumber with IssuerDN',
      },
    )
    .refine((body) => (body.serialnumber === undefined) === (body.issuerdn === undefined), {
      error: 'SerialNumber and IssuerDN go together',
    }),
);

export function downloadLookup(body: z.output<typeof DownloadRequestSchema>): CmsLookup {
  if (body.certid !== undefined) return { type: 'cmsid', cmsid: body.certid };
  if (body.thumbprint !== undefined) return { type: 'thumbprint', thumbprint: body.thumbprint };
  return { type: 'serial', serialnumber: body.serialnumber ?? '', issuerdn: body.issuerdn ?? '' };
}

/** `POST /Workflow/Certificates/Approve`: a bare JSON array of request ids. */
export const ApprovalRequestSchema = z
  .array(RequestId, {
    error: 'The body must be a JSON array of certificate request ids, e.g. [12, 13]',
  })
  .min(1, 'Give at least one certificate request id')
  .max(1000, 'At most 1000 requests at a time');

export const DenialRequestSchema = z.preprocess(
  lowerCaseKeys,
  z.strictObject({
    comment: OptionalText('Comment'),
    certificaterequestids: z
      .array(RequestId, {
        error: 'CertificateRequestIds must be an array of certificate request ids',
      })
      .min(1, 'Give at least one certificate request id')
      .max(1000, 'At most 1000 requests at a time'),
  }),
);

/** `POST /Agents/Approve` and `/Disapprove`: a bare JSON array of agent GUIDs. */
export const AgentIdsSchema = z
  .array(z.string().regex(GUID_PATTERN, 'each agent id must be a GUID'), {
    error: 'The body must be a JSON array of agent ids (GUIDs)',
  })
  .min(1, 'Give at least one agent id')
  .max(1000, 'At most 1000 agents at a time');

const JobTime = Timestamp.optional();

/** `POST /Enrollment/PFX/Deploy`: the certificate and the stores (by id, or with alias/overwrite). */
export const DeployRequestSchema = z.preprocess(
  lowerCaseKeys,
  z
    .object({
      certificateid: z.number({ error: 'CertificateId is required' }).int().positive(),
      storeids: z.array(z.string().max(64)).max(1000).optional(),
      stores: z
        .array(
          z.preprocess(
            lowerCaseKeys,
            z.object({
              storeid: z.string().max(64),
              alias: OptionalText('Alias', 255),
              overwrite: z.boolean().optional(),
              properties: z.record(z.string(), z.unknown()).optional(),
            }),
          ),
        )
        .max(1000)
        .optional(),
      storetypes: z.array(z.unknown()).optional(),
      requestid: z.number().int().nonnegative().optional(),
      password: z.string().max(1024).optional(),
      jobtime: JobTime,
    })
    .refine((body) => (body.storeids?.length ?? 0) + (body.stores?.length ?? 0) > 0, {
      error: 'Give the stores to deploy to in StoreIds or Stores',
    }),
);

/** `POST /Enrollment/PFX/Replace`: into every store where the existing certificate is. */
export const ReplaceRequestSchema = z.preprocess(
  lowerCaseKeys,
  z.object({
    existingcertificateid: z
      .number({ error: 'ExistingCertificateId is required' })
      .int()
      .positive(),
    certificateid: z.number({ error: 'CertificateId is required' }).int().positive(),
    requestid: z.number().int().nonnegative().optional(),
    password: z.string().max(1024).optional(),
    jobtime: JobTime,
  }),
);

/** `POST /CertificateStores/Schedule`: inventory jobs now (`Immediate`) or once at a time. */
export const InventoryScheduleSchema = z.preprocess(
  lowerCaseKeys,
  z.object({
    storeids: z
      .array(z.string().max(64), { error: 'StoreIds must be an array of store ids' })
      .min(1)
      .max(1000),
    schedule: z.preprocess(
      lowerCaseKeys,
      z.union(
        [
          z.object({ immediate: z.literal(true) }),
          z.object({ exactlyonce: z.preprocess(lowerCaseKeys, z.object({ time: Timestamp })) }),
        ],
        {
          error:
            'Schedule must be {"Immediate": true} or {"ExactlyOnce": {"Time": …}}; certlab has no recurring schedules yet',
        },
      ),
    ),
  }),
);

/** The vendor's `Reason` values (see VENDOR_REVOCATION_REASONS). */
const VENDOR_REASON_CODES = [0, 1, 2, 3, 4, 5, 6, 8, 999, -1] as const;

/** `POST /Certificates/Revoke` (`Models.RevokeCertificateRequest`). */
export const RevokeRequestSchema = z.preprocess(
  lowerCaseKeys,
  z.strictObject({
    certificateids: z
      .array(
        z
          .number({ error: 'certificate ids are integers' })
          .int('certificate ids are integers')
          .positive('certificate ids are positive')
          .max(INT32_MAX, 'certificate id is out of range'),
        { error: 'CertificateIds must be an array of certificate ids, e.g. [12, 13]' },
      )
      .min(1, 'Give at least one certificate id')
      .max(10_000, 'At most 10000 certificates at a time'),
    reason: z
      .number({ error: 'Reason is required: 0-6, 8, 999 or -1' })
      .refine((code) => (VENDOR_REASON_CODES as readonly number[]).includes(code), {
        error:
          'Reason must be one of 0 (unspecified), 1 (key compromise), 2 (CA compromise), 3 (affiliation changed), 4 (superseded), 5 (cessation of operation), 6 (certificate hold), 8 (remove from CRL), 999 (unknown) or -1 (remove from hold)',
      }),
    comment: OptionalText('Comment'),
    effectivedate: z
      .string({ error: 'EffectiveDate must be an ISO-8601 date-time' })
      .refine((value) => TIMESTAMP.test(value) && toIsoInstant(value) !== null, {
        error: 'EffectiveDate must be an ISO-8601 date-time such as 2025-01-02T03:04:05Z',
      })
      .nullish()
      .transform((value) => (value ? new Date(toIsoInstant(value) ?? '') : undefined)),
    collectionid: OptionalId('CollectionId'),
  }),
);
