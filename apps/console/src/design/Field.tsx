import { CircleAlert } from 'lucide-react';
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

/** What a control needs to be named by its label and described by its hint and error. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** One message or several (each shown on its own line). */
  error?: string | readonly string[] | null;
  required?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

function errorsOf(error: FieldProps['error']): readonly string[] {
  if (!error) return [];
  return typeof error === 'string' ? [error] : error;
}

/** A label, a control, a hint and the control's errors, wired for assistive technology. */
export function Field({ label, hint, error, required = false, className, children }: FieldProps) {
  const id = useId();
  const errors = errorsOf(error);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <div className="field-label-row">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {/* Outside the label, so the control's name is the label alone. */}
        {required && (
          <span className="field-required" aria-hidden="true">
            *
          </span>
        )}
      </div>
      {children({
        id,
        'aria-describedby': describedBy,
        'aria-invalid': errors.length > 0 ? true : undefined,
        'aria-required': required ? true : undefined,
      })}
      {errors.length > 0 && (
        <div id={errorId} className="stack-sm" style={{ gap: 2 }}>
          {errors.map((message) => (
            <span key={message} className="field-error">
              <CircleAlert size={13} aria-hidden="true" />
              {message}
            </span>
          ))}
        </div>
      )}
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

type Common = Omit<FieldProps, 'children'>;

export function TextField({
  label,
  hint,
  error,
  required,
  className,
  mono = false,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement> & { mono?: boolean }) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={className}>
      {(control) => <input className={`input${mono ? ' mono' : ''}`} {...control} {...input} />}
    </Field>
  );
}

export function SelectField({
  label,
  hint,
  error,
  required,
  className,
  children,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={className}>
      {(control) => (
        <select className="select" {...control} {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  required,
  className,
  mono = false,
  ...textarea
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement> & { mono?: boolean }) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={className}>
      {(control) => (
        <textarea className={`textarea${mono ? ' mono' : ''}`} {...control} {...textarea} />
      )}
    </Field>
  );
}

/** A checkbox named by its label, with an optional description and error under it. */
export function Checkbox({
  label,
  description,
  error,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  label: ReactNode;
  description?: ReactNode;
  error?: string | readonly string[] | null;
}) {
  const id = useId();
  const errors = errorsOf(error);
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  return (
    <div className="stack-sm" style={{ gap: 2 }}>
      <div className="checkbox">
        <input
          id={id}
          type="checkbox"
          aria-describedby={[errorId, descriptionId].filter(Boolean).join(' ') || undefined}
          aria-invalid={errors.length > 0 ? true : undefined}
          {...input}
        />
        {/* The description sits outside the label: the checkbox is named by its label alone. */}
        <span className="checkbox-text">
          <label htmlFor={id}>{label}</label>
          {description && (
            <span id={descriptionId} className="field-hint">
              {description}
            </span>
          )}
        </span>
      </div>
      {errors.length > 0 && (
        <div id={errorId}>
          {errors.map((message) => (
            <span key={message} className="field-error">
              <CircleAlert size={13} aria-hidden="true" />
              {message}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
