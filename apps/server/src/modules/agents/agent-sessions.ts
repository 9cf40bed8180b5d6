import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { KeyVault } from '../../common/secrets/key-vault';

export interface AgentSession {
  agentId: string;
  clientMachine: string;
  expiresAt: number;
}

/** Sessions last a day; an agent re-registers when told its session is no longer valid. */
const SESSION_MS = 24 * 60 * 60 * 1000;

/**
 * Session tokens are signed, not stored: `<payload>.<HMAC-SHA256>` under a key derived from the
 * master key. They survive a server restart and work across server instances that share the
 * data directory's master key, and the agent's status is still checked on every call.
 */
@Injectable()
export class AgentSessions {
  private readonly key: Buffer;

  constructor(vault: KeyVault) {
    this.key = vault.deriveKey('agent-sessions');
  }

  issue(agentId: string, clientMachine: string): string {
    // Real time on purpose: moving the lab clock must not expire or extend sessions.
    const payload = Buffer.from(
      JSON.stringify({ agentId, clientMachine, expiresAt: Date.now() + SESSION_MS }),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The session, or undefined when the token is forged, malformed or expired. */
  verify(token: string): AgentSession | undefined {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const session = JSON.parse(
        Buffer.from(payload, 'base64url').toString('utf8'),
      ) as AgentSession;
      return typeof session.agentId === 'string' && session.expiresAt > Date.now()
        ? session
        : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
