import { CircleAlert, CircleCheck, Info, TriangleAlert } from 'lucide-react';
import { type ReactNode } from 'react';
import { useFocusOnMount } from './focus';

export type BannerTone = 'info' | 'success' | 'warning' | 'danger';

const ICONS: Record<BannerTone, ReactNode> = {
  info: <Info size={18} aria-hidden="true" />,
  success: <CircleCheck size={18} aria-hidden="true" />,
  warning: <TriangleAlert size={18} aria-hidden="true" />,
  danger: <CircleAlert size={18} aria-hidden="true" />,
};

/**
 * A message in a box. Danger banners are alerts (announced at once); the others are polite
 * status messages unless `role` says otherwise.
 */
export function Banner({
  tone = 'info',
  title,
  children,
  actions,
  role,
  takeFocus = false,
}: {
  tone?: BannerTone;
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  role?: 'alert' | 'status' | 'region' | 'none';
  /** Takes keyboard focus when it appears: the result of an action whose control is gone. */
  takeFocus?: boolean;
}) {
  const effectiveRole = role ?? (tone === 'danger' ? 'alert' : 'status');
  const ref = useFocusOnMount<HTMLDivElement>(takeFocus);
  return (
    <div
      ref={ref}
      tabIndex={takeFocus ? -1 : undefined}
      className={`banner banner-${tone}`}
      role={effectiveRole === 'none' ? undefined : effectiveRole}
    >
      {ICONS[tone]}
      <div className="banner-body stack-sm" style={{ gap: 2 }}>
        {title && <div className="banner-title">{title}</div>}
        {children && <div>{children}</div>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}

/** The failure of a read, in words, with a way to try again. */
export function ErrorBanner({
  title = 'Could not load this',
  message,
  onRetry,
}: {
  title?: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <Banner
      tone="danger"
      title={title}
      actions={
        onRetry && (
          <button type="button" className="btn btn-sm" onClick={onRetry}>
            Try again
          </button>
        )
      }
    >
      {message}
    </Banner>
  );
}
