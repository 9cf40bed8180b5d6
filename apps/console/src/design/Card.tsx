import { type ReactNode, useId } from 'react';

/** A titled section; the title names the region for screen readers. */
export function Card({
  title,
  icon,
  actions,
  children,
  flush = false,
  className,
}: {
  title?: ReactNode;
  icon?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  /** No body padding (tables run edge to edge). */
  flush?: boolean;
  className?: string;
}) {
  const id = useId();
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={title ? id : undefined}>
      {(title || actions) && (
        <header className="card-header">
          {title && (
            <h2 className="card-title" id={id}>
              {icon}
              {title}
            </h2>
          )}
          {actions && <div className="row">{actions}</div>}
        </header>
      )}
      <div className={`card-body${flush ? ' flush' : ''}`}>{children}</div>
    </section>
  );
}
