/*
 * Console sign-in (docs/console.md, "Sign-in, sessions and CSRF"): a server session behind an
 * HttpOnly, SameSite=Strict cookie, and a CSRF token for every state-changing call made with it.
 */

export const SESSION_COOKIE = 'certlab_session';
/** Sent with every POST, PUT, PATCH and DELETE made with the session cookie. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** What a console user may do; the server checks every call against the same list. */
export const CONSOLE_PERMISSIONS = ['read', 'enroll', 'approve', 'admin'] as const;
export type ConsolePermission = (typeof CONSOLE_PERMISSIONS)[number];

export const CONSOLE_ROLES = ['admin', 'enroller', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** `GET /api/session`, and the answer of a sign-in. */
export interface SessionView {
  username: string;
  role: ConsoleRole;
  permissions: ConsolePermission[];
  /** How this request was authenticated: the console's cookie or Basic credentials. */
  via: 'session' | 'basic';
  /** Send as `X-CSRF-Token` with every state-changing call; null when signed in with Basic. */
  csrfToken: string | null;
  /** ISO-8601, real time (the lab clock never signs anyone out); null with Basic. */
  expiresAt: string | null;
}
