import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parseCookie } from 'cookie';
import { CSRF_HEADER, SESSION_COOKIE } from '@certlab/contracts';
import { AuthErrors } from './auth.errors';
import { AuthService } from './auth.service';
import { parseBasicCredentials } from './basic-credentials';
import { type ConsoleSession, ConsoleSessions } from './console-sessions.service';
import { type Actor, type Permission, PERMISSION_KEY, PUBLIC_KEY, roleGrants } from './permissions';

/** Requests that change nothing; every other method made with the cookie needs the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthenticatedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
  consoleSession?: ConsoleSession;
}

/**
 * Global guard: every route needs a lab user whose role grants the permission the handler
 * declares (admin when it declares none: closed by default). The user comes from Basic
 * credentials (API clients, curl) or, without an Authorization header, from the console's session
 * cookie, which also needs the CSRF token on every state-changing call. A handler marked
 * `@Public()` is the exception (CRL and CA publication, the console's sign-in).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: ConsoleSessions,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.get<boolean | undefined>(PUBLIC_KEY, context.getHandler())) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.authenticate(request);
    const needed =
      this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'admin';
    if (!roleGrants(actor.role, needed)) {
      throw AuthErrors.forbidden(
        `User ${actor.username} (${actor.role}) does not have the ${needed} permission.`,
      );
    }
    request.actor = actor;
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Actor> {
    const authorization = header(request, 'authorization');
    if (authorization !== undefined) {
      const credentials = parseBasicCredentials(authorization);
      const actor =
        credentials && (await this.auth.authenticate(credentials.username, credentials.password));
      if (!actor) throw AuthErrors.unauthenticated('Access is denied due to invalid credentials.');
      return actor;
    }
    const token = sessionToken(request);
    const session = token === undefined ? undefined : await this.sessions.resolve(token);
    if (!session) {
      throw AuthErrors.unauthenticated(
        token === undefined
          ? 'Access is denied due to invalid credentials.'
          : 'Your console session has ended; sign in again.',
      );
    }
    if (
      !SAFE_METHODS.has(request.method.toUpperCase()) &&
      !this.sessions.csrfTokenMatches(session.token, header(request, CSRF_HEADER))
    ) {
      throw AuthErrors.csrfTokenMissing(
        `A request that changes something must carry the ${CSRF_HEADER} header of the console session.`,
      );
    }
    request.consoleSession = session;
    return session.actor;
  }
}

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The console's session token from the Cookie header, if it sends one. */
export function sessionToken(request: Pick<AuthenticatedRequest, 'headers'>): string | undefined {
  const cookies = header(request as AuthenticatedRequest, 'cookie');
  if (!cookies) return undefined;
  return parseCookie(cookies)[SESSION_COOKIE] || undefined;
}
