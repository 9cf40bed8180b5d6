import { type MetadataFieldView } from '@certlab/contracts';
import { Checkbox, Field } from '../../design';
import { dateEditsAsText, metadataInputs, type MetadataInputSpec } from '../../lib/metadata-inputs';

/**
 * Metadata fields as typed inputs, one per DataType, each named by the field's name, with its
 * description as the hint and `mergeMetadata`'s messages as its errors. Hidden fields are not
 * drawn (the original's values stay).
 */
export function MetadataFields({
  fields,
  values,
  problems,
  onChange,
}: {
  fields: readonly MetadataFieldView[];
  values: Readonly<Record<string, string>>;
  problems: Readonly<Record<string, string[]>>;
  onChange: (field: string, value: string) => void;
}) {
  const inputs = metadataInputs(fields);
  if (inputs.length === 0) return <p className="subtle">The lab defines no metadata fields.</p>;
  return (
    <div className="form-grid">
      {inputs.map((spec) => (
        <MetadataInput
          key={spec.name}
          spec={spec}
          value={values[spec.name] ?? ''}
          problems={problems[spec.name] ?? []}
          onChange={(value) => onChange(spec.name, value)}
        />
      ))}
    </div>
  );
}

function MetadataInput({
  spec,
  value,
  problems,
  onChange,
}: {
  spec: MetadataInputSpec;
  value: string;
  problems: readonly string[];
  onChange: (value: string) => void;
}) {
  if (spec.kind === 'checkbox') {
    return (
      <Checkbox
        label={spec.name}
        description={spec.description || undefined}
        checked={value === 'true'}
        onChange={(event) => onChange(event.target.checked ? 'true' : 'false')}
        error={problems}
      />
    );
  }
  const hint = spec.required ? `${spec.description || spec.name} (required)` : spec.description;
  return (
    <Field label={spec.name} hint={hint || undefined} error={problems} required={spec.required}>
      {(control) => {
        const common = {
          ...control,
          value,
          placeholder: spec.hint ?? undefined,
          name: spec.name,
        };
        switch (spec.kind) {
          case 'select':
            return (
              <select
                className="select"
                {...common}
                onChange={(event) => onChange(event.target.value)}
              >
                <option value="">{spec.required ? 'Choose…' : '(none)'}</option>
                {spec.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
                {value !== '' && !spec.options.includes(value) && (
                  <option value={value}>{value} (not an option)</option>
                )}
              </select>
            );
          case 'textarea':
            return (
              <textarea
                className="textarea"
                {...common}
                rows={3}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'number':
            return (
              <input
                className="input"
                {...common}
                type="number"
                step={1}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'date':
            return (
              <input
                className="input"
                {...common}
                type={dateEditsAsText(value) ? 'text' : 'date'}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'checkbox': // drawn above, without a Field
            return null;
          case 'email':
          case 'text':
            return (
              <input
                className="input"
                {...common}
                type={spec.kind === 'email' ? 'email' : 'text'}
                onChange={(event) => onChange(event.target.value)}
              />
            );
        }
      }}
    </Field>
  );
}
