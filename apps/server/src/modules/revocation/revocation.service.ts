import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { readCertificate } from '@certlab/pki';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { LiveEvents } from '../live-events/live-events.service';
import { type Actor } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificateEntity } from '../certificates/certificate.entity';
import { CrlPublisher } from './crl-publisher';
import {
  CERTIFICATE_HOLD,
  isRevocationReason,
  REMOVE_FROM_CRL,
  REVOCATION_REASONS,
  type RevocationReason,
} from './revocation-reason';
import { RevocationErrors } from './revocation.errors';

export interface RevocationInput {
  certificateIds: number[];
  /** RFC 5280 code; 8 (removeFromCRL) releases certificates on hold. */
  reason: RevocationReason;
  comment?: string;
  /** When the revocation takes effect (the CRL entry's date); now when absent, never later. */
  effectiveDate?: Date;
}

export interface RevocationResult {
  /** Revoked by this call (or, with reason 8, released from hold). */
  revokedIds: number[];
  /** Revoked before and left as they were. */
  alreadyRevokedIds: number[];
}

/** More ids than this per statement would pass SQLite's bound-parameter limit on old builds. */
const CHUNK = 500;

/**
 * Revokes certificates with an RFC 5280 reason and keeps each CA's CRL current (see CrlPublisher).
 * All or nothing: an unknown id or a certificate certlab cannot publish a revocation for refuses
 * the whole call.
 */
@Injectable()
export class RevocationService {
  constructor(
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    private readonly authorities: AuthoritiesService,
    private readonly publisher: CrlPublisher,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly events: LiveEvents,
  ) {}

  /**
   * Marks the certificates revoked, one audit event each, and the affected CAs' CRLs as changed.
   * With `manager`, runs inside the caller's transaction (a campaign retiring what it replaced).
   */
  revoke(input: RevocationInput, actor: Actor, manager?: EntityManager): Promise<RevocationResult> {
    const ids = checkInput(input);
    const now = this.clock.now();
    const effective = input.effectiveDate ?? now;
    if (Number.isNaN(effective.getTime()) || effective > now) {
      throw RevocationErrors.invalidEffectiveDate(
        `EffectiveDate must not be later than the server's now (${now.toISOString()}).`,
      );
    }
    const work = async (m: EntityManager) => {
      const result = await this.revokeIn(m, ids, input, effective, actor);
      this.events.publishOnCommit(m, { type: 'certificates', ids: result.revokedIds });
      return result;
    };
    return manager ? work(manager) : this.unitOfWork.run(work);
  }

  /** The CA's current CRL, DER. */
  crlFor(authorityId: number): Promise<Uint8Array> {
    return this.publisher.crlFor(authorityId);
  }

  /** `GET /crl/<logical>.crl` */
  async crlByLogicalName(logicalName: string): Promise<Uint8Array> {
    const authority = await this.publishedAuthority(logicalName);
    return this.crlFor(authority.id);
  }

  /** `GET /ca/<logical>.crt`: the CA's certificate, DER. */
  async caCertificateByLogicalName(logicalName: string): Promise<Uint8Array> {
    const authority = await this.publishedAuthority(logicalName);
    return readCertificate(authority.certificatePem).der;
  }

  private async publishedAuthority(logicalName: string) {
    const authority = await this.authorities.findByLogicalName(logicalName);
    if (!authority)
      throw RevocationErrors.notPublished(`No certificate authority is named "${logicalName}".`);
    return authority;
  }

