import {
  MetadataDataType,
  MetadataEnrollment,
  type MetadataFieldView,
  type MetadataProblem,
} from '@certlab/contracts';

/*
 * How each metadata field is drawn in a form, from its definition: the input kind by DataType,
 * whether it is shown at all (Hidden fields are not), Required, the options of a multiple choice.
 * Values are kept as the strings `mergeMetadata` reads, so the form validates exactly as the
 * server will.
 */

export type MetadataInputKind =
  'text' | 'number' | 'date' | 'checkbox' | 'select' | 'textarea' | 'email';

export interface MetadataInputSpec {
  name: string;
  kind: MetadataInputKind;
  required: boolean;
  description: string;
  /** A sample value, shown as the placeholder. */
  hint: string | null;
  /** Multiple choice only. */
  options: string[];
}

const KIND_BY_TYPE: Readonly<Record<number, MetadataInputKind>> = {
  [MetadataDataType.String]: 'text',
  [MetadataDataType.Integer]: 'number',
  [MetadataDataType.Date]: 'date',
  [MetadataDataType.Boolean]: 'checkbox',
  [MetadataDataType.MultipleChoice]: 'select',
  [MetadataDataType.BigText]: 'textarea',
  [MetadataDataType.Email]: 'email',
};

/** The options of a multiple-choice field, as `mergeMetadata` splits them. */
export function metadataOptions(field: Pick<MetadataFieldView, 'options'>): string[] {
  return (field.options ?? '')
    .split(',')
    .map((option) => option.trim())
    .filter((option) => option !== '');
}

/** The fields a person fills in, in display order; Hidden fields are left out. */
export function metadataInputs(fields: readonly MetadataFieldView[]): MetadataInputSpec[] {
  return [...fields]
    .filter((field) => field.enrollment !== MetadataEnrollment.Hidden)
    .sort((a, b) => a.displayOrder - b.displayOrder || a.name.localeCompare(b.name))
    .map((field) => ({
      name: field.name,
      kind: KIND_BY_TYPE[field.dataType] ?? 'text',
      required: field.enrollment === MetadataEnrollment.Required,
      description: field.description,
      hint: field.hint,
      options: metadataOptions(field),
    }));
}

/**
 * A date field whose value is a full date-time cannot be shown by a date picker without losing
 * its time; such a value is edited as text instead.
 */
export function dateEditsAsText(value: string): boolean {
  return value.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value.trim());
}

/** The value a field starts with: the certificate's, else the field's default for checkboxes. */
export function initialMetadataValue(
  field: MetadataFieldView,
  certificateMetadata: Readonly<Record<string, string>>,
): string {
  const own = Object.entries(certificateMetadata).find(
    ([name]) => name.toLowerCase() === field.name.toLowerCase(),
  )?.[1];
  if (own !== undefined) {
    return field.dataType === MetadataDataType.Boolean ? own.trim().toLowerCase() : own;
  }
  if (field.dataType === MetadataDataType.Boolean) {
    return field.defaultValue?.trim().toLowerCase() === 'true' ? 'true' : 'false';
  }
  return '';
}

/** Problems per field name (as `mergeMetadata` names them), for showing next to each input. */
export function problemsByField(problems: readonly MetadataProblem[]): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const problem of problems) (byField[problem.field] ??= []).push(problem.message);
  return byField;
}
