import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { CA_CONFIGURATION_PATTERN, GUID_PATTERN, KeyAlgorithmSchema } from '@certlab/contracts';
import { ROLES } from '../auth/user.entity';

const Days = z.number().int().min(1).max(36_500);
/** Logical CA names end up in URLs (`/crl/<logical>.crl`), so they stay within RFC 3986's unreserved set. */
const URL_SAFE_LOGICAL_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const Configuration = z.string().regex(CA_CONFIGURATION_PATTERN, 'must be <host>\\<logical name>');

const LabSchema = z
  .object({
    name: z.string().min(1),
    authorities: z
      .array(
        z.object({
          configuration: Configuration,
          subject: z.string().min(3),
          parent: Configuration.optional(),
          keyAlgorithm: KeyAlgorithmSchema,
          validityDays: Days,
          pathLength: z.number().int().min(0).max(8).optional(),
        }),
      )
      .min(1),
    templates: z.array(
      z.object({
        shortName: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/),
        displayName: z.string().min(1),
        keyAlgorithm: KeyAlgorithmSchema,
        validityDays: Days,
        extendedKeyUsages: z.array(z.string()).default([]),
        requiresApproval: z.boolean().default(false),
        authorities: z.array(Configuration).min(1),
      }),
    ),
    metadataFields: z
      .array(
        z.object({
          name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'no spaces; letters, digits, - and _'),
          description: z.string().min(1),
          dataType: z.number().int().min(1).max(7),
          enrollment: z.number().int().min(0).max(2).default(0),
          hint: z.string().optional(),
          validation: z.string().optional(),
          message: z.string().optional(),
          options: z.string().optional(),
          defaultValue: z.string().optional(),
        }),
      )
      .default([]),
    machines: z
      .array(
        z.object({ clientMachine: z.string().min(1), preApproved: z.boolean().default(false) }),
      )
      .default([]),
    stores: z
      .array(
        z.object({
          id: z.string().regex(GUID_PATTERN, 'must be a GUID'),
          clientMachine: z.string().min(1),
          storePath: z.string().min(1),
          storeType: z.literal('PEM').default('PEM'),
          properties: z.record(z.string(), z.string()).default({}),
        }),
      )
      .default([]),
    users: z
      .array(
        z.object({
          name: z.string().min(1),
          role: z.enum(ROLES),
          password: z.string().min(8).optional(),
        }),
      )
      .default([]),
    defaultAuthority: Configuration.optional(),
    certificates: z
      .array(
        z.object({
          id: z.number().int().positive().optional(),
          subject: z.string(),
          dns: z.array(z.string()).default([]),
          ip: z.array(z.string()).default([]),
          email: z.array(z.string()).default([]),
          uri: z.array(z.string()).default([]),
          template: z.string(),
          authority: Configuration.optional(),
          expiresInDays: Days,
          store: z.string().regex(GUID_PATTERN).optional(),
          alias: z.string().optional(),
          metadata: z.record(z.string(), z.string()).default({}),
        }),
      )
      .default([]),
  })
  .strict();

export type LabDefinition = z.infer<typeof LabSchema>;

export class LabDefinitionError extends Error {}

/** Reads and validates a lab file; every problem is reported with its path in the YAML. */
export function readLabDefinition(path: string): LabDefinition {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LabDefinitionError(
      `cannot read lab ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = LabSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new LabDefinitionError(`lab ${path} is invalid:\n${problems.join('\n')}`);
  }
  return checkReferences(result.data, path);
}

/** Names used across sections must exist: a typo in the lab file is an error at boot. */
function checkReferences(lab: LabDefinition, path: string): LabDefinition {
  const problems: string[] = [];
  const authorities = new Set(lab.authorities.map((ca) => ca.configuration.toLowerCase()));
  const templates = new Set(lab.templates.map((template) => template.shortName.toLowerCase()));
  const stores = new Set(lab.stores.map((store) => store.id.toLowerCase()));
  const machines = new Set(lab.machines.map((machine) => machine.clientMachine));
  const fields = new Set(lab.metadataFields.map((field) => field.name));
  // The logical name is the file name of the CA's CRL and certificate (`/crl/<logical>.crl`),
  // which every issued certificate points at: it must be URL-safe and name one CA only.
  const logicalNames = new Map<string, number>();
  lab.authorities.forEach((ca, i) => {
    if (ca.parent && !authorities.has(ca.parent.toLowerCase()))
      problems.push(`authorities.${i}.parent: unknown CA ${ca.parent}`);
    const logical = ca.configuration.split('\\')[1] ?? '';
    if (!URL_SAFE_LOGICAL_NAME.test(logical))
      problems.push(
        `authorities.${i}.configuration: logical name "${logical}" must be URL-safe (letters, digits, '.', '_' and '-'), as it names the CA's CRL and certificate URLs`,
      );
    const first = logicalNames.get(logical.toLowerCase());
    if (first !== undefined)
      problems.push(
        `authorities.${i}.configuration: logical name "${logical}" is already used by authorities.${first}; each CA needs its own, as it names the CA's CRL and certificate URLs`,
      );
    else logicalNames.set(logical.toLowerCase(), i);
  });
  lab.templates.forEach((template, i) =>
    template.authorities.forEach((name) => {
      if (!authorities.has(name.toLowerCase()))
        problems.push(`templates.${i}.authorities: unknown CA ${name}`);
    }),
  );
  lab.stores.forEach((store, i) => {
    if (!machines.has(store.clientMachine))
      problems.push(`stores.${i}.clientMachine: ${store.clientMachine} is not in machines`);
  });
  if (lab.defaultAuthority && !authorities.has(lab.defaultAuthority.toLowerCase())) {
    problems.push(`defaultAuthority: unknown CA ${lab.defaultAuthority}`);
  }
  lab.certificates.forEach((certificate, i) => {
    if (!templates.has(certificate.template.toLowerCase()))
      problems.push(`certificates.${i}.template: unknown template ${certificate.template}`);
    const authority = certificate.authority ?? lab.defaultAuthority;
    if (!authority) problems.push(`certificates.${i}: no authority and no defaultAuthority`);
    else if (!authorities.has(authority.toLowerCase()))
      problems.push(`certificates.${i}.authority: unknown CA ${authority}`);
    if (certificate.store && !stores.has(certificate.store.toLowerCase()))
      problems.push(`certificates.${i}.store: unknown store ${certificate.store}`);
    for (const name of Object.keys(certificate.metadata)) {
      if (!fields.has(name)) problems.push(`certificates.${i}.metadata: unknown field ${name}`);
    }
  });
  if (problems.length > 0)
    throw new LabDefinitionError(
      `lab ${path} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return lab;
}
