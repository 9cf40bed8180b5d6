import { type MetadataFieldDefinition } from '../metadata-values';

/* The lab's reference data as the console reads it: CAs, templates, metadata field definitions. */

/** `GET /api/authorities`: roots and issuing CAs; `parentId` builds the tree. */
export interface AuthorityView {
  id: number;
  /** `CA1.jdk.com\jdk-CA1` */
  configName: string;
  logicalName: string;
  subject: string;
  parentId: number | null;
  isRoot: boolean;
  keyAlgorithm: string;
  signatureAlgorithm: string;
  thumbprint: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** Anonymous publication URLs, relative to the server: `/ca/<logical>.crt`, `/crl/<logical>.crl`. */
  certificateUrl: string;
  crlUrl: string;
  /** Leaf certificates this CA issued (any state). */
  issuedCount: number;
}

/** `GET /api/templates`. */
export interface TemplateView {
  id: number;
  shortName: string;
  displayName: string;
  keyAlgorithm: string;
  validityDays: number;
  extendedKeyUsages: string[];
  requiresApproval: boolean;
  /** The CAs that offer this template: only these combinations can be renewed. */
  authorityIds: number[];
}

/** `GET /api/metadata-fields`: what `mergeMetadata` needs, and what a form needs to draw it. */
export interface MetadataFieldView extends MetadataFieldDefinition {
  id: number;
  description: string;
  hint: string | null;
  displayOrder: number;
}
