import { z } from 'zod';
import { lowerCaseKeys } from './case-insensitive';
import { type RequestDisposition } from './dispositions';

/** Store ids are GUIDs: 8-4-4-4-12 hex digits, any case (braces are not accepted). */
export const GUID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** `host\logical`, as Command names CAs (`CA1.jdk.com\jdk-CA1`). */
export const CA_CONFIGURATION_PATTERN = /^[^\\\s]+\\[^\\]+$/;

const caseInsensitive = <T extends z.ZodType>(schema: T) => z.preprocess(lowerCaseKeys, schema);

const nonEmpty = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(1024);

const Cmsid = z
  .number({ error: 'CMSID must be a number' })
  .int('CMSID must be an integer')
  .positive('CMSID must be positive')
  .max(2 ** 31 - 1, 'CMSID is out of range');

/**
 * The classic Lookup structure (renew-reference.md 1.2). Property names and the `Type` value are
 * matched case-insensitively; `Type` decides which companion field is required.
 */
export const CmsLookupSchema = z.preprocess(
  (value) => {
    const lookup = lowerCaseKeys(value);
    if (
      typeof lookup === 'object' &&
      lookup !== null &&
      'type' in lookup &&
      typeof lookup.type === 'string'
    ) {
      return { ...lookup, type: lookup.type.toLowerCase() };
    }
    return lookup;
  },
  z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('cmsid'), cmsid: Cmsid }),
      z.object({
        type: z.literal('serial'),
        serialnumber: nonEmpty('SerialNumber'),
        issuerdn: nonEmpty('IssuerDN'),
      }),
      z.object({ type: z.literal('thumbprint'), thumbprint: nonEmpty('Thumbprint') }),
    ],
    { error: 'Lookup.Type must be CMSID, Serial or Thumbprint' },
  ),
);

export type CmsLookup =
  | { type: 'cmsid'; cmsid: number }
  | { type: 'serial'; serialnumber: string; issuerdn: string }
  | { type: 'thumbprint'; thumbprint: string };

/** Metadata values arrive as strings; numbers and booleans are accepted for typed fields. */
const MetadataValueSchema = z.union([z.string().max(65_536), z.number(), z.boolean(), z.null()]);

export const CmsRenewRequestSchema = caseInsensitive(
  z
    .object({
      lookup: CmsLookupSchema,
      certstores: z.array(z.string().max(64)).max(1000).optional(),
      template: nonEmpty('Template').optional(),
      caconfiguration: nonEmpty('CAConfiguration').optional(),
      metadata: z.record(z.string().max(128), MetadataValueSchema).optional(),
      /** Sent by the classic samples for request signing; accepted and ignored (renew-reference 1.1). */
      timestamp: z.string().max(64).optional(),
    })
    .strict(),
);

export interface CmsRenewRequest {
  lookup: CmsLookup;
  certstores?: string[];
  template?: string;
  caconfiguration?: string;
  metadata?: Record<string, string | number | boolean | null>;
  timestamp?: string;
}

/** POST /CMSApi/CertEnroll/3/Renew response (PascalCase on the wire). */
export interface CmsRenewResponse {
  Thumbprint: string;
  CMSRequestId: number;
  RequestDisposition: RequestDisposition;
  DispositionMessage: string;
  RenewedCertStores: string[];
}
