import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { stringifySetCookie } from 'cookie';
import {
  CONSOLE_PERMISSIONS,
  type ConsoleRole,
  SESSION_COOKIE,
  type SessionView,
  SignInRequestSchema,
} from '@certlab/contracts';
import { parseApiBody } from '../../common/api/api-params';
import { type AuthenticatedRequest } from './auth.guard';
import { type ConsoleSession, ConsoleSessions } from './console-sessions.service';
import { type Actor, CurrentActor, Public, Requires, roleGrants } from './permissions';

interface CookieResponse {
  setHeader(name: string, value: string): void;
}

interface SignInRequest {
  protocol?: string;
}

/**
 * Sign-in and sign-out of the console (docs/console.md). The answer to a sign-in sets the
 * HttpOnly, SameSite=Strict session cookie and hands out the CSRF token the console must send back.
 */
@ApiTags('Console session')
@Controller('api/session')
export class ConsoleSessionController {
  constructor(private readonly sessions: ConsoleSessions) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign in to the console: sets the session cookie' })
  async signIn(
    @Body() body: unknown,
    @Req() request: SignInRequest,
    @Res({ passthrough: true }) response: CookieResponse,
  ): Promise<SessionView> {
    const { username, password } = parseApiBody(SignInRequestSchema, body);
    const session = await this.sessions.signIn(username, password);
    const maxAge = Math.max(1, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
    response.setHeader(
      'Set-Cookie',
      stringifySetCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        maxAge,
        secure: request.protocol === 'https',
      }),
    );
    return this.view(session.actor, session);
  }

  @Get()
  @Requires('read')
  @ApiOperation({ summary: 'Who is signed in, with the CSRF token of the console session' })
  current(@CurrentActor() actor: Actor, @Req() request: AuthenticatedRequest): SessionView {
    return this.view(actor, request.consoleSession);
  }

  @Delete()
  @Requires('read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the console session and clears its cookie' })
  async signOut(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: CookieResponse,
  ): Promise<void> {
    if (request.consoleSession) await this.sessions.signOut(request.consoleSession);
    response.setHeader(
      'Set-Cookie',
      stringifySetCookie(SESSION_COOKIE, '', {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        maxAge: 0,
      }),
    );
  }

  private view(actor: Actor, session: ConsoleSession | undefined): SessionView {
    return {
      username: actor.username,
      // The guard lets no agent identity reach the console's routes.
      role: actor.role as ConsoleRole,
      permissions: CONSOLE_PERMISSIONS.filter((permission) => roleGrants(actor.role, permission)),
      via: session ? 'session' : 'basic',
      csrfToken: session ? this.sessions.csrfTokenFor(session.token) : null,
      expiresAt: session?.expiresAt.toISOString() ?? null,
    };
  }
}
