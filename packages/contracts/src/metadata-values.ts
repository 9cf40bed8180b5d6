/*
 * Renew's metadata rule (docs/server.md, "Renewal", step 3): start from the original certificate's
 * values, overlay the request's, validate every value against its field, enforce Required after
 * the merge, then fill defaults. Pure: no Nest, no TypeORM, no clock. It lives in contracts so the
 * server and the console's renewal dialog run the same rule and show the same messages.
 */

/** The parts of a metadata field definition the rule needs (a `MetadataFieldEntity` fits). */
export interface MetadataFieldDefinition {
  name: string;
  dataType: number;
  validation: string | null;
  message: string | null;
  enrollment: number;
  options: string | null;
  defaultValue: string | null;
}

export type MetadataProblem = {
  field: string;
  reason: 'unknown-field' | 'invalid-type' | 'regex-mismatch' | 'not-an-option' | 'required';
  message: string;
};

export type MetadataMergeResult =
  { ok: true; values: Record<string, string> } | { ok: false; problems: MetadataProblem[] };

/** Longest value of every type but BigText; also bounds the input any validation regex sees. */
export const MAX_METADATA_VALUE_LENGTH = 4096;
export const MAX_BIG_TEXT_LENGTH = 65_536;

/** Metadata DataType values as the vendor numbers them. */
export const MetadataDataType = {
  String: 1,
  Integer: 2,
  Date: 3,
  Boolean: 4,
  MultipleChoice: 5,
  BigText: 6,
  Email: 7,
} as const;
export type MetadataDataType = (typeof MetadataDataType)[keyof typeof MetadataDataType];

/** Enrollment: 0 optional, 1 required, 2 hidden. */
export const MetadataEnrollment = { Optional: 0, Required: 1, Hidden: 2 } as const;
export type MetadataEnrollment = (typeof MetadataEnrollment)[keyof typeof MetadataEnrollment];

const STRING = MetadataDataType.String;
const INTEGER = MetadataDataType.Integer;
const DATE = MetadataDataType.Date;
const BOOLEAN = MetadataDataType.Boolean;
const MULTIPLE_CHOICE = MetadataDataType.MultipleChoice;
const BIG_TEXT = MetadataDataType.BigText;
const EMAIL = MetadataDataType.Email;
const REQUIRED = MetadataEnrollment.Required;

type Checked = { ok: true; value: string } | { ok: false; problem: MetadataProblem };

/**
 * Merges `overrides` (a request's `Metadata`, field names in any case) over `original` (the
 * certificate's values) and validates the result. Every problem is reported, not only the first.
 * Values come back keyed by each field's canonical name, in definition order.
 */
export function mergeMetadata(
  fields: readonly MetadataFieldDefinition[],
  original: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, unknown>>,
): MetadataMergeResult {
  const byName = new Map<string, MetadataFieldDefinition>();
  for (const field of fields) byName.set(field.name.toLowerCase(), field);

  const problems: MetadataProblem[] = [];
  // Keyed by canonical name; a Map so names like `__proto__` are plain keys.
  const merged = new Map<string, string>();

  // The original's values were stored against known fields; one whose field has since gone
  // is dropped rather than blocking the renewal.
  for (const [name, value] of Object.entries(original)) {
    const field = byName.get(name.toLowerCase());
    if (field && typeof value === 'string' && value.trim() !== '') merged.set(field.name, value);
  }

  const overriddenAs = new Map<string, string>();
  for (const [name, raw] of Object.entries(overrides)) {
    const field = byName.get(name.toLowerCase());
    if (!field) {
      problems.push({
        field: name,
        reason: 'unknown-field',
        message: `'${name}' is not a metadata field.`,
      });
      continue;
    }
    const previous = overriddenAs.get(field.name);
    if (previous !== undefined) {
      problems.push({
        field: field.name,
        reason: 'invalid-type',
        message: `Metadata field '${field.name}' is given twice ('${previous}' and '${name}').`,
      });
      continue;
    }
    overriddenAs.set(field.name, name);
    if (raw === undefined) continue;

    const wire = fromWire(field, raw);
    if (!wire.ok) problems.push(wire.problem);
    else if (wire.value.trim() === '') merged.delete(field.name);
    else merged.set(field.name, wire.value);
  }

  const values: [string, string][] = [];
  for (const field of fields) {
    const value = merged.get(field.name);
    if (value !== undefined) {
      const checked = checkValue(field, value);
      if (checked.ok) values.push([field.name, checked.value]);
      else problems.push(checked.problem);
      continue;
    }
    // Required is enforced on the merged values, before defaults (reference steps 5 and 6).
    if (field.enrollment === REQUIRED) {
      problems.push({
        field: field.name,
        reason: 'required',
        message: `Metadata field '${field.name}' is required.`,
      });
      continue;
    }
    if (field.defaultValue !== null && field.defaultValue.trim() !== '') {
      // A default is checked like any value: a broken definition must not store a bad value.
      const checked = checkValue(field, field.defaultValue);
      if (checked.ok) values.push([field.name, checked.value]);
      else
        problems.push({ ...checked.problem, message: `Default value: ${checked.problem.message}` });
    }
  }

  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, values: Object.fromEntries(values) };
}

