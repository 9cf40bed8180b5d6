import { type ReactNode, useEffect } from 'react';

/** The tab title names the page: "Certificates · certlab". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · certlab` : 'certlab';
  }, [title]);
}

/** Every page's heading block: the h1, a line saying what the page is for, actions. */
export function PageHeader({
  title,
  description,
  actions,
  breadcrumb,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div style={{ minWidth: 0 }}>
        {breadcrumb && <div className="breadcrumb">{breadcrumb}</div>}
        <h1>{title}</h1>
        {description && <p>{description}</p>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
