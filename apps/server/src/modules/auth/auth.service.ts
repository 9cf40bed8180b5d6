import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { canonicalUsername } from './basic-credentials';
import { hashPassword, verifyPassword } from './password-hash';
import { type Actor } from './permissions';
import { type Role, UserEntity } from './user.entity';

/** Verified credentials are remembered this long, so a busy client does not pay scrypt per call. */
const CREDENTIAL_CACHE_MS = 60_000;
const CREDENTIAL_CACHE_SIZE = 1_000;

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** sha256(user, password) -> actor; only digests of verified credentials are kept. */
  private readonly verified = new Map<string, { actor: Actor; until: number }>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly clock: Clock,
  ) {}

  async authenticate(username: string, password: string): Promise<Actor | undefined> {
    const digest = createHash('sha256')
      .update(username)
      .update('\0')
      .update(password)
      .digest('base64');
    const now = Date.now(); // real time on purpose: the lab clock may be moved
    const cached = this.verified.get(digest);
    if (cached && cached.until > now) return cached.actor;

    const user = await this.users.findOneBy({ username });
    // Unknown users cost a hash too, so timing does not tell which names exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return undefined;
    const actor = { username: user.username, role: user.role };
    if (this.verified.size >= CREDENTIAL_CACHE_SIZE) this.verified.clear();
    this.verified.set(digest, { actor, until: now + CREDENTIAL_CACHE_MS });
    return actor;
  }

  /** The user's actor as it is now (role changes apply at once); undefined when the user is gone. */
  async actorOf(username: string): Promise<Actor | undefined> {
    const user = await this.users.findOneBy({ username });
    return user ? { username: user.username, role: user.role } : undefined;
  }

  /**
   * Makes sure a user exists. With a password, the stored hash follows it (the environment or
   * the lab file is the source of truth); without one, a new user gets a generated password,
   * returned so the caller can print it once.
   */
  async ensureUser(
    rawName: string,
    role: Role,
    password?: string,
  ): Promise<{ username: string; generatedPassword?: string }> {
    const username = canonicalUsername(rawName);
    const existing = await this.users.findOneBy({ username });
    if (existing) {
      const changes: Partial<UserEntity> = {};
      if (existing.role !== role) changes.role = role;
      if (password !== undefined && !(await verifyPassword(password, existing.passwordHash))) {
        changes.passwordHash = await hashPassword(password);
      }
      if (Object.keys(changes).length > 0) {
        await this.users.update({ id: existing.id }, changes);
        this.verified.clear();
        this.logger.log(`user ${username} updated (${Object.keys(changes).join(', ')})`);
      }
      return { username };
    }
    const generatedPassword =
      password === undefined ? randomBytes(18).toString('base64url') : undefined;
    await this.users.insert({
      username,
      role,
      passwordHash: await hashPassword(password ?? generatedPassword ?? ''),
      createdAt: this.clock.now(),
    });
    return { username, generatedPassword };
  }
}

/** A valid hash of a random password, verified against when the user does not exist. */
const DUMMY_HASH =
  'scrypt$32768$8$1$5efCWRrvevPEJQ2X1w5JcQ==$3c6tWWAhPryfx6bDkot7iyqMbKOoLIeAQwIT/5q5AH0=';