/** Turns a JSON value into a string: strings as is, numbers for Integer, booleans for Boolean. */
function fromWire(field: MetadataFieldDefinition, raw: unknown): Checked {
  if (raw === null) return { ok: true, value: '' };
  if (typeof raw === 'string') return { ok: true, value: raw };
  if (typeof raw === 'number' && field.dataType === INTEGER) {
    if (Number.isSafeInteger(raw)) return { ok: true, value: String(raw) };
    return fail(
      field,
      'invalid-type',
      `Metadata field '${field.name}' takes a whole number; got ${String(raw)}.`,
    );
  }
  if (typeof raw === 'boolean' && field.dataType === BOOLEAN)
    return { ok: true, value: String(raw) };
  const kind = Array.isArray(raw)
    ? 'an array'
    : typeof raw === 'object'
      ? 'an object'
      : `a ${typeof raw}`;
  return fail(
    field,
    'invalid-type',
    `Metadata field '${field.name}' takes a string value, not ${kind}.`,
  );
}

/** Validates one non-empty value and returns its canonical form. */
function checkValue(field: MetadataFieldDefinition, value: string): Checked {
  const limit = field.dataType === BIG_TEXT ? MAX_BIG_TEXT_LENGTH : MAX_METADATA_VALUE_LENGTH;
  if (value.length > limit) {
    return fail(
      field,
      'invalid-type',
      `Metadata field '${field.name}' is longer than ${limit} characters.`,
    );
  }
  switch (field.dataType) {
    case STRING:
      return checkPattern(field, value);
    case INTEGER:
      return checkInteger(field, value.trim());
    case DATE:
      return checkDate(field, value.trim());
    case BOOLEAN: {
      const lower = value.trim().toLowerCase();
      if (lower === 'true' || lower === 'false') return { ok: true, value: lower };
      return fail(
        field,
        'invalid-type',
        `Metadata field '${field.name}' takes true or false; got '${value}'.`,
      );
    }
    case MULTIPLE_CHOICE:
      return checkOption(field, value.trim());
    case EMAIL:
      return isEmailAddress(value.trim())
        ? { ok: true, value: value.trim() }
        : fail(
            field,
            'invalid-type',
            `Metadata field '${field.name}' takes an email address; got '${value}'.`,
          );
    default:
      // BigText, and DataType 8 whose meaning is unconfirmed: free text within the length limit.
      return { ok: true, value };
  }
}

function checkPattern(field: MetadataFieldDefinition, value: string): Checked {
  if (field.validation === null || field.validation === '') return { ok: true, value };
  let pattern: RegExp;
  try {
    // Anchored so the whole value must match, as a .NET validator with ^...$ would.
    pattern = new RegExp(`^(?:${field.validation})$`);
  } catch {
    return fail(
      field,
      'regex-mismatch',
      `Metadata field '${field.name}' has an invalid validation pattern, so no value can be accepted.`,
    );
  }
  if (pattern.test(value)) return { ok: true, value };
  const message =
    field.message?.trim() || `Metadata field '${field.name}' does not match ${field.validation}.`;
  return fail(field, 'regex-mismatch', message);
}

function checkInteger(field: MetadataFieldDefinition, value: string): Checked {
  const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) {
    return fail(
      field,
      'invalid-type',
      `Metadata field '${field.name}' takes a whole number; got '${value}'.`,
    );
  }
  // String(-0) is '0': canonical form has no sign on zero, no '+', no leading zeros.
  return { ok: true, value: String(parsed) };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?$/i;

function checkDate(field: MetadataFieldDefinition, value: string): Checked {
  // Kept as written: date-only values already are YYYY-MM-DD, date-times keep their offset.
  if (isIsoCalendarValue(value)) return { ok: true, value };
  return fail(
    field,
    'invalid-type',
    `Metadata field '${field.name}' takes an ISO date (YYYY-MM-DD or a full ISO date-time); got '${value}'.`,
  );
}

/** True for `YYYY-MM-DD` or an ISO date-time whose date and time really exist (no 2026-02-30). */
function isIsoCalendarValue(value: string): boolean {
  const match = DATE_TIME.exec(value) ?? DATE_ONLY.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  if (year === undefined || month === undefined || day === undefined) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps them as written.
  probe.setUTCFullYear(year);
  const realDay =
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day;
  return (
    realDay &&
    (hour ?? 0) < 24 &&
    (minute ?? 0) < 60 &&
    (second ?? 0) < 60 &&
    (offsetHour ?? 0) < 24 &&
    (offsetMinute ?? 0) < 60
  );
}

function checkOption(field: MetadataFieldDefinition, value: string): Checked {
  const options = (field.options ?? '')
    .split(',')
    .map((option) => option.trim())
    .filter((option) => option !== '');
  if (options.includes(value)) return { ok: true, value };
  const allowed = options.length > 0 ? options.join(', ') : 'none are defined';
  return fail(
    field,
    'not-an-option',
    `Metadata field '${field.name}' must be one of: ${allowed}; got '${value}'.`,
  );
}

const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** A deliberately plain check: one @, a local part without spaces, a dotted domain. */
function isEmailAddress(value: string): boolean {
  if (value.length > 254 || /[\s\p{Cc}]/u.test(value)) return false;
  const parts = value.split('@');
  if (parts.length !== 2) return false;
  const [local, domain] = parts as [string, string];
  if (local === '' || local.length > 64) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label));
}

function fail(
  field: MetadataFieldDefinition,
  reason: MetadataProblem['reason'],
  message: string,
): Checked {
  return { ok: false, problem: { field: field.name, reason, message } };
}
