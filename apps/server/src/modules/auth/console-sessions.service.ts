import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { KeyVault } from '../../common/secrets/key-vault';
import { AppConfig } from '../../config/config';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { LiveEvents } from '../live-events/live-events.service';
import { AuthErrors } from './auth.errors';
import { AuthService } from './auth.service';
import { canonicalUsername } from './basic-credentials';
import { ConsoleSessionEntity } from './console-session.entity';
import { type Actor } from './permissions';

/** A signed-in console user, as the guard hands it to handlers. */
export interface ConsoleSession {
  /** The cookie's token: needed to sign out and to derive the CSRF token, never stored. */
  token: string;
  actor: Actor;
  expiresAt: Date;
}

/** Tokens are 32 random bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Console sign-ins (docs/console.md, "Sign-in, sessions and CSRF"): the same users, passwords and
 * roles as Basic, behind an HttpOnly cookie. Lifetimes are real time on purpose: moving the lab
 * clock 60 days must not sign anyone out.
 */
@Injectable()
export class ConsoleSessions {
  private readonly csrfKey: Buffer;
  private readonly lifetimeMs: number;

  constructor(
    @InjectRepository(ConsoleSessionEntity)
    private readonly sessions: Repository<ConsoleSessionEntity>,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: LiveEvents,
    config: AppConfig,
    vault: KeyVault,
  ) {
    this.csrfKey = vault.deriveKey('console-csrf');
    this.lifetimeMs = Math.round(config.sessionHours * 3_600_000);
  }

  /** Checks the password as Basic does; a wrong one writes nothing. */
  async signIn(rawUsername: string, password: string): Promise<ConsoleSession> {
    const actor = await this.auth.authenticate(canonicalUsername(rawUsername), password);
    if (!actor) throw AuthErrors.unauthenticated('Wrong username or password.');
    if (actor.role === 'agent') {
      throw AuthErrors.forbidden(
        `User ${actor.username} is an agent identity; agents use the agent protocol, not the console.`,
      );
    }
    const token = randomBytes(32).toString('base64url');
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + this.lifetimeMs);
    await this.unitOfWork.run(async (manager) => {
      await manager.getRepository(ConsoleSessionEntity).insert({
        id: digest(token),
        username: actor.username,
        createdAt,
        expiresAt,
        endedAt: null,
      });
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'session.created',
        subjectType: 'session',
        subjectId: shortId(token),
        details: { expiresAt: expiresAt.toISOString() },
      });
    });
    return { token, actor, expiresAt };
  }

  /** The session a cookie's token opens, with the user's role as it is now; none when ended. */
  async resolve(token: string): Promise<ConsoleSession | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const row = await this.sessions.findOneBy({ id: digest(token), endedAt: IsNull() });
    if (!row || row.expiresAt.getTime() <= Date.now()) return undefined;
    const actor = await this.auth.actorOf(row.username);
    if (!actor || actor.role === 'agent') return undefined;
    return { token, actor, expiresAt: row.expiresAt };
  }

  async signOut(session: ConsoleSession): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      const ended = await manager
        .getRepository(ConsoleSessionEntity)
        .update({ id: digest(session.token), endedAt: IsNull() }, { endedAt: new Date() });
      if (ended.affected !== 1) return;
      await this.audit.record(manager, {
        actor: session.actor.username,
        action: 'session.ended',
        subjectType: 'session',
        subjectId: shortId(session.token),
        details: {},
      });
    });
    // Its open live-event streams end too: a signed-out cookie hears nothing more.
    this.events.endSession(session.token);
  }

  /** Derived, not stored: HMAC of the session token under a key derived from the master key. */
  csrfTokenFor(token: string): string {
    return createHmac('sha256', this.csrfKey).update(token).digest('base64url');
  }

  csrfTokenMatches(token: string, given: string | undefined): boolean {
    if (given === undefined) return false;
    const expected = Buffer.from(this.csrfTokenFor(token));
    const offered = Buffer.from(given);
    return expected.length === offered.length && timingSafeEqual(expected, offered);
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How audit events name a session: a prefix of its stored digest, enough to tell sessions apart. */
function shortId(token: string): string {
  return digest(token).slice(0, 16);
}
