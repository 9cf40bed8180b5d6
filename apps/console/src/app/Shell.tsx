import { useQuery } from '@tanstack/react-query';
import {
  BellRing,
  ClipboardCheck,
  Clock,
  FileBadge,
  LayoutDashboard,
  LogOut,
  Menu,
  Moon,
  ScrollText,
  Server,
  ShieldCheck,
  Sun,
  Workflow,
  X,
} from 'lucide-react';
import { type KeyboardEvent, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { listRequests } from '../api/endpoints';
import { queryKeys } from '../api/keys';
import { Badge } from '../design/Badge';
import { IconButton } from '../design/Button';
import { SkeletonBlock } from '../design/Spinner';
import { useLiveStatus } from '../live/LiveUpdates';
import { useAuth, useSession } from './auth';
import { ClockBanner } from './ClockBanner';
import { useTheme } from './theme';
import './shell.css';

const NAV: readonly { to: string; label: string; icon: ReactNode; end?: boolean }[] = [
  { to: '/', label: 'Dashboard', icon: <LayoutDashboard size={18} />, end: true },
  { to: '/certificates', label: 'Certificates', icon: <FileBadge size={18} /> },
  { to: '/approvals', label: 'Approvals', icon: <ClipboardCheck size={18} /> },
  { to: '/machines', label: 'Machines & stores', icon: <Server size={18} /> },
  { to: '/campaigns', label: 'Campaigns', icon: <Workflow size={18} /> },
  { to: '/alerts', label: 'Alerts', icon: <BellRing size={18} /> },
  { to: '/clock', label: 'Lab clock', icon: <Clock size={18} /> },
  { to: '/audit', label: 'Audit', icon: <ScrollText size={18} /> },
];

function PendingCount() {
  const pending = useQuery({
    queryKey: [...queryKeys.requests, 'pending-count'],
    queryFn: () => listRequests('PENDING', 1, 1),
    select: (page) => page.total,
  });
  if (!pending.data) return null;
  return (
    <span className="nav-count">
      <Badge tone="warning">
        {pending.data}
        <span className="visually-hidden"> pending</span>
      </Badge>
    </span>
  );
}

function LiveIndicator() {
  const status = useLiveStatus();
  if (status === 'paused') {
    return (
      <span className="live-indicator paused" role="status">
        <span
          className="live-dot"
          style={{ background: 'var(--color-warning)' }}
          aria-hidden="true"
        />
        Live updates paused
      </span>
    );
  }
  return (
    <span className="live-indicator" role="status">
      <span
        className="live-dot"
        aria-hidden="true"
        style={status === 'live' ? undefined : { opacity: 0.4 }}
      />
      {status === 'live' ? 'Live' : 'Connecting…'}
    </span>
  );
}

export function Shell() {
  const session = useSession();
  const { signOut } = useAuth();
  const { theme, toggle } = useTheme();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  // A drawer left open over the new page would hide it.
  useEffect(() => setNavOpen(false), [location.pathname]);
  // Opened, the drawer takes keyboard focus (the page behind it is inert); a window widened past
  // the narrow layout shows the sidebar in place, so the drawer closes.
  useEffect(() => {
    if (!navOpen) return;
    closeButton.current?.focus();
    const wide = window.matchMedia('(min-width: 901px)');
    const close = () => {
      if (wide.matches) setNavOpen(false);
    };
    wide.addEventListener('change', close);
    return () => wide.removeEventListener('change', close);
  }, [navOpen]);

  /** Closed by the person (close button, Escape, the backdrop): focus returns to the menu button. */
  const closeNav = () => {
    setNavOpen(false);
    requestAnimationFrame(() => openButton.current?.focus());
  };
  const onSidebarKey = (event: KeyboardEvent) => {
    if (navOpen && event.key === 'Escape') closeNav();
  };

  const themeLabel = theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {navOpen && <div className="sidebar-backdrop" onClick={closeNav} aria-hidden="true" />}
      <aside className="sidebar" data-open={navOpen} aria-label="Sidebar" onKeyDown={onSidebarKey}>
        <div className="row-between">
          <NavLink to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              <ShieldCheck size={18} />
            </span>
            <span>
              certlab <small>console</small>
            </span>
          </NavLink>
          <IconButton
            ref={closeButton}
            className="sidebar-close"
            label="Close navigation"
            icon={<X size={18} />}
            onClick={closeNav}
          />
        </div>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="nav-link">
                  <span aria-hidden="true">{item.icon}</span>
                  {item.label}
                  {item.to === '/approvals' && <PendingCount />}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <LiveIndicator />
          <div className="user-line">
            <div style={{ minWidth: 0 }}>
              <div className="user-name">{session.username}</div>
              <div className="subtle">{session.role}</div>
            </div>
            <div className="row" style={{ flexWrap: 'nowrap' }}>
              <IconButton
                label={themeLabel}
                icon={theme === 'dark' ? <Sun size={18} /> : <Moon size={18} />}
                onClick={toggle}
              />
              <IconButton
                label="Sign out"
                icon={<LogOut size={18} />}
                onClick={() => void signOut()}
              />
            </div>
          </div>
        </div>
      </aside>
      <div className="main" inert={navOpen}>
        <header className="topbar">
          <IconButton
            ref={openButton}
            label="Open navigation"
            aria-expanded={navOpen}
            icon={<Menu size={20} />}
            onClick={() => setNavOpen(true)}
          />
          <NavLink to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              <ShieldCheck size={18} />
            </span>
            certlab
          </NavLink>
        </header>
        <ClockBanner />
        <main id="main" className="page" tabIndex={-1}>
          <Suspense fallback={<SkeletonBlock lines={8} label="Loading the page…" />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
