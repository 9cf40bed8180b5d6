import { type ConsolePermission, type SessionView, type SignInRequest } from '@certlab/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { ApiError, onUnauthorized, setCsrfToken } from '../api/client';
import { getSession, signIn as postSession, signOut as deleteSession } from '../api/endpoints';
import { queryKeys } from '../api/keys';

/*
 * Who is signed in. The session is a query (`GET /api/session`, 401 = nobody); signing in and
 * out set it. Any other call answering 401 means the session ended: the session becomes null and
 * the router sends the person to sign in, remembering where they were.
 */

interface Auth {
  /** undefined while the first check runs. */
  session: SessionView | null | undefined;
  /** The person signed out here (rather than the session ending): sign-in starts afresh. */
  signedOut: boolean;
  sessionError: unknown;
  retry: () => void;
  signIn: (credentials: SignInRequest) => Promise<SessionView>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/*
 * The session cookie is HttpOnly, so the page cannot see whether it has one. A hint in storage
 * says whether this browser signed in: without it the console goes straight to the sign-in page
 * instead of asking the server and getting a 401 (which the browser logs as an error).
 */
const SESSION_HINT_KEY = 'certlab.signed-in';

function setSessionHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SESSION_HINT_KEY, '1');
    else localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    // Storage refused (private window): the console asks the server every time instead.
  }
}

function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT_KEY) === '1';
  } catch {
    return true;
  }
}

async function readSession(): Promise<SessionView | null> {
  if (!hasSessionHint()) return null;
  try {
    const session = await getSession();
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      setSessionHint(false);
      return null;
    }
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.session,
    queryFn: readSession,
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const { refetch } = query;
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      setSessionHint(false);
      queryClient.setQueryData(queryKeys.session, null);
    });
    return () => onUnauthorized(null);
  }, [queryClient]);

  // Everything but the session itself: nothing cached for one user may show to the next.
  const forgetData = useCallback(() => {
    queryClient.removeQueries({
      predicate: (cached) => cached.queryKey[0] !== queryKeys.session[0],
    });
  }, [queryClient]);

  const signIn = useCallback(
    async (credentials: SignInRequest) => {
      const session = await postSession(credentials);
      setCsrfToken(session.csrfToken);
      setSessionHint(true);
      forgetData();
      setSignedOut(false);
      queryClient.setQueryData(queryKeys.session, session);
      return session;
    },
    [queryClient, forgetData],
  );

  const signOut = useCallback(async () => {
    try {
      await deleteSession();
    } finally {
      setCsrfToken(null);
      setSessionHint(false);
      setSignedOut(true);
      queryClient.setQueryData(queryKeys.session, null);
      forgetData();
    }
  }, [queryClient, forgetData]);

  const value = useMemo<Auth>(
    () => ({
      session: query.data,
      signedOut,
      sessionError: query.error,
      retry: () => void refetch(),
      signIn,
      signOut,
    }),
    [query.data, signedOut, query.error, refetch, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in session; only inside the signed-in part of the app. */
export function useSession(): SessionView {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}

/** Whether the signed-in user may do something (actions they may not are not shown). */
export function useCan(permission: ConsolePermission): boolean {
  const { session } = useAuth();
  return session?.permissions.includes(permission) ?? false;
}

/** Where sign-in sends a person back to: a path of this app only (never another site). */
export function safeReturnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}
