import { type ConsolePermission, type SessionView, type SignInRequest } from '@certlab/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
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
  sessionError: unknown;
  retry: () => void;
  signIn: (credentials: SignInRequest) => Promise<SessionView>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

async function readSession(): Promise<SessionView | null> {
  try {
    const session = await getSession();
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
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

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      queryClient.setQueryData(queryKeys.session, null);
    });
    return () => onUnauthorized(null);
  }, [queryClient]);

  const signIn = useCallback(
    async (credentials: SignInRequest) => {
      const session = await postSession(credentials);
      setCsrfToken(session.csrfToken);
      // Nothing cached for someone else may be shown to this user.
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, session);
      return session;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await deleteSession();
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, null);
    }
  }, [queryClient]);

  const value = useMemo<Auth>(
    () => ({
      session: query.data,
      sessionError: query.error,
      retry: () => void refetch(),
      signIn,
      signOut,
    }),
    [query.data, query.error, refetch, signIn, signOut],
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
