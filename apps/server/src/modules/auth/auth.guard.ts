import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthErrors } from './auth.errors';
import { AuthService } from './auth.service';
import { parseBasicCredentials } from './basic-credentials';
import { type Actor, type Permission, PERMISSION_KEY, PUBLIC_KEY, roleGrants } from './permissions';

/**
 * Global guard: every route needs Basic credentials of a lab user whose role grants the
 * permission the handler declares (admin when it declares none: closed by default). A handler
 * marked `@Public()` is the one exception (CRL and CA certificate publication).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.get<boolean | undefined>(PUBLIC_KEY, context.getHandler())) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const credentials = parseBasicCredentials(request.headers.authorization);
    const actor =
      credentials && (await this.auth.authenticate(credentials.username, credentials.password));
    if (!actor) throw AuthErrors.unauthenticated('Access is denied due to invalid credentials.');
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
}