  private async revokeIn(
    manager: EntityManager,
    ids: number[],
    input: RevocationInput,
    effective: Date,
    actor: Actor,
  ): Promise<RevocationResult> {
    const rows: CertificateEntity[] = [];
    for (let start = 0; start < ids.length; start += CHUNK) {
      rows.push(
        ...(await manager.find(CertificateEntity, {
          select: { id: true, authorityId: true, revokedAt: true, revocationReason: true },
          where: { id: In(ids.slice(start, start + CHUNK)) },
        })),
      );
    }
    const found = new Map(rows.map((row) => [row.id, row]));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      throw RevocationErrors.unknownCertificates(
        `${plural(unknown, 'Certificate')} ${list(unknown)} ${unknown.length === 1 ? 'does' : 'do'} not exist; nothing was revoked.`,
      );
    }
    const foreign = rows.filter((row) => row.authorityId === null).map((row) => row.id);
    if (foreign.length > 0) {
      throw RevocationErrors.notIssuedByLabCa(
        `${plural(foreign, 'Certificate')} ${list(foreign)} ${foreign.length === 1 ? 'was' : 'were'} not issued by a lab CA, so no CRL of certlab's can list ${foreign.length === 1 ? 'it' : 'them'}; nothing was revoked.`,
      );
    }
    const onHold = (row: CertificateEntity) =>
      row.revokedAt !== null && row.revocationReason === REVOCATION_REASONS[CERTIFICATE_HOLD];

    let changed: CertificateEntity[];
    let alreadyRevoked: CertificateEntity[] = [];
    if (input.reason === REMOVE_FROM_CRL) {
      const notHeld = rows.filter((row) => !onHold(row)).map((row) => row.id);
      if (notHeld.length > 0) {
        throw RevocationErrors.notOnHold(
          `Only certificates on hold can be removed from the CRL; ${list(notHeld)} ${notHeld.length === 1 ? 'is' : 'are'} not on hold. Nothing was changed.`,
        );
      }
      changed = rows;
      await this.update(manager, changed, { revokedAt: null, revocationReason: null });
    } else {
      // A hold may become a permanent revocation; anything else revoked stays as it was.
      const revocable = (row: CertificateEntity) =>
        row.revokedAt === null || (onHold(row) && input.reason !== CERTIFICATE_HOLD);
      changed = rows.filter(revocable);
      alreadyRevoked = rows.filter((row) => !revocable(row));
      await this.update(manager, changed, {
        revokedAt: effective,
        revocationReason: REVOCATION_REASONS[input.reason],
      });
    }
    const released = input.reason === REMOVE_FROM_CRL;
    for (const row of changed) {
      await this.audit.record(manager, {
        actor: actor.username,
        action: released ? 'certificate.released-from-hold' : 'certificate.revoked',
        subjectType: 'certificate',
        subjectId: row.id,
        details: {
          reason: REVOCATION_REASONS[input.reason],
          reasonCode: input.reason,
          effectiveDate: effective.toISOString(),
          ...(input.comment ? { comment: input.comment } : {}),
        },
      });
    }
    await this.publisher.markChanged(
      manager,
      changed.map((row) => row.authorityId ?? 0),
    );
    return {
      revokedIds: changed.map((row) => row.id),
      alreadyRevokedIds: alreadyRevoked.map((row) => row.id),
    };
  }

  private async update(
    manager: EntityManager,
    rows: CertificateEntity[],
    changes: Pick<CertificateEntity, 'revokedAt' | 'revocationReason'>,
  ): Promise<void> {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK).map((row) => row.id);
      await manager.update(CertificateEntity, { id: In(chunk) }, changes);
    }
  }
}

/** Unique ids in the order given; the reason and ids checked before anything is read. */
function checkInput(input: RevocationInput): number[] {
  if (!isRevocationReason(input.reason)) {
    throw RevocationErrors.invalidReason(
      `Reason ${String(input.reason)} is not an RFC 5280 reason code (0-6, 8-10).`,
    );
  }
  if (!Array.isArray(input.certificateIds) || input.certificateIds.length === 0) {
    throw RevocationErrors.invalidRequest('Give at least one certificate id.');
  }
  const bad = input.certificateIds.filter((id) => !Number.isSafeInteger(id) || id <= 0);
  if (bad.length > 0) {
    throw RevocationErrors.invalidRequest(
      `Certificate ids are positive integers, not ${list(bad)}.`,
    );
  }
  return [...new Set(input.certificateIds)];
}

function plural(items: readonly unknown[], noun: string): string {
  return items.length === 1 ? noun : `${noun}s`;
}

/** At most 20 named, so a message about thousands of ids stays readable. */
function list(items: readonly unknown[]): string {
  const shown = items.slice(0, 20).map(String).join(', ');
  return items.length > 20 ? `${shown} and ${items.length - 20} more` : shown;
}
