import { type ButtonHTMLAttributes, forwardRef, type ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';
import { Spinner } from './Spinner';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

function buttonClass(variant: ButtonVariant, size: 'md' | 'sm', extra?: string): string {
  return ['btn', variant !== 'secondary' && `btn-${variant}`, size === 'sm' && 'btn-sm', extra]
    .filter(Boolean)
    .join(' ');
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  icon?: ReactNode;
  /**
   * Shows a spinner and blocks clicks while an action runs. The button stays focusable
   * (`aria-disabled`, not `disabled`): a disabled button drops keyboard focus to the page.
   */
  busy?: boolean;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  {
    variant = 'secondary',
    size = 'md',
    icon,
    busy = false,
    className,
    children,
    disabled,
    type,
    onClick,
    'aria-disabled': ariaDisabled,
    ...rest
  },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type ?? 'button'}
      className={buttonClass(variant, size, className)}
      disabled={disabled}
      aria-disabled={busy || ariaDisabled || undefined}
      aria-busy={busy || undefined}
      // A busy submit button also cancels the form's submission (Enter in a field clicks it).
      onClick={busy ? (event) => event.preventDefault() : onClick}
      {...rest}
    >
      {busy ? <Spinner size={14} /> : icon}
      {children}
    </button>
  );
});

export interface IconButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Required: an icon alone has no name. */
  label: string;
  icon: ReactNode;
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
}

export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton(
  { label, icon, variant = 'ghost', size = 'md', className, type, ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type ?? 'button'}
      className={buttonClass(variant, size, `btn-icon ${className ?? ''}`)}
      aria-label={label}
      title={label}
      {...rest}
    >
      {icon}
    </button>
  );
});

/** A link that looks like a button (navigation, not an action). */
export function ButtonLink({
  variant = 'secondary',
  size = 'md',
  icon,
  className,
  children,
  ...rest
}: LinkProps & { variant?: ButtonVariant; size?: 'md' | 'sm'; icon?: ReactNode }) {
  return (
    <Link className={buttonClass(variant, size, className)} {...rest}>
      {icon}
      {children}
    </Link>
  );
}

/** A plain `<a>` styled as a button, for downloads the browser handles itself. */
export function DownloadLink({
  href,
  icon,
  children,
  size = 'md',
}: {
  href: string;
  icon?: ReactNode;
  children: ReactNode;
  size?: 'md' | 'sm';
}) {
  return (
    <a className={buttonClass('secondary', size)} href={href} download>
      {icon}
      {children}
    </a>
  );
}
