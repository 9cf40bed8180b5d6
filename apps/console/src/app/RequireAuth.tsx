import { Navigate, Outlet, useLocation } from 'react-router';
import { errorMessage } from '../api/client';
import { ErrorBanner } from '../design/Banner';
import { Spinner } from '../design/Spinner';
import { LiveUpdatesProvider } from '../live/LiveUpdates';
import { useAuth } from './auth';

/** The signed-in part of the app; anyone else goes to sign in and comes back here after. */
export function RequireAuth() {
  const { session, signedOut, sessionError, retry } = useAuth();
  const location = useLocation();
  if (session === undefined) {
    if (sessionError) {
      return (
        <div className="full-page-center">
          <ErrorBanner
            title="The console cannot reach the server"
            message={errorMessage(sessionError)}
            onRetry={retry}
          />
        </div>
      );
    }
    return (
      <div className="full-page-center">
        <Spinner size={24} label="Checking your session…" />
      </div>
    );
  }
  if (session === null) {
    const next = `${location.pathname}${location.search}${location.hash}`;
    const to = next === '/' || signedOut ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return (
    <LiveUpdatesProvider>
      <Outlet />
    </LiveUpdatesProvider>
  );
}
